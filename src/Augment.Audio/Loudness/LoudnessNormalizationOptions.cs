namespace Augment.Audio;

/// <summary>How <see cref="LoudnessNormalizer"/> brings audio to a loudness target.</summary>
public sealed record LoudnessNormalizationOptions
{
    /// <summary>EBU R128 broadcast target, -23 LUFS.</summary>
    public const double BroadcastLufs = -23.0;

    /// <summary>A common streaming/podcast target, -16 LUFS.</summary>
    public const double PodcastLufs = -16.0;

    /// <summary>A common music-streaming target, -14 LUFS.</summary>
    public const double MusicStreamingLufs = -14.0;

    /// <summary>Integrated loudness to reach, LUFS (default -23, EBU R128).</summary>
    public double TargetLufs { get; init; } = BroadcastLufs;

    /// <summary>
    /// When set, a true-peak limiter keeps the output's 4x-oversampled peak at or under this level, dBTP
    /// (e.g. -1). When null the gain is purely linear and peaks may exceed 0 dBFS (float WAV keeps them).
    /// </summary>
    public double? TruePeakCeilingDbtp { get; init; }

    /// <summary>Limiter look-ahead: how early the gain starts to fall before a peak (default 1.5 ms).</summary>
    public TimeSpan LookAhead { get; init; } = TimeSpan.FromMilliseconds(1.5);

    /// <summary>Limiter release time constant (default 50 ms).</summary>
    public TimeSpan Release { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Sample format and chunks of the written file (file-to-file only); float32 when null.</summary>
    public WavWriteOptions? WavOptions { get; init; }

    internal void Validate()
    {
        if (!double.IsFinite(TargetLufs) || TargetLufs > 0 || TargetLufs < -70)
            throw new ArgumentOutOfRangeException(nameof(TargetLufs), TargetLufs, "The target must be between -70 and 0 LUFS.");
        if (TruePeakCeilingDbtp is { } ceiling && (!double.IsFinite(ceiling) || ceiling > 0 || ceiling < -20))
            throw new ArgumentOutOfRangeException(nameof(TruePeakCeilingDbtp), ceiling, "The true-peak ceiling must be between -20 and 0 dBTP.");
        if (LookAhead <= TimeSpan.Zero || LookAhead > TimeSpan.FromMilliseconds(100))
            throw new ArgumentOutOfRangeException(nameof(LookAhead), LookAhead, "The look-ahead must be between 0 and 100 ms.");
        if (Release <= TimeSpan.Zero || Release > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(Release), Release, "The release must be between 0 and 10 s.");
    }
}
