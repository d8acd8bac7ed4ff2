namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="Psola"/>: how much longer and how much higher the voice should be. Formants stay
/// where they are (each grain keeps the vocal tract's response to one glottal pulse; only their spacing changes).
/// </summary>
public sealed record PsolaOptions
{
    /// <summary>The defaults (no change).</summary>
    public static PsolaOptions Default { get; } = new();

    /// <summary>Output duration over input duration (0.25..4); 2 plays twice as long at the same pitch.</summary>
    public double TimeStretch { get; init; } = 1;

    /// <summary>Pitch change in semitones (−24..24); 12 is an octave up.</summary>
    public double PitchShiftSemitones { get; init; }

    /// <summary>Pitch tracker settings used to place the pitch marks; <see cref="PitchTrackerOptions.Default"/> (pYIN) when null.</summary>
    public PitchTrackerOptions? Tracker { get; init; }

    /// <summary>Grain hop in unvoiced parts (1..50 ms; grains are twice as long, Hann-windowed).</summary>
    public TimeSpan UnvoicedHop { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Memory budget of the output buffer; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal void Validate()
    {
        if (!(TimeStretch >= 0.25 && TimeStretch <= 4))
            throw new ArgumentOutOfRangeException(nameof(TimeStretch), TimeStretch, "The time-stretch factor must be between 0.25 and 4.");
        if (!(PitchShiftSemitones >= -24 && PitchShiftSemitones <= 24))
            throw new ArgumentOutOfRangeException(nameof(PitchShiftSemitones), PitchShiftSemitones, "The pitch shift must be between -24 and 24 semitones.");
        if (UnvoicedHop < TimeSpan.FromMilliseconds(1) || UnvoicedHop > TimeSpan.FromMilliseconds(50))
            throw new ArgumentOutOfRangeException(nameof(UnvoicedHop), UnvoicedHop, "The unvoiced hop must be between 1 and 50 ms.");
    }
}
