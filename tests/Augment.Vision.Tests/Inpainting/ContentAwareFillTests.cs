namespace Augment.Vision.Tests.Inpainting;

public class ContentAwareFillTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Pixels_farther_than_the_blend_band_from_the_mask_are_unchanged_and_the_band_is_a_cross_fade()
    {
        using var image = HoleImages.Crop("coffee.png", 100, 100, 128);
        using var mask = HoleImages.SquareMask(128, 128, 50, 40, 20);
        const int band = 2;
        using var filled = image.Fill(mask, f => f.Dilate(band), cancellationToken: Token);
        var changedInBand = 0;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 128; y++)
            {
                for (var x = 0; x < 128; x++)
                {
                    // Chebyshev distance to the 20x20 square at (50, 40).
                    var d = Math.Max(Math.Max(50 - x, x - 69), Math.Max(40 - y, y - 59));
                    var before = image.Row(c, y)[x];
                    var after = filled.Row(c, y)[x];
                    if (d > band)
                        Assert.True(before == after, $"pixel ({x}, {y}) channel {c} is {band + 1}+ pixels from the mask but changed from {before} to {after}");
                    else if (d > 0 && before != after)
                        changedInBand++;
                }
            }
        }
        Assert.True(changedInBand > 0, "the blend band was not blended at all");
    }

    [Fact]
    public void A_periodic_texture_with_a_hole_is_filled_with_high_PSNR()
    {
        using var truth = HoleImages.Periodic(160, 144);
        using var mask = HoleImages.SquareMask(160, 144, 60, 50, 28);
        using var filled = ContentAwareFill.Fill(truth, mask, FillOptions.Default.Seed(7), cancellationToken: Token);
        var psnr = HoleImages.HolePsnr(truth, filled, mask);
        Assert.True(psnr > 35, $"hole PSNR {psnr:0.00} dB; a texture of period 16x12 should be copied almost exactly (over 35 dB)");
    }

    [Fact]
    public void The_same_seed_gives_the_same_output_on_one_thread_and_on_many()
    {
        using var image = HoleImages.Crop("brick.png", 200, 200, 128);
        using var mask = HoleImages.SquareMask(128, 128, 40, 50, 24);
        using var many = ContentAwareFill.Fill(image, mask, FillOptions.Default.Seed(11).WithBudget(ComputeBudget.Default with { MaxThreads = 4 }), cancellationToken: Token);
        using var one = ContentAwareFill.Fill(image, mask, FillOptions.Default.Seed(11).WithBudget(ComputeBudget.SingleThreaded), cancellationToken: Token);
        using var other = ContentAwareFill.Fill(image, mask, FillOptions.Default.Seed(12), cancellationToken: Token);
        Assert.True(many.Data.SequenceEqual(one.Data), "seed 11 gave different pixels on 1 and 4 threads");
        Assert.False(many.Data.SequenceEqual(other.Data), "seeds 11 and 12 gave identical fills; the seed is not used");
    }

    [Fact]
    public void A_mask_of_another_size_is_refused_with_both_sizes_in_the_message()
    {
        using var image = ImageFrame.Create(64, 48, 3);
        using var mask = ImageFrame.Create(48, 64, 1);
        var error = Assert.Throws<ArgumentException>(() => ContentAwareFill.Fill(image, mask, cancellationToken: Token));
        Assert.Contains("48x64", error.Message, StringComparison.Ordinal);
        Assert.Contains("64x48", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_mask_returns_an_unchanged_copy()
    {
        using var image = HoleImages.Crop("chelsea.png", 10, 10, 64);
        using var mask = ImageFrame.Create(64, 64, 1);
        mask.Data.Fill(0.5f); // exactly one half is not above the threshold
        using var result = image.Fill(mask, cancellationToken: Token);
        Assert.NotSame(image, result);
        Assert.True(image.Data.SequenceEqual(result.Data));
    }

    [Fact]
    public void A_mask_over_everything_is_refused_because_there_is_nothing_to_copy_from()
    {
        using var image = ImageFrame.Create(40, 40, 3);
        using var mask = ImageFrame.Create(40, 40, 1);
        mask.Data.Fill(1f);
        var error = Assert.Throws<ArgumentException>(() => ContentAwareFill.Fill(image, mask, cancellationToken: Token));
        Assert.Contains("Nothing to copy from", error.Message, StringComparison.Ordinal);
        Assert.Contains("1600 of 1600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_too_large_for_the_memory_budget_is_refused_with_the_numbers()
    {
        using var image = ImageFrame.Create(256, 256, 3);
        using var mask = HoleImages.SquareMask(256, 256, 10, 10, 10);
        var budget = ComputeBudget.Default with { MaxMemoryBytes = 1 << 20 };
        var error = Assert.Throws<ResourceLimitException>(() => ContentAwareFill.Fill(image, mask, FillOptions.Default.WithBudget(budget), cancellationToken: Token));
        Assert.Contains("256x256", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(23)]
    public void An_even_or_out_of_range_patch_size_is_refused(int patch)
    {
        using var image = ImageFrame.Create(64, 64, 1);
        using var mask = HoleImages.SquareMask(64, 64, 10, 10, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Fill(mask, f => f.PatchSize(patch), cancellationToken: Token));
    }

    [Fact]
    public void Cancellation_stops_the_fill_and_progress_reaches_one_otherwise()
    {
        using var image = HoleImages.Crop("gravel.png", 0, 0, 96);
        using var mask = HoleImages.SquareMask(96, 96, 30, 30, 20);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ContentAwareFill.Fill(image, mask, cancellationToken: cancelled.Token));

        var last = 0.0;
        var progress = new SynchronousProgress(p => last = Math.Max(last, p.Fraction));
        using var _ = ContentAwareFill.Fill(image, mask, progress: progress, cancellationToken: Token);
        Assert.Equal(1.0, last, 6);
    }

    [Fact]
    public void A_hole_at_the_image_edge_is_filled_too()
    {
        using var truth = HoleImages.Periodic(128, 96);
        using var mask = HoleImages.SquareMask(128, 96, 0, 0, 20);
        using var filled = ContentAwareFill.Fill(truth, mask, cancellationToken: Token);
        var psnr = HoleImages.HolePsnr(truth, filled, mask);
        Assert.True(psnr > 30, $"corner hole PSNR {psnr:0.00} dB");
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
