namespace Augment.Audio.Tests.Vad;

/// <summary>Bad and degenerate input: NaN, empty audio, corrupt models, bad settings.</summary>
public class VadInputTests
{
    [Theory]
    [InlineData(VadMethod.Silero, float.NaN)]
    [InlineData(VadMethod.Energy, float.PositiveInfinity)]
    public void A_non_finite_sample_is_an_InvalidMediaException_naming_the_sample(VadMethod method, float bad)
    {
        using var audio = AudioBuffer.Create(2, 20000, 16000);
        audio.Channel(1)[12345] = bad;

        var error = Assert.Throws<InvalidMediaException>(() => VoiceActivity.Detect(audio, VadOptions.Default with { Method = method }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("sample 12345 of channel 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VadMethod.Silero)]
    [InlineData(VadMethod.Energy)]
    public void Empty_audio_has_no_segments_and_no_frames(VadMethod method)
    {
        var options = VadOptions.Default with { Method = method };
        using var empty = AudioBuffer.Create(1, 0, 44100);

        var result = VoiceActivity.Analyze(empty, options, cancellationToken: TestContext.Current.CancellationToken);
        using var source = new AudioBufferSource(empty);
        var streamed = VoiceActivity.DetectStreaming(source, options, TestContext.Current.CancellationToken).ToList();

        Assert.Empty(result.Segments);
        Assert.Empty(result.Probabilities);
        Assert.Equal(TimeSpan.Zero, result.Duration);
        Assert.Equal(0, result.SpeechFraction);
        Assert.Empty(streamed);
    }

    [Fact]
    public void A_zero_length_block_does_nothing_and_a_short_block_is_rejected()
    {
        using var detector = new VoiceActivityDetector(16000, 2, VadOptions.Default with { Method = VadMethod.Energy });
        var segments = new List<SpeechSegment>();

        detector.Process([], 0, segments, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, detector.FramesConsumed);
        Assert.Throws<ArgumentException>(() => detector.Process(new float[100], 60, segments, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Corrupt_model_bytes_are_an_InvalidModelException()
    {
        var garbage = new byte[4096];
        new Random(4).NextBytes(garbage);
        var truncated = TinySileroModels.MeanSigmoidV4(1, 0)[..40];

        Assert.Throws<InvalidModelException>(() => SileroVadModel.Load(new MemoryStream(garbage)));
        Assert.Throws<InvalidModelException>(() => SileroVadModel.Load(new MemoryStream(truncated)));
        var path = Path.Combine(Path.GetTempPath(), $"augment-vad-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, garbage);
        try
        {
            using var audio = AudioBuffer.Create(1, 16000, 16000);
            Assert.Throws<InvalidModelException>(() => VoiceActivity.Detect(audio, VadOptions.Default with { ModelPath = path }, cancellationToken: TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<FileNotFoundException>(() => SileroVadModel.Load(Path.Combine(Path.GetTempPath(), "no-such-vad-model.onnx")));
    }

    [Fact]
    public void Settings_out_of_range_are_refused_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VadOptions.Default with { Threshold = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => VadOptions.Default with { Threshold = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => VadOptions.Default with { OffThreshold = 1.2f });
        Assert.Throws<ArgumentOutOfRangeException>(() => VadOptions.Default with { MinSilenceDuration = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => VadOptions.Default with { Method = (VadMethod)7 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityDetector(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityDetector(16000, 0));
        Assert.Equal(0.35f, VadOptions.Default.EffectiveOffThreshold, 1e-6f);
        Assert.Equal(0.01f, (VadOptions.Default with { Threshold = 0.1f }).EffectiveOffThreshold, 1e-6f);
        Assert.Equal(0.6f, (VadOptions.Default with { Threshold = 0.6f, OffThreshold = 0.9f }).EffectiveOffThreshold, 1e-6f);
    }
}
