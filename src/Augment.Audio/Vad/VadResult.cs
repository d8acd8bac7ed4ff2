namespace Augment.Audio;

/// <summary>
/// Everything <see cref="VoiceActivity.Analyze(IAudioSource, VadOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>
/// found: the speech segments and the speech probability of every analysis frame (for plots and for
/// re-segmenting with other thresholds).
/// </summary>
public sealed class VadResult
{
    internal VadResult(VadMethod method, IReadOnlyList<SpeechSegment> segments, float[] probabilities, TimeSpan duration)
    {
        Method = method;
        Segments = segments;
        Probabilities = probabilities;
        Duration = duration;
    }

    /// <summary>The method that produced the result.</summary>
    public VadMethod Method { get; }

    /// <summary>Speech segments in time order, not overlapping.</summary>
    public IReadOnlyList<SpeechSegment> Segments { get; }

    /// <summary>Speech probability (0..1) of frame <c>i</c>, which covers <c>[i, i + 1) × <see cref="FrameDuration"/></c>.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>Length of one analysis frame: 512 samples at 16 kHz (32 ms).</summary>
    public static TimeSpan FrameDuration => VoiceActivityDetector.FrameDuration;

    /// <summary>Length of the analysed audio.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Total length of the speech segments.</summary>
    public TimeSpan SpeechDuration
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var segment in Segments) total += segment.Duration;
            return total;
        }
    }

    /// <summary>Speech duration over audio duration (0..1; 0 for empty audio).</summary>
    public double SpeechFraction => Duration > TimeSpan.Zero ? Math.Clamp(SpeechDuration / Duration, 0, 1) : 0;
}
