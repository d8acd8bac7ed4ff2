namespace Augment.Audio;

/// <summary>What <see cref="LoudnessNormalizer"/> did: the loudness before and after, and the gain.</summary>
public sealed record LoudnessNormalizationResult
{
    /// <summary>The input's measurements (first pass).</summary>
    public required LoudnessResult Input { get; init; }

    /// <summary>The output's measurements, metered while it was written.</summary>
    public required LoudnessResult Output { get; init; }

    /// <summary>Linear gain applied to reach the target, dB.</summary>
    public required double GainDb { get; init; }

    /// <summary>Deepest gain reduction of the true-peak limiter, dB (0 when it never acted or was off).</summary>
    public required double LimiterReductionDb { get; init; }
}
