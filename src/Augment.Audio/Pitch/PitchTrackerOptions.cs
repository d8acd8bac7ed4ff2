namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="PitchTracker"/>. The defaults (pYIN, 60–1000 Hz, 10 ms hop, 25 ms integration
/// window) suit speech and singing.
/// </summary>
public sealed record PitchTrackerOptions
{
    /// <summary>The defaults.</summary>
    public static PitchTrackerOptions Default { get; } = new();

    /// <summary>Method.</summary>
    public PitchMethod Method { get; init; } = PitchMethod.PYin;

    /// <summary>Lowest fundamental searched, in hertz (20 or more, below <see cref="MaxFrequencyHz"/>).</summary>
    public double MinFrequencyHz { get; init; } = 60;

    /// <summary>Highest fundamental searched, in hertz (at most a quarter of the sample rate).</summary>
    public double MaxFrequencyHz { get; init; } = 1000;

    /// <summary>Distance between frame centres: frame <c>i</c> is centred on <c>i × Hop</c> (1 to 100 ms).</summary>
    public TimeSpan Hop { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Integration window W of the difference function. Null (default): 25 ms or one period of
    /// <see cref="MinFrequencyHz"/>, whichever is longer. Each frame reads W plus the longest period.
    /// </summary>
    public TimeSpan? Window { get; init; }

    /// <summary>
    /// YIN's absolute threshold on the cumulative mean normalised difference (0.01..1; the paper uses 0.1).
    /// Only <see cref="PitchMethod.Yin"/> reads it: pYIN integrates over a distribution of thresholds.
    /// </summary>
    public double Threshold { get; init; } = 0.1;

    /// <summary>Frames whose RMS level is below this (dBFS) are unvoiced whatever their periodicity; −200 turns the gate off.</summary>
    public double SilenceThresholdDb { get; init; } = -60;

    /// <summary>pYIN: probability of switching between voiced and unvoiced from one frame to the next (0..0.5).</summary>
    public double VoicingSwitchProbability { get; init; } = 0.01;

    /// <summary>pYIN: fastest pitch glide the HMM allows, in octaves per second (librosa's default, 35.92).</summary>
    public double MaxOctavesPerSecond { get; init; } = 35.92;

    /// <summary>Threads used over frames; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal int HopSamples(int sampleRate) => Math.Max(1, (int)Math.Round(Hop.TotalSeconds * sampleRate));

    internal int MinLag(int sampleRate) => Math.Max(2, (int)Math.Floor(sampleRate / MaxFrequencyHz));

    internal int MaxLag(int sampleRate) => (int)Math.Ceiling(sampleRate / MinFrequencyHz);

    internal int WindowSamples(int sampleRate)
    {
        var seconds = Window?.TotalSeconds ?? Math.Max(0.025, 1.0 / MinFrequencyHz);
        return Math.Max(8, (int)Math.Round(seconds * sampleRate));
    }

    /// <summary>Checks the settings against a sample rate.</summary>
    internal void ValidateFor(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        if (MaxFrequencyHz > sampleRate / 4.0)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"The highest frequency ({MaxFrequencyHz} Hz) must be at most a quarter of the sample rate ({sampleRate} Hz).");
    }

    internal void Validate()
    {
        if (!(MinFrequencyHz >= 20))
            throw new ArgumentOutOfRangeException(nameof(MinFrequencyHz), MinFrequencyHz, "The lowest frequency must be at least 20 Hz.");
        if (!(MaxFrequencyHz > MinFrequencyHz))
            throw new ArgumentOutOfRangeException(nameof(MaxFrequencyHz), MaxFrequencyHz, $"The highest frequency must exceed the lowest ({MinFrequencyHz} Hz).");
        if (Hop < TimeSpan.FromMilliseconds(1) || Hop > TimeSpan.FromMilliseconds(100))
            throw new ArgumentOutOfRangeException(nameof(Hop), Hop, "The hop must be between 1 and 100 ms.");
        if (Window is { } w && (w < TimeSpan.FromMilliseconds(2) || w > TimeSpan.FromMilliseconds(200)))
            throw new ArgumentOutOfRangeException(nameof(Window), w, "The window must be between 2 and 200 ms.");
        if (!(Threshold >= 0.01 && Threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be between 0.01 and 1.");
        if (!(VoicingSwitchProbability > 0 && VoicingSwitchProbability <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(VoicingSwitchProbability), VoicingSwitchProbability, "The switch probability must be in (0, 0.5].");
        if (!(MaxOctavesPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxOctavesPerSecond), MaxOctavesPerSecond, "The glide rate must be positive.");
        if (!(SilenceThresholdDb <= 0))
            throw new ArgumentOutOfRangeException(nameof(SilenceThresholdDb), SilenceThresholdDb, "The silence threshold must be at most 0 dBFS.");
    }
}
