namespace Augment.Vision.Tests.Inspection;

public class NoiseConsistencyCheckTests
{
    /// <summary>Flat grey with Gaussian noise of σ 0.03 on the left half and 0.01 on the right (not quantised).</summary>
    private static ImageFrame TwoNoiseLevels()
    {
        var frame = ImageFrame.Create(256, 128, 1);
        var random = new Random(3);
        for (var y = 0; y < 128; y++)
        {
            var row = frame.Row(0, y);
            for (var x = 0; x < 256; x++)
                row[x] = 0.5f + (float)((x < 128 ? 0.03 : 0.01) * ArtifactImages.Gaussian(random));
        }
        return frame;
    }

    [Fact]
    public void Block_noise_map_follows_the_injected_sigma_within_the_edge_gate_bias()
    {
        using var frame = TwoNoiseLevels();
        var (blocks, columns) = NoiseConsistencyCheck.Measure(frame.Plane(0).ToArray(), 256, 128, 32, ComputeBudget.Default, TestContext.Current.CancellationToken);
        Assert.Equal(8, columns);
        foreach (var block in blocks)
        {
            var injected = block.Bounds.X < 128 ? 0.03 : 0.01;
            // Within 15 %: the Sobel gate leaves out the strongest quarter of gradients (chosen over the whole
            // image, so the noisier half loses more pixels), a bias that ratios between blocks mostly cancel.
            Assert.InRange(block.Sigma / injected, 0.85, 1.15);
        }
        double left = 0, right = 0;
        foreach (var block in blocks)
        {
            if (block.Bounds.X < 128)
                left += block.Sigma;
            else
                right += block.Sigma;
        }
        Assert.Equal(3.0, left / right, 0.3);
    }

    [Fact]
    public void A_smoothed_square_in_a_noisy_photo_is_reported_where_it_is()
    {
        using var source = Peers.StandardImages.Load("coffee.png");
        using var crop = ArtifactImages.CentreCrop(source, 256);
        using var noisy = ArtifactImages.AddNoise(crop.Clone(), 0.02, 9);
        var square = new PixelRegion(128, 128, 96, 96);
        using var spliced = ArtifactImages.SmoothRegion(noisy.Clone(), square, 1.5);
        var report = spliced.Inspect(i => i.Checks(ArtifactChecks.NoiseInconsistency), cancellationToken: TestContext.Current.CancellationToken);
        foreach (var r in report.Regions)
            TestContext.Current.TestOutputHelper?.WriteLine($"{r.Bounds} {r.Kind} {r.Score:0.00} {r.Explanation}");
        var region = Assert.Single(report.Regions);
        Assert.Equal(ArtifactKind.NoiseTooLow, region.Kind);
        Assert.Equal(square, region.Bounds);
        Assert.True(region.Score > 0.75, $"score {region.Score}");
        Assert.Empty(noisy.Inspect(i => i.Checks(ArtifactChecks.NoiseInconsistency), cancellationToken: TestContext.Current.CancellationToken).Regions);
    }
}
