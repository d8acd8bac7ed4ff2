namespace Augment.Audio;

/// <summary>
/// Settings of an exponential (logarithmic) sine sweep for impulse-response measurement (Farina 2000):
/// the instantaneous frequency rises from <see cref="StartHz"/> to <see cref="EndHz"/> exponentially over
/// <see cref="Duration"/>, with raised-cosine fades at both ends and optional silence after it (so that a
/// recording of the played file also captures the room's tail).
/// </summary>
public sealed record SweepOptions
{
    /// <summary>The usual measurement sweep: 20 Hz to 20 kHz in 10 s at 48 kHz, 50 ms fade-in, 10 ms fade-out, no silence.</summary>
    public static SweepOptions Default { get; } = new();

    /// <summary>First frequency, in hertz (greater than 0).</summary>
    public double StartHz { get; init; } = 20;

    /// <summary>Last frequency, in hertz (above <see cref="StartHz"/>, at most half the sample rate).</summary>
    public double EndHz { get; init; } = 20000;

    /// <summary>Length of the sweep itself (without the silence), 0.1 s to 120 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sample rate, in hertz (8000 to 384000).</summary>
    public int SampleRate { get; init; } = 48000;

    /// <summary>Raised-cosine fade at the start (keeps the loudspeaker from clicking); at most a quarter of <see cref="Duration"/>.</summary>
    public TimeSpan FadeIn { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Raised-cosine fade at the end; at most a quarter of <see cref="Duration"/>.</summary>
    public TimeSpan FadeOut { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Silence appended after the sweep (0 to 60 s) so that one played file records the whole decay.</summary>
    public TimeSpan SilenceTail { get; init; } = TimeSpan.Zero;

    /// <summary>Peak amplitude of the sweep, in dB full scale (at most 0).</summary>
    public double LevelDbfs { get; init; } = -6;

    /// <summary>Frames of the sweep itself (without the silence).</summary>
    public int SweepFrames => (int)Math.Round(Duration.TotalSeconds * SampleRate);

    /// <summary>Frames of the silence after the sweep.</summary>
    public int SilenceFrames => (int)Math.Round(SilenceTail.TotalSeconds * SampleRate);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRate, 8000, nameof(SampleRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SampleRate, 384000, nameof(SampleRate));
        if (!(StartHz > 0))
            throw new ArgumentOutOfRangeException(nameof(StartHz), StartHz, "The start frequency must be above 0 Hz.");
        if (!(EndHz > StartHz) || EndHz > SampleRate / 2.0)
            throw new ArgumentOutOfRangeException(nameof(EndHz), EndHz, $"The end frequency must lie above the start ({StartHz} Hz) and at most at half the sample rate ({SampleRate / 2.0} Hz).");
        if (Duration < TimeSpan.FromSeconds(0.1) || Duration > TimeSpan.FromSeconds(120))
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "The sweep must last 0.1 s to 120 s.");
        if (FadeIn < TimeSpan.Zero || FadeIn > Duration / 4)
            throw new ArgumentOutOfRangeException(nameof(FadeIn), FadeIn, "The fade-in must be 0 to a quarter of the duration.");
        if (FadeOut < TimeSpan.Zero || FadeOut > Duration / 4)
            throw new ArgumentOutOfRangeException(nameof(FadeOut), FadeOut, "The fade-out must be 0 to a quarter of the duration.");
        if (SilenceTail < TimeSpan.Zero || SilenceTail > TimeSpan.FromSeconds(60))
            throw new ArgumentOutOfRangeException(nameof(SilenceTail), SilenceTail, "The silence tail must be 0 to 60 s.");
        if (!(LevelDbfs <= 0) || double.IsNegativeInfinity(LevelDbfs))
            throw new ArgumentOutOfRangeException(nameof(LevelDbfs), LevelDbfs, "The level must be a finite value at most 0 dBFS.");
    }
}
