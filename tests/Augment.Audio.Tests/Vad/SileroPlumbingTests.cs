namespace Augment.Audio.Tests.Vad;

/// <summary>The real embedded model: chunking, rate conversion, streaming, progress and cancellation.</summary>
public class SileroPlumbingTests
{
    private static float[] Noisy(int length, int seed)
    {
        var speechLike = VadSignals.SpeechLike(length / (double)VadSignals.Rate, seed);
        var noise = VadSignals.Pink(length, seed + 1);
        for (var i = 0; i < length; i++) speechLike[i] += 0.02f * noise[i];
        return speechLike;
    }

    [Theory]
    [InlineData(VadMethod.Silero)]
    [InlineData(VadMethod.Energy)]
    public void Blocks_of_odd_sizes_give_bit_identical_probabilities_and_segments_to_one_call(VadMethod method)
    {
        // 48 kHz stereo, so that the downmix and the resampler are chunked too.
        using var mono = VadSignals.Mono(Noisy(VadSignals.Rate * 3, 21));
        using var resampled = Resampler.Resample(mono, 48000, cancellationToken: TestContext.Current.CancellationToken);
        using var stereo = AudioBuffer.Create(2, resampled.Frames, 48000);
        resampled.Channel(0).CopyTo(stereo.Channel(0));
        for (var i = 0; i < stereo.Frames; i++) stereo.Channel(1)[i] = 0.5f * resampled.Channel(0)[i];
        var options = VadOptions.Default with { Method = method, MinSpeechDuration = TimeSpan.FromMilliseconds(60) };
        var whole = VoiceActivity.Analyze(stereo, options, cancellationToken: TestContext.Current.CancellationToken);

        using var detector = new VoiceActivityDetector(48000, 2, options);
        var probabilities = new List<float>();
        var segments = new List<SpeechSegment>();
        int[] sizes = [1, 17, 331, 4099, 7, 20011];
        var block = new float[2 * 20011];
        for (int position = 0, k = 0; position < stereo.Frames; k++)
        {
            var count = Math.Min(sizes[k % sizes.Length], stereo.Frames - position);
            stereo.Channel(0).Slice(position, count).CopyTo(block);
            stereo.Channel(1).Slice(position, count).CopyTo(block.AsSpan(count));
            detector.Process(block, count, segments, probabilities, TestContext.Current.CancellationToken);
            position += count;
        }
        detector.Complete(segments, probabilities, TestContext.Current.CancellationToken);

        Assert.True(whole.Probabilities.Count > 90);
        Assert.Equal(whole.Probabilities, probabilities);
        Assert.Equal(whole.Segments, segments);
    }

    [Fact]
    public void Recurrent_state_changes_the_result_so_carrying_it_is_observable()
    {
        // Guards the test above: if the state had no effect, chunk invariance would prove nothing about it.
        using var audio = VadSignals.Mono(Noisy(VadSignals.Rate, 5));
        var carried = VoiceActivity.Analyze(audio, cancellationToken: TestContext.Current.CancellationToken).Probabilities;
        var fresh = new List<float>();
        for (var w = 0; w + 512 <= audio.Frames; w += 512)
        {
            using var detector = new VoiceActivityDetector(VadSignals.Rate, 1);
            var one = new List<float>();
            detector.Process(audio.Channel(0).Slice(w, 512), 512, [], one, TestContext.Current.CancellationToken);
            fresh.Add(one[0]);
        }
        var largest = 0.0;
        for (var i = 0; i < fresh.Count; i++) largest = Math.Max(largest, Math.Abs(fresh[i] - carried[i]));
        Assert.True(largest > 0.05, $"state made at most {largest} difference");
    }

