namespace Augment.Audio.Tests.Loudness;

/// <summary>The runnable example of docs/audio-loudness.md, kept compiling and true.</summary>
public sealed class LoudnessDocsExampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-loudness-docs-" + Guid.NewGuid().ToString("N"));

    public LoudnessDocsExampleTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public void Measure_a_file_then_normalise_it_to_minus_16_LUFS_with_a_minus_1_dBTP_ceiling()
    {
        using (var mix = LoudnessSignals.MusicLike(48_000, 6))
            mix.SaveWav(Path.Combine(_folder, "dialogue.wav"));

        LoudnessResult r;
        using (var source = AudioFile.Open(Path.Combine(_folder, "dialogue.wav")))
            r = LoudnessMeter.Measure(source, cancellationToken: TestContext.Current.CancellationToken);

        var n = LoudnessNormalizer.NormalizeFile(Path.Combine(_folder, "dialogue.wav"), Path.Combine(_folder, "dialogue-16.wav"),
            new LoudnessNormalizationOptions { TargetLufs = -16, TruePeakCeilingDbtp = -1 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(r.IntegratedLufs, n.Input.IntegratedLufs, 1e-9);
        Assert.Equal(-16.0, n.Output.IntegratedLufs, 0.5);
        Assert.True(n.Output.TruePeakDbtp <= -0.9);
        Assert.Equal(57, r.Series.Count);
    }
}
