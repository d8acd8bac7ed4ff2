using Augment.Vision.Tests.Noise;

namespace Augment.Vision.Tests.Denoise;

public class ImageDenoiserTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DenoiseMethod.NonLocalMeans)]
    [InlineData(DenoiseMethod.Bilateral)]
    [InlineData(DenoiseMethod.Guided)]
    public void Every_method_raises_PSNR_on_a_noisy_crop_with_the_estimated_sigma(DenoiseMethod method)
    {
        using var clean = NoisyImages.Crop("chelsea.png", 100, 60, 160, 128);
        using var noisy = NoisyImages.AddGaussian(clean, 20 / 255f, seed: 4, quantize8: true);
        using var result = noisy.Denoise(d => d.Method(method), cancellationToken: Token);
        var before = ImageQuality.Psnr(clean, noisy);
        var after = ImageQuality.Psnr(clean, result);
        Assert.True(after > before + 3, $"{method}: {before:0.00} dB -> {after:0.00} dB");
    }

    [Fact]
    public void The_fluent_builder_and_the_options_record_give_identical_results()
    {
        using var clean = NoisyImages.Crop("coffee.png", 0, 0, 96, 80);
        using var noisy = NoisyImages.AddGaussian(clean, 0.05f, seed: 1);
        using var fluent = noisy.Denoise(d => d.Strength(0.6f).Chroma(1.5f).PreserveTexture(0.3f).NoiseSigma(0.05f), cancellationToken: Token);
        using var plain = noisy.Denoise(new DenoiseOptions { Strength = 0.6f, Chroma = 1.5f, PreserveTexture = 0.3f, NoiseSigma = 0.05f }, cancellationToken: Token);
        Assert.Equal(plain.Data.ToArray(), fluent.Data.ToArray());
    }

    [Fact]
    public void Strength_zero_returns_the_input_unchanged()
    {
        using var clean = NoisyImages.Crop("coffee.png", 0, 0, 64, 48);
        using var noisy = NoisyImages.AddGaussian(clean, 0.05f, seed: 2);
        using var result = noisy.Denoise(d => d.Strength(0), cancellationToken: Token);
        Assert.Equal(noisy.Data.ToArray(), result.Data.ToArray());
    }

    [Fact]
    public void Higher_chroma_strength_removes_more_chroma_noise_and_leaves_luma_alone()
    {
        using var clean = NoisyImages.Crop("astronaut.png", 200, 200, 96, 96);
        using var noisy = NoisyImages.AddGaussian(clean, 0.08f, seed: 3);
        using var gentle = noisy.Denoise(d => d.Chroma(1).PreserveTexture(0).NoiseSigma(0.08f), cancellationToken: Token);
        using var strong = noisy.Denoise(d => d.Chroma(3).PreserveTexture(0).NoiseSigma(0.08f), cancellationToken: Token);
        var (lumaGentle, chromaGentle) = LumaChromaEnergy(noisy, gentle);
        var (lumaStrong, chromaStrong) = LumaChromaEnergy(noisy, strong);
        Assert.True(chromaStrong > chromaGentle * 1.05, $"chroma removed {chromaGentle:E3} -> {chromaStrong:E3}");
        Assert.Equal(lumaGentle, lumaStrong, 6);
    }

    [Fact]
    public void Texture_preservation_puts_back_part_of_the_removed_residual_and_only_where_there_is_texture()
    {
        using var clean = NoisyImages.Crop("coffee.png", 300, 150, 128, 96);
        using var noisy = NoisyImages.AddGaussian(clean, 0.06f, seed: 5);
        using var plain = noisy.Denoise(d => d.PreserveTexture(0).NoiseSigma(0.06f), cancellationToken: Token);
        using var textured = noisy.Denoise(d => d.PreserveTexture(0.8f).NoiseSigma(0.06f), cancellationToken: Token);
        var removedPlain = Distance(noisy, plain);
        var removedTextured = Distance(noisy, textured);
        Assert.True(removedTextured < removedPlain * 0.95, $"residual {removedPlain:E3} -> {removedTextured:E3}");
        Assert.True(removedTextured > removedPlain * 0.2, $"residual {removedPlain:E3} -> {removedTextured:E3}");

        // On a flat grey card the local variance is the leftover noise only: almost nothing comes back.
        using var flat = ImageFrame.Create(64, 64, 3);
        flat.Data.Fill(0.5f);
        using var flatNoisy = NoisyImages.AddGaussian(flat, 0.06f, seed: 6);
        using var flatPlain = flatNoisy.Denoise(d => d.PreserveTexture(0).NoiseSigma(0.06f), cancellationToken: Token);
        using var flatTextured = flatNoisy.Denoise(d => d.PreserveTexture(0.8f).NoiseSigma(0.06f), cancellationToken: Token);
        Assert.True(Distance(flatNoisy, flatTextured) > Distance(flatNoisy, flatPlain) * 0.85);
    }

    [Fact]
    public void Alpha_is_copied_unchanged_and_grey_images_work()
    {
        using var rgba = ImageFrame.Create(40, 30, 4, hasAlpha: true);
        var random = new Random(7);
        foreach (ref var v in rgba.Data)
            v = (float)random.NextDouble();
        using var result = rgba.Denoise(d => d.NoiseSigma(0.1f), cancellationToken: Token);
        Assert.Equal(rgba.Alpha.ToArray(), result.Alpha.ToArray());
        using var grey = ImageFrame.Create(40, 30, 1);
        rgba.Plane(0).CopyTo(grey.Plane(0));
        using var greyResult = grey.Denoise(d => d.NoiseSigma(0.1f), cancellationToken: Token);
        Assert.True(Distance(grey, greyResult) > 0);
    }

    [Fact]
    public void Progress_reaches_every_tile_and_cancellation_stops_the_work()
    {
        using var noisy = NoisyImages.AddGaussian(NoisyImages.Crop("astronaut.png", 0, 0, 300, 140), 0.05f, seed: 8);
        var reports = new List<AugmentProgress>();
        using (noisy.Denoise(d => d.NoiseSigma(0.05f), new SynchronousProgress(reports.Add), Token))
        {
        }
        Assert.All(reports, r => Assert.Equal(6, r.ItemsTotal)); // 2 x 3 tiles of 256 x 64
        Assert.Equal(6, reports.Max(r => r.ItemsDone));
        Assert.Equal(7, reports.Count); // the start and one per tile
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => noisy.Denoise(d => d.NoiseSigma(0.05f), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void NaN_samples_and_out_of_range_options_are_refused_with_the_numbers()
    {
        using var frame = ImageFrame.Create(16, 16, 3);
        frame.Row(2, 3)[4] = float.PositiveInfinity;
        var media = Assert.Throws<InvalidMediaException>(() => frame.Denoise(cancellationToken: Token));
        Assert.Contains("channel 2 at x=4, y=3", media.Message);
        using var fine = ImageFrame.Create(16, 16, 3);
        var strength = Assert.Throws<ArgumentException>(() => fine.Denoise(d => d.Strength(5), cancellationToken: Token));
        Assert.Contains("0..4", strength.Message);
        Assert.Contains("5", strength.Message);
        Assert.Throws<ArgumentException>(() => fine.Denoise(d => d.Window(0, 3), cancellationToken: Token));
    }

    [Fact]
    public void A_frame_too_large_for_its_budget_is_refused_before_any_work()
    {
        var budget = new ComputeBudget { MaxMemoryBytes = 16L << 20 };
        using var frame = ImageFrame.Create(1200, 1000, 3, budget: budget); // 14.4 MB: fits, its working copies do not
        var error = Assert.Throws<ResourceLimitException>(() => frame.Denoise(d => d.NoiseSigma(0.05f), cancellationToken: Token));
        Assert.Contains("1200x1000", error.Message);
    }

    private static (double Luma, double Chroma) LumaChromaEnergy(ImageFrame a, ImageFrame b)
    {
        double luma = 0, chroma = 0;
        for (var i = 0; i < a.PixelCount; i++)
        {
            double dr = a.Plane(0)[i] - b.Plane(0)[i], dg = a.Plane(1)[i] - b.Plane(1)[i], db = a.Plane(2)[i] - b.Plane(2)[i];
            var y = (dr + dg + db) / Math.Sqrt(3);
            var c1 = (dr - db) / Math.Sqrt(2);
            var c2 = (dr - 2 * dg + db) / Math.Sqrt(6);
            luma += y * y;
            chroma += c1 * c1 + c2 * c2;
        }
        return (luma / a.PixelCount, chroma / a.PixelCount);
    }

    private static double Distance(ImageFrame a, ImageFrame b)
    {
        double sum = 0;
        for (var i = 0; i < a.Data.Length; i++)
        {
            var d = a.Data[i] - b.Data[i];
            sum += d * d;
        }
        return sum / a.Data.Length;
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value)
        {
            lock (this)
                report(value);
        }
    }
}
