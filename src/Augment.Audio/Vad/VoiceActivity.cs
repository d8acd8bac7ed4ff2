using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// Voice activity detection: where in a recording someone speaks. <see cref="VadMethod.Silero"/> (the
/// default) runs the embedded Silero VAD network; <see cref="VadMethod.Energy"/> needs no model. Audio of
/// any rate and channel count is downmixed and resampled to 16 kHz first. For streams of any length
/// in constant memory use <see cref="DetectStreaming"/> or a <see cref="VoiceActivityDetector"/>.
/// </summary>
/// <example>
/// <code>
/// using var audio = AudioFile.Load("interview.wav");
/// foreach (var segment in VoiceActivity.Detect(audio))
///     Console.WriteLine($"{segment.Start} - {segment.End}");
///
/// using var source = AudioFile.Open("three-hours.wav");
/// foreach (var segment in VoiceActivity.DetectStreaming(source, VadOptions.Default with { Method = VadMethod.Energy }))
///     Console.WriteLine(segment);
/// </code>
/// </example>
public static class VoiceActivity
{
    private const int ReadFrames = 16384;
    private const string Stage = "voice activity";

    /// <summary>Finds the speech segments of a buffer.</summary>
    /// <param name="audio">The sound (not modified); any rate and channels. An empty buffer has no segments.</param>
    /// <param name="options">Method, thresholds and model; <see cref="VadOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the frames done after every block (stage "voice activity").</param>
    /// <param name="cancellationToken">Checked for every 32 ms frame.</param>
    /// <returns>Segments in time order.</returns>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="InvalidModelException">The model in the options cannot be loaded.</exception>
    /// <exception cref="ModelSignatureException">The model is not a Silero VAD model.</exception>
    public static IReadOnlyList<SpeechSegment> Detect(AudioBuffer audio, VadOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(audio, options, collectProbabilities: false, progress, cancellationToken).Segments;

    /// <summary>Finds the speech segments of a source, reading it to its end (constant memory; the source is not disposed).</summary>
    /// <param name="source">The sound; any rate and channels.</param>
    /// <param name="options">Method, thresholds and model; <see cref="VadOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the frames read after every block (fraction 0 when the length is unknown).</param>
    /// <param name="cancellationToken">Checked for every 32 ms frame.</param>
    /// <returns>Segments in time order.</returns>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite, or the source fails to decode.</exception>
    public static IReadOnlyList<SpeechSegment> Detect(IAudioSource source, VadOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(source, options, collectProbabilities: false, progress, cancellationToken).Segments;

    /// <summary>Finds the speech segments and the probability of every 32 ms frame of a buffer.</summary>
    /// <param name="audio">The sound (not modified); any rate and channels.</param>
    /// <param name="options">Method, thresholds and model; <see cref="VadOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the frames done after every block.</param>
    /// <param name="cancellationToken">Checked for every 32 ms frame.</param>
    public static VadResult Analyze(AudioBuffer audio, VadOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(audio, options, collectProbabilities: true, progress, cancellationToken);

    /// <summary>
    /// Finds the speech segments and the probability of every 32 ms frame of a source (the series costs
    /// 4 bytes per frame: 450 KB per hour).
    /// </summary>
    /// <param name="source">The sound; any rate and channels (not disposed).</param>
    /// <param name="options">Method, thresholds and model; <see cref="VadOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the frames read after every block.</param>
    /// <param name="cancellationToken">Checked for every 32 ms frame.</param>
    public static VadResult Analyze(IAudioSource source, VadOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(source, options, collectProbabilities: true, progress, cancellationToken);

    /// <summary>
    /// Yields speech segments while reading a source, each as soon as it is decided, in constant memory
    /// (for hours of audio, or a live stream). The source is read as the sequence is enumerated and is
    /// not disposed.
    /// </summary>
    /// <param name="source">The sound; any rate and channels.</param>
    /// <param name="options">Method, thresholds and model; <see cref="VadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked for every 32 ms frame.</param>
    public static IEnumerable<SpeechSegment> DetectStreaming(IAudioSource source, VadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Stream(source, options, cancellationToken);
    }

    private static IEnumerable<SpeechSegment> Stream(IAudioSource source, VadOptions? options, CancellationToken cancellationToken)
    {
        var format = source.Format;
        using var detector = new VoiceActivityDetector(format.SampleRate, format.Channels, options);
        var found = new List<SpeechSegment>();
        var block = ArrayPool<float>.Shared.Rent(ReadFrames * format.Channels);
        try
        {
            int read;
            while ((read = source.Read(block.AsSpan(0, ReadFrames * format.Channels), ReadFrames)) > 0)
            {
                detector.Process(block, ReadFrames, read, found, null, cancellationToken);
                foreach (var segment in found) yield return segment;
                found.Clear();
            }
            detector.Complete(found, null, cancellationToken);
            foreach (var segment in found) yield return segment;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }
    }

    private static VadResult Run(AudioBuffer audio, VadOptions? options, bool collectProbabilities, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= VadOptions.Default;
        using var detector = new VoiceActivityDetector(audio.SampleRate, audio.Channels, options);
        var segments = new List<SpeechSegment>();
        var probabilities = collectProbabilities ? new List<float>((int)Math.Min(int.MaxValue, (audio.Frames / audio.SampleRate * 32) + 2)) : null;
        var data = audio.Data;
        for (var offset = 0; offset < audio.Frames; offset += ReadFrames)
        {
            var count = Math.Min(ReadFrames, audio.Frames - offset);
            detector.Process(data[offset..], audio.Frames, count, segments, probabilities, cancellationToken);
            progress?.Report(AugmentProgress.Items(Stage, offset + count, audio.Frames));
        }
        detector.Complete(segments, probabilities, cancellationToken);
        return new VadResult(options.Method, segments, probabilities?.ToArray() ?? [], Duration(audio.Frames, audio.SampleRate));
    }

    private static VadResult Run(IAudioSource source, VadOptions? options, bool collectProbabilities, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= VadOptions.Default;
        var format = source.Format;
        using var detector = new VoiceActivityDetector(format.SampleRate, format.Channels, options);
        var segments = new List<SpeechSegment>();
        var probabilities = collectProbabilities ? new List<float>() : null;
        var total = source.LengthFrames ?? 0;
        var block = ArrayPool<float>.Shared.Rent(ReadFrames * format.Channels);
        long done = 0;
        try
        {
            int read;
            while ((read = source.Read(block.AsSpan(0, ReadFrames * format.Channels), ReadFrames)) > 0)
            {
                detector.Process(block, ReadFrames, read, segments, probabilities, cancellationToken);
                done += read;
                progress?.Report(AugmentProgress.Items(Stage, done, Math.Max(total, done)));
            }
            detector.Complete(segments, probabilities, cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }
        return new VadResult(options.Method, segments, probabilities?.ToArray() ?? [], Duration(done, format.SampleRate));
    }

    private static TimeSpan Duration(long frames, int sampleRate) => TimeSpan.FromTicks(frames * TimeSpan.TicksPerSecond / sampleRate);
}
