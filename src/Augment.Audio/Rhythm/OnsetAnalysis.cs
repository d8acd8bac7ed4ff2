namespace Augment.Audio;

/// <summary>
/// What <see cref="OnsetDetector"/> found: the onset-strength envelope (spectral flux, one value per
/// frame; frame f describes the instant f / <see cref="FrameRateHz"/> seconds) and the onset times.
/// </summary>
public sealed class OnsetAnalysis
{
    internal OnsetAnalysis(float[] envelope, float[] lowBandEnvelope, double frameRateHz, double[] onsetSeconds, double durationSeconds)
    {
        Envelope = envelope;
        LowBandEnvelope = lowBandEnvelope;
        FrameRateHz = frameRateHz;
        OnsetSeconds = onsetSeconds;
        DurationSeconds = durationSeconds;
    }

    /// <summary>Onset strength per frame: the mean over bands of the half-wave rectified rise in log band magnitude.</summary>
    public IReadOnlyList<float> Envelope { get; }

    /// <summary>Envelope frames per second.</summary>
    public double FrameRateHz { get; }

    /// <summary>Onset times in seconds, ascending.</summary>
    public IReadOnlyList<double> OnsetSeconds { get; }

    /// <summary>Length of the analysed signal in seconds.</summary>
    public double DurationSeconds { get; }

    /// <summary>The same flux over the bands below 200 Hz (kick and bass accents), for downbeat phase.</summary>
    internal float[] LowBandEnvelope { get; }

    internal float[] EnvelopeArray => (float[])Envelope;
}
