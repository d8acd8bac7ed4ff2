using Augment.Vision;

namespace Augment.Vision.Tests.Color;

public class ColorPrimariesTests
{
    [Fact]
    public void Rec709_to_Rec2020_matches_BT_2087_to_1e_4()
    {
        double[,] expected = { { 0.6274, 0.3293, 0.0433 }, { 0.0691, 0.9195, 0.0114 }, { 0.0164, 0.0880, 0.8956 } };
        AssertMatrix(expected, ColorPrimaries.RgbToRgb(RgbPrimaries.Rec709, RgbPrimaries.Rec2020), 1e-4);
    }

    [Fact]
    public void Rec2020_to_Rec709_matches_BT_2087_inverse_to_1e_4()
    {
        double[,] expected = { { 1.6605, -0.5876, -0.0728 }, { -0.1246, 1.1329, -0.0083 }, { -0.0182, -0.1006, 1.1187 } };
        AssertMatrix(expected, ColorPrimaries.RgbToRgb(RgbPrimaries.Rec2020, RgbPrimaries.Rec709), 1e-4);
    }

    [Fact]
    public void Srgb_to_XYZ_matches_the_published_IEC_61966_2_1_matrix_to_1e_4()
    {
        double[,] expected = { { 0.4124, 0.3576, 0.1805 }, { 0.2126, 0.7152, 0.0722 }, { 0.0193, 0.1192, 0.9505 } };
        AssertMatrix(expected, ColorPrimaries.RgbToXyz(RgbPrimaries.Rec709), 1e-4);
    }

    [Fact]
    public void Rec2020_luminance_row_is_the_BT_2020_luma_weights()
    {
        var m = ColorPrimaries.RgbToXyz(RgbPrimaries.Rec2020);
        Assert.Equal(0.2627, m.M21, 1e-4);
        Assert.Equal(0.6780, m.M22, 1e-4);
        Assert.Equal(0.0593, m.M23, 1e-4);
    }

    [Theory]
    [InlineData(RgbPrimaries.Rec709)]
    [InlineData(RgbPrimaries.Rec2020)]
    public void Rgb_white_maps_to_D65_and_back(RgbPrimaries primaries)
    {
        var (x, y, z) = ColorPrimaries.RgbToXyz(primaries).Transform(1, 1, 1);
        var white = ColorPrimaries.D65White;
        Assert.Equal(white.X, x, 1e-12);
        Assert.Equal(1.0, y, 1e-12);
        Assert.Equal(white.Z, z, 1e-12);
        var identity = ColorMatrix3x3.Multiply(ColorPrimaries.XyzToRgb(primaries), ColorPrimaries.RgbToXyz(primaries));
        AssertMatrix(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, identity, 1e-12);
    }

    private static void AssertMatrix(double[,] expected, ColorMatrix3x3 actual, double tolerance)
    {
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= tolerance, $"[{r},{c}] expected {expected[r, c]}, got {actual[r, c]}");
        }
    }
}
