namespace Augment.Audio;

/// <summary>
/// The default <see cref="IVoiceF0Source"/>: the SDK's <see cref="PitchTracker"/> (pYIN unless the options say
/// otherwise) run on each chunk at 16 kHz with a 10 ms hop, so its frame <c>i</c>, centred on sample <c>160 i</c>,
/// is the converter's frame <c>i</c> (as RVC's own F0 extractors are). Unvoiced frames become 0 Hz. The search
/// range defaults to RVC's 50–1100 Hz.
/// </summary>
public sealed class PitchTrackerF0Source : IVoiceF0Source
{
    /// <summary>Uses a tracker with <paramref name="options"/> (the hop is forced to 10 ms).</summary>
    /// <param name="options">Tracker settings; pYIN over 50–1100 Hz when null.</param>
    public PitchTrackerF0Source(PitchTrackerOptions? options = null)
    {
        var chosen = (options ?? new PitchTrackerOptions { MinFrequencyHz = 50, MaxFrequencyHz = 1100 }) with { Hop = TimeSpan.FromMilliseconds(10) };
        Tracker = new PitchTracker(chosen);
    }

    /// <summary>The tracker.</summary>
    public PitchTracker Tracker { get; }

    /// <inheritdoc />
    public void Estimate(ReadOnlySpan<float> samples16k, long firstFrame, Span<float> f0Hz, CancellationToken cancellationToken)
    {
        var track = Tracker.Track(samples16k, VoiceConverter.EncoderSampleRate, cancellationToken);
        var hz = track.FrequenciesHz;
        for (var i = 0; i < f0Hz.Length; i++)
        {
            var value = i < hz.Count ? hz[i] : 0f;
            f0Hz[i] = float.IsNaN(value) ? 0f : value;
        }
    }
}
