namespace Augment.Vision.Tests.Imaging;

public class PlaneResamplerTests
{
    [Fact]
    public void Shrinking_by_a_whole_factor_gives_the_block_means()
    {
        const int w = 12, h = 8;
        var random = new Random(1);
        var source = new float[w * h];
        for (var i = 0; i < source.Length; i++)
            source[i] = random.NextSingle();
        var target = new float[4 * 2];
        PlaneResampler.Resize(source, w, h, target, 4, 2);
        for (var by = 0; by < 2; by++)
        {
            for (var bx = 0; bx < 4; bx++)
            {
                double sum = 0;
                for (var y = 0; y < 4; y++)
                {
                    for (var x = 0; x < 3; x++)
                        sum += source[(((by * 4) + y) * w) + (bx * 3) + x];
                }
                Assert.Equal(sum / 12, target[(by * 4) + bx], 1e-6);
            }
        }
    }

    [Fact]
    public void Shrinking_by_a_fractional_factor_keeps_the_mean_and_constants()
    {
        const int w = 10, h = 7;
        var ramp = new float[w * h];
        for (var i = 0; i < ramp.Length; i++)
            ramp[i] = i % w;
        var target = new float[3 * 3];
        PlaneResampler.Resize(ramp, w, h, target, 3, 3);
        // Area weights preserve the mean of the plane: (0 + 9) / 2 = 4.5.
        Assert.Equal(4.5, target.Average(), 1e-5);
        var constant = Enumerable.Repeat(0.37f, w * h).ToArray();
        PlaneResampler.Resize(constant, w, h, target, 3, 3);
        Assert.All(target, v => Assert.Equal(0.37f, v, 1e-6f));
    }

    [Fact]
    public void Growing_interpolates_a_ramp_linearly_between_pixel_centres_and_replicates_edges()
    {
        float[] source = [0f, 1f, 2f, 3f];
        var target = new float[8];
        PlaneResampler.Resize(source, 4, 1, target, 8, 1);
        // Output centres at (o + 0.5) / 2 - 0.5 in source pixels: -0.25 (clamped to 0), 0.25, 0.75, ...
        float[] expected = [0f, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3f];
        for (var i = 0; i < 8; i++)
            Assert.Equal(expected[i], target[i], 1e-6f);
    }

    [Fact]
    public void Same_size_is_an_exact_copy()
    {
        var random = new Random(2);
        var source = new float[9 * 5];
        for (var i = 0; i < source.Length; i++)
            source[i] = random.NextSingle();
        var target = new float[source.Length];
        PlaneResampler.Resize(source, 9, 5, target, 9, 5);
        Assert.Equal(source, target);
    }
}
