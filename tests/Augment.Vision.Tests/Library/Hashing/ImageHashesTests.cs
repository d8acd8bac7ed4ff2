namespace Augment.Vision.Tests.Library.Hashing;

public class ImageHashesTests
{
    private static ImageFrame Ramp(int width, int height, bool rising, ComputeBudget? budget = null)
    {
        var frame = ImageFrame.Create(width, height, 3, budget: budget);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = rising ? (float)x / width : 1f - ((float)x / width);
            }
        }
        return frame;
    }

    [Fact]
    public void Dhash_of_a_brightening_ramp_sets_every_bit_and_of_a_darkening_one_none()
    {
        using var up = Ramp(300, 200, rising: true);
        using var down = Ramp(300, 200, rising: false);
        Assert.Equal(ulong.MaxValue, ImageHashes.Compute(up, TestContext.Current.CancellationToken).Dhash.Bits);
        Assert.Equal(0UL, ImageHashes.Compute(down, TestContext.Current.CancellationToken).Dhash.Bits);
    }

    [Fact]
    public void Phash_sets_exactly_32_bits_and_is_the_complement_for_the_negative()
    {
        var random = new Random(2);
        using var frame = ImageFrame.Create(160, 128, 1);
        foreach (ref var v in frame.Data)
            v = (float)random.NextDouble();
        using var negative = frame.Clone();
        foreach (ref var v in negative.Data)
            v = 1f - v;
        var hash = ImageHashes.Compute(frame, TestContext.Current.CancellationToken);
        var inverse = ImageHashes.Compute(negative, TestContext.Current.CancellationToken);
        Assert.Equal(32, System.Numerics.BitOperations.PopCount(hash.Phash.Bits));
        // AC coefficients change sign, so every comparison with the median flips (distinct values, no ties).
        Assert.Equal(~hash.Phash.Bits, inverse.Phash.Bits);
        Assert.Equal(~hash.Dhash.Bits, inverse.Dhash.Bits);
    }

    [Fact]
    public void Hashes_do_not_depend_on_the_thread_count_and_grey_equals_equal_rgb()
    {
        var random = new Random(7);
        using var grey = ImageFrame.Create(700, 517, 1, budget: ComputeBudget.SingleThreaded);
        foreach (ref var v in grey.Data)
            v = (float)random.NextDouble();
        using var rgb = ImageFrame.Create(700, 517, 3);
        for (var c = 0; c < 3; c++)
            grey.Plane(0).CopyTo(rgb.Plane(c));
        var one = ImageHashes.Compute(grey, TestContext.Current.CancellationToken);
        var many = ImageHashes.Compute(rgb, TestContext.Current.CancellationToken);
        // 0.299 + 0.587 + 0.114 = 1 in float up to rounding, which does not reach the bits of a random picture.
        Assert.Equal(one, many);
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(33, 9)]
    [InlineData(288, 32)]
    [InlineData(4001, 32)]
    [InlineData(4001, 9)]
    [InlineData(57, 9)]
    public void Area_average_through_the_running_sum_equals_the_weights_applied_one_by_one(int width, int bins)
    {
        var random = new Random(width + bins);
        var row = new float[width];
        for (var x = 0; x < width; x++)
            row[x] = (float)random.NextDouble();
        var prefix = new double[width + 1];
        for (var x = 0; x < width; x++)
            prefix[x + 1] = prefix[x] + row[x];
        var weights = PlaneResampler.AxisWeights.Create(width, bins);
        var expected = new double[bins];
        var actual = new double[bins];
        PerceptualHashKernels.Horizontal(weights, row, expected);
        PerceptualHashKernels.AreaFromPrefix(weights, row, prefix, actual);
        for (var o = 0; o < bins; o++)
            Assert.Equal(expected[o], actual[o], 1e-9);
    }
}