    [Theory]
    [InlineData(8000, 1)]
    [InlineData(44100, 2)]
    [InlineData(48000, 2)]
    public void Other_rates_and_stereo_give_the_same_segments_within_a_frame(int rate, int channels)
    {
        Espeak.SkipWhenAbsent();
        var (clean, truth) = VadSignals.Place(6, (Espeak.Speak("Voice activity at any sample rate", VadSignals.Rate).Channel(0).ToArray(), 1.0), (Espeak.Speak("and with two channels", VadSignals.Rate).Channel(0).ToArray(), 3.8));
        using var reference16k = VadSignals.Mono(clean);
        var expected = VoiceActivity.Detect(reference16k, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(truth.Count, expected.Count);

        using var converted = Resampler.Resample(reference16k, rate, cancellationToken: TestContext.Current.CancellationToken);
        using var input = AudioBuffer.Create(channels, converted.Frames, rate);
        for (var c = 0; c < channels; c++) converted.Channel(0).CopyTo(input.Channel(c));
        var actual = VoiceActivity.Detect(input, cancellationToken: TestContext.Current.CancellationToken);

        // 8 kHz input has nothing above 4 kHz, so the model hears a different signal: measured 2 frames apart there.
        var tolerance = VoiceActivityDetector.FrameDuration * (rate == 8000 ? 3 : 1);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.InRange((actual[i].Start - expected[i].Start).Duration(), TimeSpan.Zero, tolerance);
            Assert.InRange((actual[i].End - expected[i].End).Duration(), TimeSpan.Zero, tolerance);
        }
    }

    [Fact]
    public void Streaming_over_a_source_yields_the_same_segments_as_the_buffer_and_reports_progress()
    {
        using var audio = VadSignals.Mono(Noisy(VadSignals.Rate * 4, 8));
        var options = VadOptions.Default with { MinSpeechDuration = TimeSpan.FromMilliseconds(60) };
        var expected = VoiceActivity.Detect(audio, options, cancellationToken: TestContext.Current.CancellationToken);
        var reports = new List<AugmentProgress>();

        using var source = new AudioBufferSource(audio);
        var streamed = VoiceActivity.DetectStreaming(source, options, TestContext.Current.CancellationToken).ToList();
        using var again = new AudioBufferSource(audio);
        var analyzed = VoiceActivity.Analyze(again, options, new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal(expected, streamed);
        Assert.Equal(expected, analyzed.Segments);
        Assert.Equal(TimeSpan.FromSeconds(4), analyzed.Duration);
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(audio.Frames, reports[^1].ItemsDone);
    }

    [Fact]
    public void A_cancelled_token_stops_detection()
    {
        using var audio = VadSignals.Mono(Noisy(VadSignals.Rate, 9));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => VoiceActivity.Detect(audio, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => VoiceActivity.Detect(audio, VadOptions.Default with { Method = VadMethod.Energy }, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Streaming_ten_minutes_allocates_almost_nothing_per_window()
    {
        // Energy method: constant memory however long the stream (the Silero path adds ONNX Runtime's per-run bookkeeping).
        using var source = new GeneratedSource(VadSignals.Rate * 600);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = VoiceActivity.DetectStreaming(source, VadOptions.Default with { Method = VadMethod.Energy }, TestContext.Current.CancellationToken).Count();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(count > 100, $"{count} segments");
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for 10 minutes (the audio alone is 38 MB)");
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }

    /// <summary>Bursts of tone every 2 s in faint noise, generated block by block.</summary>
    private sealed class GeneratedSource(long frames) : IAudioSource
    {
        private readonly Random _random = new(1);
        private long _position;

        public AudioFormat Format { get; } = new(VadSignals.Rate, 1);

        public long? LengthFrames => frames;

        public int Read(Span<float> destination, int count)
        {
            var n = (int)Math.Min(count, frames - _position);
            for (var i = 0; i < n; i++, _position++)
            {
                var inBurst = _position % (2 * VadSignals.Rate) < VadSignals.Rate / 2;
                var tone = inBurst ? 0.3f * MathF.Sin(2 * MathF.PI * 440 * _position / VadSignals.Rate) * MathF.Sin(2 * MathF.PI * 150 * _position / VadSignals.Rate) : 0;
                destination[i] = tone + (0.001f * (float)(_random.NextDouble() - 0.5));
            }
            return n;
        }

        public void Dispose()
        {
        }
    }
}
