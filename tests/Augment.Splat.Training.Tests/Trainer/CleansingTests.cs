using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class CleansingTests
{
    private const int Size = 40;

    [Fact]
    public void A_passer_by_is_suppressed_and_the_rest_of_the_frame_kept()
    {
        var (rendered, target) = Frames(0.01f);
        // The occluder: a 10×12 block the scene cannot explain.
        for (var y = 10; y < 22; y++)
            for (var x = 15; x < 25; x++)
                for (var c = 0; c < 3; c++)
                    target[(c * Size * Size) + (y * Size) + x] = 0.95f;
        // An isolated bad pixel (noise) that the 3×3 majority must not drop.
        target[(35 * Size) + 3] = 1;
        var weights = Ones();
        var dropped = CleansingKernel.Apply(rendered, target, Size, Size, new CleansingOptions(), weights);

        for (var y = 10; y < 22; y++)
            for (var x = 15; x < 25; x++)
                Assert.Equal(0, weights[(y * Size) + x]);
        Assert.Equal(1, weights[(35 * Size) + 3]);
        Assert.Equal(1, weights[(0 * Size) + 0]);
        Assert.Equal(1, weights[(30 * Size) + 30]);
        // The block plus at most its one-pixel dilation ring.
        Assert.InRange(dropped, 120, 12 * 14);
    }

    [Fact]
    public void A_well_explained_frame_loses_no_pixels()
    {
        var (rendered, target) = Frames(0.03f);
        var weights = Ones();
        Assert.Equal(0, CleansingKernel.Apply(rendered, target, Size, Size, new CleansingOptions(), weights));
        Assert.All(weights, w => Assert.Equal(1, w));
    }

    [Fact]
    public void Quantile_is_the_nearest_rank()
    {
        float[] values = [5, 1, 4, 2, 3, 6, 8, 7, 10, 9];
        Assert.Equal(9, CleansingKernel.Quantile(values, 0.9f));
        Assert.Equal(5, CleansingKernel.Quantile(values, 0.5f));
    }

    private static (float[] Rendered, float[] Target) Frames(float noise)
    {
        var random = new Random(1);
        float[] rendered = new float[3 * Size * Size], target = new float[3 * Size * Size];
        for (var i = 0; i < rendered.Length; i++)
        {
            rendered[i] = 0.2f + (0.5f * (float)random.NextDouble());
            target[i] = rendered[i] + (noise * (float)((2 * random.NextDouble()) - 1));
        }
        return (rendered, target);
    }

    private static float[] Ones()
    {
        var weights = new float[Size * Size];
        weights.AsSpan().Fill(1);
        return weights;
    }
}
