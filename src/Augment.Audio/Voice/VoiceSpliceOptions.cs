namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="VoiceSplicer"/>. The defaults match loudness, room tone and pitch and join
/// with 30 ms equal-power crossfades, the rest of the take moving to make room for the insert.
/// </summary>
public sealed record VoiceSpliceOptions
{
    /// <summary>The defaults.</summary>
    public static VoiceSpliceOptions Default { get; } = new();

    /// <summary>Where the insert goes when its length differs from the replaced range.</summary>
    public SpliceFit Fit { get; init; } = SpliceFit.ShiftRest;

    /// <summary>Length of each equal-power crossfade at the two joins (0..500 ms; 0 butts the pieces).</summary>
    public TimeSpan Crossfade { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Gain the insert to the take's BS.1770 gated loudness around the range (see <see cref="LoudnessContext"/>).</summary>
    public bool MatchLoudness { get; init; } = true;

    /// <summary>How much of the take on each side of the range its loudness is measured over (0.5..30 s).</summary>
    public TimeSpan LoudnessContext { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Lay the take's room tone (its noise floor, estimated from its quietest frames) under the insert,
    /// topping up the insert's own floor to the take's spectrum.
    /// </summary>
    public bool MatchRoomTone { get; init; } = true;

    /// <summary>
    /// Shift the insert's pitch (formants kept) so that its f0 at each end meets the take's f0 across the
    /// join: one shift, the mean of the two joins' differences in cents, measured with <see cref="PitchTracker"/>.
    /// </summary>
    public bool MatchPitch { get; init; } = true;

    /// <summary>How much voiced sound on each side of a join its f0 is taken from (median of voiced frames), 50 ms..2 s.</summary>
    public TimeSpan PitchContext { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Largest pitch correction either way, in semitones (0..12); a larger measured difference is clamped.</summary>
    public double MaxPitchShiftSemitones { get; init; } = 6;

    /// <summary>Pitch tracker settings for the joins (pYIN over 60..1000 Hz by default).</summary>
    public PitchTrackerOptions PitchTracker { get; init; } = PitchTrackerOptions.Default with { MaxFrequencyHz = 600 };

    /// <summary>Phase vocoder settings for stretching and pitch shifting the insert (formants preserved by default).</summary>
    public PhaseVocoderOptions Vocoder { get; init; } = PhaseVocoderOptions.Default with { PreserveFormants = true };

    /// <summary>Seed of the room-tone noise (the output is deterministic for a seed).</summary>
    public int Seed { get; init; } = 1;

    internal void Validate()
    {
        if (!Enum.IsDefined(Fit))
            throw new ArgumentOutOfRangeException(nameof(Fit), Fit, "Unknown splice fit.");
        if (!(Crossfade >= TimeSpan.Zero && Crossfade <= TimeSpan.FromMilliseconds(500)))
            throw new ArgumentOutOfRangeException(nameof(Crossfade), Crossfade, "The crossfade must lie between 0 and 500 ms.");
        if (!(LoudnessContext >= TimeSpan.FromSeconds(0.5) && LoudnessContext <= TimeSpan.FromSeconds(30)))
            throw new ArgumentOutOfRangeException(nameof(LoudnessContext), LoudnessContext, "The loudness context must lie between 0.5 and 30 s.");
        if (!(PitchContext >= TimeSpan.FromMilliseconds(50) && PitchContext <= TimeSpan.FromSeconds(2)))
            throw new ArgumentOutOfRangeException(nameof(PitchContext), PitchContext, "The pitch context must lie between 50 ms and 2 s.");
        if (!(MaxPitchShiftSemitones >= 0 && MaxPitchShiftSemitones <= 12))
            throw new ArgumentOutOfRangeException(nameof(MaxPitchShiftSemitones), MaxPitchShiftSemitones, "The largest pitch correction must lie between 0 and 12 semitones.");
        ArgumentNullException.ThrowIfNull(PitchTracker);
        ArgumentNullException.ThrowIfNull(Vocoder);
        Vocoder.Validate();
    }
}
