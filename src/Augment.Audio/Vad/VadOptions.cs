namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="VoiceActivity"/> and <see cref="VoiceActivityDetector"/>. The defaults are
/// those of Silero's reference <c>get_speech_timestamps</c>: threshold 0.5, off threshold 0.35,
/// at least 250 ms of speech, 100 ms of silence to end a segment, 30 ms of pad on both sides.
/// </summary>
/// <example>
/// <code>
/// var segments = VoiceActivity.Detect(audio, VadOptions.Default with { Method = VadMethod.Energy, MinSilenceDuration = TimeSpan.FromMilliseconds(300) });
/// </code>
/// </example>
public sealed record VadOptions
{
    /// <summary>Silero, threshold 0.5, the embedded model.</summary>
    public static VadOptions Default { get; } = new();

    /// <summary>The detector; <see cref="VadMethod.Silero"/> by default.</summary>
    public VadMethod Method
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown VAD method.");
            field = value;
        }
    } = VadMethod.Silero;

    /// <summary>A frame whose speech probability reaches this (0..1, exclusive) starts speech.</summary>
    public float Threshold
    {
        get;
        init
        {
            if (!(value > 0 && value < 1))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The threshold must be between 0 and 1 (exclusive).");
            field = value;
        }
    } = 0.5f;

    /// <summary>
    /// Speech continues until the probability falls below this (hysteresis); null means
    /// <see cref="Threshold"/> − 0.15 (at least 0.01). Must not exceed <see cref="Threshold"/>.
    /// </summary>
    public float? OffThreshold
    {
        get;
        init
        {
            if (value is { } v && !(v > 0 && v < 1))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The off threshold must be between 0 and 1 (exclusive).");
            field = value;
        }
    }

    /// <summary>Speech must last longer than this (before padding) to count. Default 250 ms.</summary>
    public TimeSpan MinSpeechDuration
    {
        get;
        init => field = NonNegative(value);
    } = TimeSpan.FromMilliseconds(250);

    /// <summary>Silence must last this long to end a segment; shorter pauses are bridged. Default 100 ms.</summary>
    public TimeSpan MinSilenceDuration
    {
        get;
        init => field = NonNegative(value);
    } = TimeSpan.FromMilliseconds(100);

    /// <summary>Added before and after every segment (halved between segments closer than twice this). Default 30 ms.</summary>
    public TimeSpan SpeechPad
    {
        get;
        init => field = NonNegative(value);
    } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// <see cref="VadMethod.Energy"/> only: pauses shorter than this never end a segment (the detector's
    /// hangover; the segment still ends where the speech stopped). The larger of this and
    /// <see cref="MinSilenceDuration"/> applies. Default 200 ms.
    /// </summary>
    public TimeSpan EnergyHangover
    {
        get;
        init => field = NonNegative(value);
    } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// <see cref="VadMethod.Silero"/> only: the model to run, loaded by the caller and still owned by the
    /// caller (it may be shared by many detectors and threads). Null means <see cref="ModelPath"/>, or
    /// when that is null too, the embedded model.
    /// </summary>
    public SileroVadModel? Model { get; init; }

    /// <summary>
    /// <see cref="VadMethod.Silero"/> only: a Silero VAD <c>.onnx</c> file (v4 or v5 interface) to load
    /// for this run when <see cref="Model"/> is null.
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>The off threshold in use: <see cref="OffThreshold"/>, or threshold − 0.15 (at least 0.01), never above the threshold.</summary>
    public float EffectiveOffThreshold => Math.Min(Threshold, OffThreshold ?? Math.Max(0.01f, Threshold - 0.15f));

    private static TimeSpan NonNegative(TimeSpan value, [System.Runtime.CompilerServices.CallerMemberName] string? name = null)
    {
        if (value < TimeSpan.Zero || value > TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(name, value, "The duration must be between 0 and 1 hour.");
        return value;
    }
}
