namespace Augment.Audio.Tests.Loudness;

public sealed class LoudnessNormalizerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-normalize-" + Guid.NewGuid().ToString("N"));

    public LoudnessNormalizerTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    [Theory]
    [InlineData(-23.0)]
    [InlineData(-16.0)]
    [InlineData(-14.0)]
    public void Linear_gain_brings_integrated_loudness_to_the_target_and_scales_every_sample_alike(double target)
    {
        using var speech = LoudnessSignals.SpeechLike(48000, 12);

        var (output, result) = LoudnessNormalizer.Normalize(speech, new LoudnessNormalizationOptions { TargetLufs = target });
        using (output)
        {
            Assert.Equal(target, LoudnessMeter.Measure(output).IntegratedLufs, 0.01);
            Assert.Equal(target, result.Output.IntegratedLufs, 0.01);
            Assert.Equal(target - result.Input.IntegratedLufs, result.GainDb, 1e-9);
            var gain = (float)Math.Pow(10, result.GainDb / 20);
            for (var i = 0; i < speech.Frames; i += 997)
                Assert.Equal(speech.Channel(0)[i] * gain, output.Channel(0)[i], 1e-6f);
            Assert.Equal(0.0, result.LimiterReductionDb);
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-2.0)]
    public void True_peak_limiter_keeps_the_remeasured_true_peak_under_the_ceiling(double ceiling)
    {
        using var music = LoudnessSignals.MusicLike(48000, 12);
        // -14 LUFS pushes this programme's true peak about 3 dB over full scale: the limiter has real work to do.
        var options = new LoudnessNormalizationOptions { TargetLufs = -14, TruePeakCeilingDbtp = ceiling };

        var (output, result) = LoudnessNormalizer.Normalize(music, options);
        using (output)
        {
            var remeasured = LoudnessMeter.Measure(output);
            Assert.True(remeasured.TruePeakDbtp <= ceiling + 0.1, $"true peak {remeasured.TruePeakDbtp:F3} dBTP over the {ceiling} ceiling");
            Assert.True(result.LimiterReductionDb > 2, $"limiter reduction {result.LimiterReductionDb:F2} dB");
            // Limiting 4-5 dB of peaks costs some loudness, but well under 1.5 LU on this programme.
            Assert.InRange(remeasured.IntegratedLufs, -15.5, -14.0);
            Assert.Equal(music.Frames, output.Frames);
            TestContext.Current.SendDiagnosticMessage($"ceiling {ceiling}: TP {remeasured.TruePeakDbtp:F3}, I {remeasured.IntegratedLufs:F2}, reduction {result.LimiterReductionDb:F2} dB");
        }
    }

    [Fact]
    public void Limiter_output_is_the_input_delayed_and_untouched_where_no_peak_is_near()
    {
        // A quiet tone with one loud burst in the middle: away from the burst the output equals the gained input.
        const int rate = 48000;
        using var buffer = LoudnessSignals.SineSegments(1, rate, (-30, 2), (-3, 0.05), (-30, 2));
        var options = new LoudnessNormalizationOptions { TargetLufs = -20, TruePeakCeilingDbtp = -1 };

        var (output, result) = LoudnessNormalizer.Normalize(buffer, options);
        using (output)
        {
            var gain = (float)Math.Pow(10, result.GainDb / 20);
            for (var i = 0; i < rate; i += 101)
                Assert.Equal(buffer.Channel(0)[i] * gain, output.Channel(0)[i], 1e-6f);
            Assert.True(LoudnessMeter.Measure(output).TruePeakDbtp <= -0.9);
        }
    }

    [Fact]
    public void File_to_file_normalisation_streams_and_the_output_remeasures_at_the_target()
    {
        using var music = LoudnessSignals.MusicLike(44100, 10);
        var input = Path.Combine(_folder, "in.wav");
        var output = Path.Combine(_folder, "out.wav");
        music.SaveWav(input);

        var result = LoudnessNormalizer.NormalizeFile(input, output, new LoudnessNormalizationOptions { TargetLufs = -16, TruePeakCeilingDbtp = -1 },
            cancellationToken: TestContext.Current.CancellationToken);

        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        var remeasured = LoudnessMeter.Measure(written);
        Assert.Equal(music.Frames, written.Frames);
        Assert.Equal(result.Output.IntegratedLufs, remeasured.IntegratedLufs, 1e-4);
        Assert.Equal(-16.0, remeasured.IntegratedLufs, 0.3);
        Assert.True(remeasured.TruePeakDbtp <= -0.9, $"{remeasured.TruePeakDbtp}");
        Assert.Single(Directory.GetFiles(_folder, "out*"));
    }

    [Fact]
    public void Silence_cannot_be_normalised_and_leaves_no_output_file()
    {
        using var silence = AudioBuffer.Create(2, 48000, 48000);
        var input = Path.Combine(_folder, "silence.wav");
        silence.SaveWav(input);
        var output = Path.Combine(_folder, "never.wav");

        var error = Assert.Throws<InvalidMediaException>(() => LoudnessNormalizer.NormalizeFile(input, output, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("-70 LUFS", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder, "never*"));
    }

    [Fact]
    public void A_ceiling_above_0_dBTP_is_rejected()
    {
        using var tone = LoudnessSignals.SineSegments(1, 48000, (-20, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoudnessNormalizer.Normalize(tone, new LoudnessNormalizationOptions { TruePeakCeilingDbtp = 1 }));
    }
}
