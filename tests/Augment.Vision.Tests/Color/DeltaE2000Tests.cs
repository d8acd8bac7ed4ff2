using Augment.Vision;

namespace Augment.Vision.Tests.Color;

public class DeltaE2000Tests
{
    // Sharma, Wu and Dalal (2005), "The CIEDE2000 colour-difference formula: implementation notes,
    // supplementary test data, and mathematical observations", Table 1: all 34 pairs.
    public static TheoryData<double, double, double, double, double, double, double> SharmaPairs => new()
    {
        { 50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425 },
        { 50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615 },
        { 50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412 },
        { 50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000 },
        { 50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000 },
        { 50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000 },
        { 50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669 },
        { 50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195 },
        { 50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045 },
        { 50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045 },
        { 50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065 },
        { 50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492 },
        { 50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977 },
        { 50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030 },
        { 50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000 },
        { 60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644 },
        { 63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630 },
        { 61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731 },
        { 35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645 },
        { 22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373 },
        { 36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146 },
        { 90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441 },
        { 90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381 },
        { 6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377 },
        { 2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082 },
    };

    [Theory]
    [MemberData(nameof(SharmaPairs))]
    public void DeltaE2000_matches_Sharma_Wu_Dalal_table_1_to_1e_4(double l1, double a1, double b1, double l2, double a2, double b2, double expected)
    {
        Assert.Equal(expected, ColorMath.DeltaE2000(new CieLab(l1, a1, b1), new CieLab(l2, a2, b2)), 1e-4);
    }

    [Theory]
    [MemberData(nameof(SharmaPairs))]
    public void DeltaE2000_is_symmetric(double l1, double a1, double b1, double l2, double a2, double b2, double expected)
    {
        _ = expected;
        var forward = ColorMath.DeltaE2000(new CieLab(l1, a1, b1), new CieLab(l2, a2, b2));
        var backward = ColorMath.DeltaE2000(new CieLab(l2, a2, b2), new CieLab(l1, a1, b1));
        Assert.Equal(forward, backward, 1e-10);
    }

    [Fact]
    public void DeltaE2000_of_identical_greys_is_zero_not_NaN()
    {
        Assert.Equal(0.0, ColorMath.DeltaE2000(new CieLab(50, 0, 0), new CieLab(50, 0, 0)));
        Assert.Equal(0.0, ColorMath.DeltaE2000(new CieLab(0, 0, 0), new CieLab(0, 0, 0)));
    }

    [Fact]
    public void MeanDeltaE2000_of_a_frame_and_itself_is_zero_and_of_a_shifted_frame_equals_the_per_pixel_mean()
    {
        using var first = ImageFrame.Create(5, 3, 3, ColorSpace.Srgb);
        using var second = ImageFrame.Create(5, 3, 3, ColorSpace.Srgb);
        var random = new Random(3);
        for (var i = 0; i < first.Data.Length; i++)
        {
            first.Data[i] = random.NextSingle();
            second.Data[i] = Math.Clamp(first.Data[i] + 0.1f * (random.NextSingle() - 0.5f), 0f, 1f);
        }

        Assert.Equal(0.0, ColorMath.MeanDeltaE2000(first, first, TestContext.Current.CancellationToken), 1e-12);

        var expected = 0.0;
        for (var p = 0; p < first.PixelCount; p++)
        {
            var lab1 = ColorMath.LinearSrgbToLab(Decode(first, 0, p), Decode(first, 1, p), Decode(first, 2, p));
            var lab2 = ColorMath.LinearSrgbToLab(Decode(second, 0, p), Decode(second, 1, p), Decode(second, 2, p));
            expected += ColorMath.DeltaE2000(lab1, lab2);
        }

        expected /= first.PixelCount;
        Assert.True(expected > 0.5);
        Assert.Equal(expected, ColorMath.MeanDeltaE2000(first, second, TestContext.Current.CancellationToken), 1e-4);
    }

    [Fact]
    public void MeanDeltaE2000_rejects_frames_of_different_size()
    {
        using var first = ImageFrame.Create(4, 4, 3, ColorSpace.Srgb);
        using var second = ImageFrame.Create(4, 5, 3, ColorSpace.Srgb);
        Assert.Throws<ArgumentException>(() => ColorMath.MeanDeltaE2000(first, second, TestContext.Current.CancellationToken));
    }

    private static float Decode(ImageFrame frame, int channel, int pixel) =>
        (float)TransferFunctions.ToLinear(TransferFunction.Srgb, frame.Plane(channel)[pixel]);
}
