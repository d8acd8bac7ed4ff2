namespace Augment.Audio;

/// <summary>A spliced take and what was done to the insert to make it fit. Dispose it to return the buffer.</summary>
public sealed class VoiceSpliceResult : IDisposable
{
    internal VoiceSpliceResult(AudioBuffer audio) => Audio = audio;

    /// <summary>The spliced take.</summary>
    public AudioBuffer Audio { get; }

    /// <summary>Where the insert starts in <see cref="Audio"/> (the first join's crossfade starts here).</summary>
    public TimeSpan InsertStart { get; internal init; }

    /// <summary>Where the insert ends in <see cref="Audio"/> (the second join's crossfade ends here).</summary>
    public TimeSpan InsertEnd { get; internal init; }

    /// <summary>Time-stretch factor applied to the insert (1 unless <see cref="SpliceFit.StretchToRange"/>).</summary>
    public double StretchFactor { get; internal init; } = 1;

    /// <summary>Pitch shift applied to the insert, in semitones (0 when not matched or not measurable).</summary>
    public double PitchShiftSemitones { get; internal init; }

    /// <summary>The take's f0 just before the range, in hertz (NaN when unvoiced or not measured).</summary>
    public double TakeF0BeforeHz { get; internal init; } = double.NaN;

    /// <summary>The take's f0 just after the range, in hertz (NaN when unvoiced or not measured).</summary>
    public double TakeF0AfterHz { get; internal init; } = double.NaN;

    /// <summary>The insert's f0 at its start, before any shift, in hertz (NaN when unvoiced or not measured).</summary>
    public double InsertF0StartHz { get; internal init; } = double.NaN;

    /// <summary>The insert's f0 at its end, before any shift, in hertz (NaN when unvoiced or not measured).</summary>
    public double InsertF0EndHz { get; internal init; } = double.NaN;

    /// <summary>Gain applied to the insert in dB (0 when not matched or not measurable).</summary>
    public double GainDb { get; internal init; }

    /// <summary>The take's loudness around the range in LUFS (NaN when not measured or too quiet).</summary>
    public double SurroundingLoudnessLufs { get; internal init; } = double.NaN;

    /// <summary>The take's room-tone level (noise floor, all channels) in dBFS RMS (NaN when not matched).</summary>
    public double RoomToneDbfs { get; internal init; } = double.NaN;

    /// <inheritdoc/>
    public void Dispose() => Audio.Dispose();
}
