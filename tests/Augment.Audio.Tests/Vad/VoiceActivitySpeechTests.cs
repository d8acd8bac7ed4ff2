namespace Augment.Audio.Tests.Vad;

/// <summary>Speech placed at known times in silence and in noise is found where it is, and nowhere else.</summary>
public class VoiceActivitySpeechTests
{
    private const double Seconds = 10;
    private const double BoundaryTolerance = 0.15;

    private static (float[] Clean, List<(double Start, double End)> Truth) SpokenScene()
    {
        Espeak.SkipWhenAbsent();
        var first = Espeak.Speak("The quick brown fox jumps over the lazy dog", VadSignals.Rate);
        var second = Espeak.Speak("Please call Stella and ask her to bring these things", VadSignals.Rate);
        return VadSignals.Place(Seconds, (first.Channel(0).ToArray(), 1.0), (second.Channel(0).ToArray(), 5.5));
    }

    private static float[] Scene(float[] clean, List<(double Start, double End)> truth, string noise)
    {
        var power = VadSignals.SpeechPower(clean, truth);
        return noise switch
        {
            "silence" => clean,
            "white" => VadSignals.Mix(clean, VadSignals.White(clean.Length, 11), power, 10),
            "pink" => VadSignals.Mix(clean, VadSignals.Pink(clean.Length, 12), power, 10),
            _ => throw new ArgumentOutOfRangeException(nameof(noise)),
        };
    }

    /// <summary>
    /// Every segment lies inside an utterance (± the tolerance: none in noise-only stretches); every
    /// utterance is covered, its first segment starting and its last ending within the tolerances.
    /// </summary>
    internal static void AssertSegmentsMatch(IReadOnlyList<SpeechSegment> segments, List<(double Start, double End)> truth, double startTolerance, double endTolerance, string what)
    {
        var description = $"{what}: segments {string.Join(" ", segments.Select(s => $"[{s.Start.TotalSeconds:0.000}-{s.End.TotalSeconds:0.000}]"))}, truth {string.Join(" ", truth.Select(t => $"[{t.Start:0.000}-{t.End:0.000}]"))}";
        foreach (var segment in segments)
        {
            Assert.True(truth.Any(t => segment.Start.TotalSeconds >= t.Start - startTolerance && segment.End.TotalSeconds <= t.End + endTolerance),
                $"a segment lies outside every utterance. {description}");
        }
        foreach (var (start, end) in truth)
        {
            var inside = segments.Where(s => s.End.TotalSeconds > start && s.Start.TotalSeconds < end).ToList();
            Assert.True(inside.Count > 0, $"utterance {start:0.000}-{end:0.000} was missed. {description}");
            Assert.True(Math.Abs(inside[0].Start.TotalSeconds - start) <= startTolerance, $"start of {start:0.000} is off by more than {startTolerance} s. {description}");
            Assert.True(Math.Abs(inside[^1].End.TotalSeconds - end) <= endTolerance, $"end of {end:0.000} is off by more than {endTolerance} s. {description}");
        }
    }

    [Theory]
    [InlineData(VadMethod.Silero, "silence")]
    [InlineData(VadMethod.Silero, "white")]
    [InlineData(VadMethod.Energy, "silence")]
    [InlineData(VadMethod.Energy, "white")]
    [InlineData(VadMethod.Energy, "pink")]
    public void Spoken_sentences_are_found_within_150_ms_and_nothing_in_noise_only_stretches(VadMethod method, string noise)
    {
        var (clean, truth) = SpokenScene();
        using var audio = VadSignals.Mono(Scene(clean, truth, noise));

        var segments = VoiceActivity.Detect(audio, VadOptions.Default with { Method = method }, cancellationToken: TestContext.Current.CancellationToken);

        AssertSegmentsMatch(segments, truth, BoundaryTolerance, BoundaryTolerance, $"{method} in {noise}");
    }

    [Fact]
    public void Silero_in_pink_noise_at_10_dB_starts_within_150_ms_and_ends_within_350_ms()
    {
        // Measured: in pink noise at 10 dB SNR the v4 model's probability decays slowly after speech
        // (0.35–0.45 for ~250 ms), so segments end 0.2–0.3 s late; starts stay within 50 ms.
        var (clean, truth) = SpokenScene();
        using var audio = VadSignals.Mono(Scene(clean, truth, "pink"));

        var segments = VoiceActivity.Detect(audio, cancellationToken: TestContext.Current.CancellationToken);

        AssertSegmentsMatch(segments, truth, BoundaryTolerance, 0.35, "Silero in pink noise");
    }

    [Theory]
    [InlineData("silence")]
    [InlineData("white")]
    [InlineData("pink")]
    public void Energy_detector_finds_synthetic_speech_like_utterances_without_a_speech_synthesiser(string noise)
    {
        var (clean, truth) = VadSignals.Place(8, (VadSignals.SpeechLike(1.6, 1), 1.0), (VadSignals.SpeechLike(2.0, 2), 4.5));
        using var audio = VadSignals.Mono(Scene(clean, truth, noise));

        var segments = VoiceActivity.Detect(audio, VadOptions.Default with { Method = VadMethod.Energy }, cancellationToken: TestContext.Current.CancellationToken);

        AssertSegmentsMatch(segments, truth, BoundaryTolerance, BoundaryTolerance, $"energy on speech-like sound in {noise}");
    }

    [Theory]
    [InlineData(VadMethod.Silero)]
    [InlineData(VadMethod.Energy)]
    public void Noise_alone_has_no_speech(VadMethod method)
    {
        using var white = VadSignals.Mono(VadSignals.Mix(new float[VadSignals.Rate * 4], VadSignals.White(VadSignals.Rate * 4, 5), 0.01, 0));
        using var pink = VadSignals.Mono(VadSignals.Mix(new float[VadSignals.Rate * 4], VadSignals.Pink(VadSignals.Rate * 4, 6), 0.01, 0));
        var options = VadOptions.Default with { Method = method };

        Assert.Empty(VoiceActivity.Detect(white, options, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Empty(VoiceActivity.Detect(pink, options, cancellationToken: TestContext.Current.CancellationToken));
    }
}
