using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Frames;

public class PhaseCorrelatorTests
{
    private static (double Dx, double Dy, double Peak) Measure(int width, int height, double dx, double dy, int seed = 7)
    {
        var texture = new FrameImages.Texture(seed);
        var a = texture.Sample(width, height);
        var b = texture.Sample(width, height, dx, dy);
        return new PhaseCorrelator(width, height).Register(a, b);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]
    [InlineData(-7, 3)]
    [InlineData(12, -9)]
    public void Recovers_integer_shifts_of_a_textured_image(int dx, int dy)
    {
        var (mx, my, peak) = Measure(128, 96, dx, dy);
        Assert.Equal(dx, mx, 0.05);
        Assert.Equal(dy, my, 0.05);
        Assert.True(peak > 0.3, $"peak {peak}");
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(2.25, -1.75)]
    [InlineData(-3.4, 0.3)]
    [InlineData(6.8, 4.1)]
    public void Recovers_sub_pixel_shifts_of_an_analytic_texture(double dx, double dy)
    {
        var (mx, my, _) = Measure(120, 90, dx, dy);
        Assert.Equal(dx, mx, 0.05);
        Assert.Equal(dy, my, 0.05);
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(2.25, -1.75)]
    [InlineData(-3.4, 0.3)]
    [InlineData(6.8, 4.1)]
    public void The_fast_one_pass_estimate_is_within_a_quarter_pixel(double dx, double dy)
    {
        var texture = new FrameImages.Texture(7);
        var (mx, my, _) = new PhaseCorrelator(120, 90).Register(texture.Sample(120, 90), texture.Sample(120, 90, dx, dy), precise: false);
        Assert.Equal(dx, mx, 0.25);
        Assert.Equal(dy, my, 0.25);
    }

    [Fact]
    public void Unrelated_images_give_a_low_peak()
    {
        var correlator = new PhaseCorrelator(64, 64);
        var n = 64 * 64;
        float[] reA = new float[n], imA = new float[n], reB = new float[n], imB = new float[n];
        correlator.Spectrum(FrameImages.Noise(64, 64, 1), reA, imA);
        correlator.Spectrum(FrameImages.Noise(64, 64, 2), reB, imB);
        Assert.True(correlator.Estimate(reA, imA, reB, imB).Peak < 0.1);
    }
}
