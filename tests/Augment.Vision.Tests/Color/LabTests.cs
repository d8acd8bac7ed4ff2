using Augment.Vision;

namespace Augment.Vision.Tests.Color;

public class LabTests
{
    [Fact]
    public void Lab_of_D65_white_is_100_0_0()
    {
        var lab = ColorMath.LinearSrgbToLab(1, 1, 1);
        Assert.Equal(100.0, lab.L, 1e-9);
        Assert.Equal(0.0, lab.A, 1e-9);
        Assert.Equal(0.0, lab.B, 1e-9);
    }

    [Fact]
    public void Lab_of_black_is_0_0_0()
    {
        var lab = ColorMath.LinearSrgbToLab(0, 0, 0);
        Assert.Equal(new CieLab(0, 0, 0), lab);
    }

    // Lindbloom's published sRGB primaries in XYZ and their CIELAB, with his D65 white XYZ
    // (0.95047, 1, 1.08883): checks the CIE 1976 formula itself against published numbers.
    [Theory]
    [InlineData(0.4124564, 0.2126729, 0.0193339, 53.2408, 80.0925, 67.2032)]
    [InlineData(0.3575761, 0.7151522, 0.1191920, 87.7347, -86.1827, 83.1793)]
    [InlineData(0.1804375, 0.0721750, 0.9503041, 32.2970, 79.1875, -107.8602)]
    public void Lab_of_published_srgb_primary_XYZ_matches_published_Lab_to_1e_4(double x, double y, double z, double l, double a, double bStar)
    {
        var lab = LabKernels.XyzToLab(x, y, z, 0.95047, 1.0, 1.08883);
        Assert.Equal(l, lab.L, 1e-4);
        Assert.Equal(a, lab.A, 1e-4);
        Assert.Equal(bStar, lab.B, 1e-4);
    }

    // The same primaries through our sRGB path. We derive D65 from x, y = 0.3127, 0.3290 (BT.709 /
    // IEC 61966-2-1) where Lindbloom uses ASTM E308's XYZ; that moves L*a*b* by under 0.01.
    [Theory]
    [InlineData(1, 0, 0, 53.2408, 80.0925, 67.2032)]
    [InlineData(0, 1, 0, 87.7347, -86.1827, 83.1793)]
    [InlineData(0, 0, 1, 32.2970, 79.1875, -107.8602)]
    public void Lab_of_srgb_primaries_matches_published_values_to_1e_2(double r, double g, double b, double l, double a, double bStar)
    {
        var lab = ColorMath.LinearSrgbToLab(r, g, b);
        Assert.Equal(l, lab.L, 1e-2);
        Assert.Equal(a, lab.A, 1e-2);
        Assert.Equal(bStar, lab.B, 1e-2);
    }

    // Björn Ottosson's published OKLab coordinates of the sRGB primaries and white.
    [Theory]
    [InlineData(1, 0, 0, 0.62796, 0.22486, 0.12585)]
    [InlineData(0, 1, 0, 0.86644, -0.23389, 0.17950)]
    [InlineData(0, 0, 1, 0.45201, -0.03246, -0.31153)]
    [InlineData(1, 1, 1, 1.00000, 0.00000, 0.00000)]
    public void Oklab_of_srgb_primaries_matches_published_values_to_1e_5(double r, double g, double b, double l, double a, double bStar)
    {
        var lab = ColorMath.LinearSrgbToOklab(r, g, b);
        Assert.Equal(l, lab.L, 1e-5);
        Assert.Equal(a, lab.A, 1e-5);
        Assert.Equal(bStar, lab.B, 1e-5);
    }

    [Fact]
    public void Lab_and_oklab_round_trip_on_random_planes_within_1e_5()
    {
        const int Count = 513;
        var r = TransferFunctionTests.RandomValues(Count, 1, 0f, 1f);
        var g = TransferFunctionTests.RandomValues(Count, 2, 0f, 1f);
        var b = TransferFunctionTests.RandomValues(Count, 3, 0f, 1f);
        r[0] = g[0] = b[0] = 0f; // black, through the linear segment of the CIE f()
        r[1] = g[1] = b[1] = 0.001f;
        var l = new float[Count];
        var a = new float[Count];
        var bb = new float[Count];
        var r2 = new float[Count];
        var g2 = new float[Count];
        var b2 = new float[Count];

        ColorMath.LinearSrgbToLab(r, g, b, l, a, bb);
        ColorMath.LabToLinearSrgb(l, a, bb, r2, g2, b2);
        AssertPlanes(r, g, b, r2, g2, b2, 1e-5);

        ColorMath.LinearSrgbToOklab(r, g, b, l, a, bb);
        ColorMath.OklabToLinearSrgb(l, a, bb, r2, g2, b2);
        AssertPlanes(r, g, b, r2, g2, b2, 1e-5);
    }

    [Fact]
    public void Plane_api_equals_the_per_colour_api()
    {
        float[] r = [0.2f, 0.9f], g = [0.5f, 0.1f], b = [0.7f, 0.3f];
        var l = new float[2];
        var a = new float[2];
        var bb = new float[2];
        ColorMath.LinearSrgbToLab(r, g, b, l, a, bb);
        var expected = ColorMath.LinearSrgbToLab(0.9f, 0.1f, 0.3f);
        Assert.Equal((float)expected.L, l[1]);
        Assert.Equal((float)expected.A, a[1]);
        Assert.Equal((float)expected.B, bb[1]);
    }

    private static void AssertPlanes(float[] r, float[] g, float[] b, float[] r2, float[] g2, float[] b2, double tolerance)
    {
        for (var i = 0; i < r.Length; i++)
        {
            Assert.True(Math.Abs(r[i] - r2[i]) <= tolerance, $"red {i}: {r[i]} vs {r2[i]}");
            Assert.True(Math.Abs(g[i] - g2[i]) <= tolerance, $"green {i}: {g[i]} vs {g2[i]}");
            Assert.True(Math.Abs(b[i] - b2[i]) <= tolerance, $"blue {i}: {b[i]} vs {b2[i]}");
        }
    }
}
