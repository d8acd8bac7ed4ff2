namespace Augment.Audio.Tests.Separation;

public sealed class StemSetTests
{
    [Fact]
    public void Sum_adds_the_stems_sample_by_sample()
    {
        var a = AudioBuffer.Create(2, 4, 48000);
        var b = AudioBuffer.Create(2, 4, 48000);
        for (var i = 0; i < 8; i++) { a.Data[i] = i; b.Data[i] = 10 * i; }
        using var set = new StemSet(["low", "high"], [a, b]);
        using var sum = set.Sum();
        for (var i = 0; i < 8; i++) Assert.Equal(11f * i, sum.Data[i]);
        Assert.Same(b, set["HIGH"]);
    }

    [Fact]
    public void Misaligned_stems_and_unsafe_names_are_refused()
    {
        using var a = AudioBuffer.Create(1, 4, 48000);
        using var b = AudioBuffer.Create(1, 5, 48000);
        Assert.Throws<ArgumentException>(() => new StemSet(["a", "b"], [a, b]));
        Assert.Throws<ArgumentException>(() => new StemSet(["../x"], [a]));
        Assert.Throws<ArgumentException>(() => new StemSet(["a", "A"], [a, a]));
    }

    [Fact]
    public void SaveWav_writes_one_file_per_stem_that_reads_back()
    {
        var dir = Path.Combine(Path.GetTempPath(), "augment-stems-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = AudioBuffer.Create(1, 100, 44100);
            for (var i = 0; i < 100; i++) a.Data[i] = MathF.Sin(i * 0.1f) * 0.5f;
            using var set = new StemSet(["vocals"], [a]);
            var paths = set.SaveWav(dir, WavWriteOptions.Default);
            using var back = AudioFile.Load(paths[0], cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(a.Data.ToArray(), back.Data.ToArray());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
