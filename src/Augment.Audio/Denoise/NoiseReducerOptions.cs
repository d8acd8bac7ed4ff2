namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="NoiseReducer"/>. The defaults (20 dB reduction, OM-LSA gain, noise tracked by
/// minimum statistics over 1.5 s, ~21–32 ms frames) suit speech over steady noise.
/// </summary>
public sealed record NoiseReducerOptions
{
    /// <summary>The defaults.</summary>
    public static NoiseReducerOptions Default { get; } = new();

    /// <summary>Most attenuation applied to any bin, in dB (the gain floor is 10^(−ReductionDb/20)); 0..60.</summary>
    public double ReductionDb { get; init; } = 20;

    /// <summary>Gain rule per bin.</summary>
    public NoiseReductionGain Gain { get; init; } = NoiseReductionGain.OmLsa;

    /// <summary>Weight of the previous frame's clean estimate in the decision-directed a priori SNR (0..1; Ephraim–Malah used 0.98; 0.95 with the OM-LSA gain keeps most of the SI-SDR of 0.9 with steadier residual noise).</summary>
    public double DecisionDirectedAlpha { get; init; } = 0.95;

    /// <summary>
    /// Musical-noise smoothing, 0..1: blends each bin's a priori SNR with its neighbours' ([¼ ½ ¼] across
    /// frequency) before the gain, so isolated one-bin gain spikes in the noise are flattened. 0 turns it off.
    /// </summary>
    public double FrequencySmoothing { get; init; } = 0.5;

    /// <summary>How the noise spectrum is followed when no noise region is set.</summary>
    public NoiseTracking NoiseTracking { get; init; } = NoiseTracking.MinimumStatistics;

    /// <summary>A priori speech absence probability q of the <see cref="NoiseReductionGain.OmLsa"/> rule (tuning).</summary>
    internal double SpeechAbsencePrior { get; init; } = 0.5;

    /// <summary>Length of the minimum-statistics search window (noise tracked adaptively), 0.3..10 s.</summary>
    public TimeSpan MinimumStatisticsWindow { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Start of a stretch of noise alone. When set, the noise spectrum is the mean periodogram of that stretch
    /// (with <see cref="NoiseRegionDuration"/>) and stays fixed; when null, it is tracked by minimum statistics.
    /// </summary>
    public TimeSpan? NoiseRegionStart { get; init; }

    /// <summary>Length of the noise-only stretch that starts at <see cref="NoiseRegionStart"/> (at least one frame).</summary>
    public TimeSpan NoiseRegionDuration { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>FFT frame length in samples; 0 (default) picks the largest power of two not above 32 ms (1024 at 44.1/48 kHz, 512 at 16 kHz). Hop is a quarter frame.</summary>
    public int FftLength { get; init; }

    /// <summary>Memory budget of buffers made by <see cref="NoiseReducer.Process"/>; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal int FftLengthFor(int sampleRate)
    {
        if (FftLength > 0) return FftLength;
        var n = 16;
        while (n * 2 <= sampleRate * 0.032) n *= 2;
        return n;
    }

    internal void Validate()
    {
        if (!double.IsFinite(ReductionDb) || ReductionDb < 0 || ReductionDb > 60)
            throw new ArgumentOutOfRangeException(nameof(ReductionDb), ReductionDb, "ReductionDb must be between 0 and 60 dB.");
        if (!Enum.IsDefined(NoiseTracking))
            throw new ArgumentOutOfRangeException(nameof(NoiseTracking), NoiseTracking, "Unknown noise tracking.");
        if (!Enum.IsDefined(Gain))
            throw new ArgumentOutOfRangeException(nameof(Gain), Gain, "Unknown gain rule.");
        if (!(DecisionDirectedAlpha >= 0 && DecisionDirectedAlpha < 1))
            throw new ArgumentOutOfRangeException(nameof(DecisionDirectedAlpha), DecisionDirectedAlpha, "DecisionDirectedAlpha must be in [0, 1).");
        if (!(FrequencySmoothing >= 0 && FrequencySmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(FrequencySmoothing), FrequencySmoothing, "FrequencySmoothing must be in [0, 1].");
        if (MinimumStatisticsWindow < TimeSpan.FromSeconds(0.3) || MinimumStatisticsWindow > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(MinimumStatisticsWindow), MinimumStatisticsWindow, "MinimumStatisticsWindow must be between 0.3 and 10 s.");
        if (NoiseRegionStart is { } start && start < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(NoiseRegionStart), start, "NoiseRegionStart must not be negative.");
        if (NoiseRegionDuration <= TimeSpan.Zero || NoiseRegionDuration > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(NoiseRegionDuration), NoiseRegionDuration, "NoiseRegionDuration must be between 0 and 10 minutes.");
        if (FftLength != 0 && (FftLength < 64 || FftLength > 16384 || FftLength % 4 != 0))
            throw new ArgumentOutOfRangeException(nameof(FftLength), FftLength, "FftLength must be 0 (automatic) or a multiple of 4 between 64 and 16384.");
    }
}
