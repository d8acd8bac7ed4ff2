using Augment.Vision;

namespace Augment.Vision.Tests.Color;

public class ColorSpaceConversionTests
{
    public static TheoryData<ColorSpace> Targets =>
        [ColorSpace.LinearSrgb, ColorSpace.Rec709, ColorSpace.LinearRec2020, ColorSpace.Rec2020Pq, ColorSpace.Rec2020Hlg];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Srgb_round_trip_through_each_space_returns_the_input_within_2e_5(ColorSpace target)
    {
        using var source = RandomFrame(37, 11, ColorSpace.Srgb, hasAlpha: false, seed: 1);
        using var there = source.ConvertColorSpace(target, TestContext.Current.CancellationToken);
        Assert.Equal(target, there.ColorSpace);
        using var back = there.ConvertColorSpace(ColorSpace.Srgb, TestContext.Current.CancellationToken);
        Assert.Equal(ColorSpace.Srgb, back.ColorSpace);
        AssertClose(source.Data, back.Data, 2e-5);
    }

    [Fact]
    public void Srgb_to_linear_Rec2020_equals_scalar_decode_then_BT_2087_matrix()
    {
        using var source = RandomFrame(19, 7, ColorSpace.Srgb, hasAlpha: false, seed: 2);
        using var result = source.ConvertColorSpace(ColorSpace.LinearRec2020, TestContext.Current.CancellationToken);
        var m = ColorPrimaries.RgbToRgb(RgbPrimaries.Rec709, RgbPrimaries.Rec2020);
        for (var p = 0; p < source.PixelCount; p++)
        {
            var r = TransferFunctions.ToLinear(TransferFunction.Srgb, source.Plane(0)[p]);
            var g = TransferFunctions.ToLinear(TransferFunction.Srgb, source.Plane(1)[p]);
            var b = TransferFunctions.ToLinear(TransferFunction.Srgb, source.Plane(2)[p]);
            var (x, y, z) = m.Transform(r, g, b);
            Assert.Equal(x, result.Plane(0)[p], 1e-6);
            Assert.Equal(y, result.Plane(1)[p], 1e-6);
            Assert.Equal(z, result.Plane(2)[p], 1e-6);
        }
    }

    [Fact]
    public void Sdr_white_becomes_PQ_of_203_nits()
    {
        using var white = Uniform(ColorSpace.Srgb, 1f, 1f, 1f);
        using var pq = white.ConvertColorSpace(ColorSpace.Rec2020Pq, TestContext.Current.CancellationToken);
        var expected = TransferFunctions.FromLinear(TransferFunction.Pq, 203.0 / 10000.0);
        Assert.Equal(0.580689, expected, 1e-6);
        for (var c = 0; c < 3; c++)
            Assert.Equal(expected, pq.Plane(c)[0], 1e-5);
    }

    [Fact]
    public void Black_stays_black_not_NaN_through_the_HLG_inverse_OOTF()
    {
        using var black = Uniform(ColorSpace.LinearRec2020, 0f, 0f, 0f);
        using var hlg = black.ConvertColorSpace(ColorSpace.Rec2020Hlg, TestContext.Current.CancellationToken);
        for (var c = 0; c < 3; c++)
            Assert.Equal(0f, hlg.Plane(c)[0]);
    }

    [Fact]
    public void Sdr_white_becomes_HLG_75_percent_as_BT_2408_states()
    {
        using var white = Uniform(ColorSpace.LinearSrgb, 1f, 1f, 1f);
        using var hlg = white.ConvertColorSpace(ColorSpace.Rec2020Hlg, TestContext.Current.CancellationToken);
        for (var c = 0; c < 3; c++)
            Assert.Equal(0.75, hlg.Plane(c)[0], 1e-3);
    }

    [Fact]
    public void Hlg_grey_follows_the_BT_2100_OOTF_at_1000_nits()
    {
        // Achromatic HLG signal 0.5 is scene light 1/12; the OOTF gives 1000 · (1/12)^1.2 cd/m².
        using var hlg = Uniform(ColorSpace.Rec2020Hlg, 0.5f, 0.5f, 0.5f);
        using var linear = hlg.ConvertColorSpace(ColorSpace.LinearRec2020, TestContext.Current.CancellationToken);
        var expected = 1000.0 * Math.Pow(1.0 / 12.0, 1.2) / 203.0;
        for (var c = 0; c < 3; c++)
            Assert.Equal(expected, linear.Plane(c)[0], 1e-5);
    }

    [Fact]
    public void Pq_to_HLG_and_back_keeps_a_saturated_colour_within_2e_5()
    {
        using var pq = Uniform(ColorSpace.Rec2020Pq, 0.6f, 0.3f, 0.45f);
        using var hlg = pq.ConvertColorSpace(ColorSpace.Rec2020Hlg, TestContext.Current.CancellationToken);
        using var back = hlg.ConvertColorSpace(ColorSpace.Rec2020Pq, TestContext.Current.CancellationToken);
        AssertClose(pq.Data, back.Data, 2e-5);
    }

    [Fact]
    public void Alpha_is_untouched()
    {
        using var source = RandomFrame(16, 4, ColorSpace.Srgb, hasAlpha: true, seed: 3);
        using var result = source.ConvertColorSpace(ColorSpace.Rec2020Pq, TestContext.Current.CancellationToken);
        Assert.True(result.HasAlpha);
        Assert.Equal(source.Alpha.ToArray(), result.Alpha.ToArray());
    }

    [Fact]
    public void Result_does_not_depend_on_the_thread_budget()
    {
        using var many = RandomFrame(45, 33, ColorSpace.Srgb, hasAlpha: false, seed: 4);
        using var one = RandomFrame(45, 33, ColorSpace.Srgb, hasAlpha: false, seed: 4, ComputeBudget.SingleThreaded);
        using var a = many.ConvertColorSpace(ColorSpace.Rec2020Hlg, TestContext.Current.CancellationToken);
        using var b = one.ConvertColorSpace(ColorSpace.Rec2020Hlg, TestContext.Current.CancellationToken);
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
    }

    [Fact]
    public void In_place_conversion_retags_and_leaves_the_source_of_a_copy_alone()
    {
        using var frame = RandomFrame(9, 9, ColorSpace.Srgb, hasAlpha: false, seed: 5);
        var before = frame.Data.ToArray();
        using var copy = frame.ConvertColorSpace(ColorSpace.LinearSrgb, TestContext.Current.CancellationToken);
        Assert.Equal(before, frame.Data.ToArray());
        frame.ConvertColorSpaceInPlace(ColorSpace.LinearSrgb, TestContext.Current.CancellationToken);
        Assert.Equal(ColorSpace.LinearSrgb, frame.ColorSpace);
        Assert.Equal(copy.Data.ToArray(), frame.Data.ToArray());
    }

    [Fact]
    public void Unspecified_colour_space_and_grey_frames_are_rejected()
    {
        using var untagged = ImageFrame.Create(2, 2, 3, ColorSpace.Unspecified);
        Assert.Throws<ArgumentException>(() => untagged.ConvertColorSpace(ColorSpace.Srgb, TestContext.Current.CancellationToken));
        using var grey = ImageFrame.Create(2, 2, 1, ColorSpace.Srgb);
        Assert.Throws<ArgumentException>(() => grey.ConvertColorSpace(ColorSpace.LinearSrgb, TestContext.Current.CancellationToken));
        using var rgb = ImageFrame.Create(2, 2, 3, ColorSpace.Srgb);
        Assert.Throws<ArgumentException>(() => rgb.ConvertColorSpace(ColorSpace.Unspecified, TestContext.Current.CancellationToken));
    }

    private static ImageFrame RandomFrame(int width, int height, ColorSpace space, bool hasAlpha, int seed, ComputeBudget? budget = null)
    {
        var frame = ImageFrame.Create(width, height, hasAlpha ? 4 : 3, space, hasAlpha, budget);
        var random = new Random(seed);
        foreach (ref var value in frame.Data)
            value = random.NextSingle();
        return frame;
    }

    private static ImageFrame Uniform(ColorSpace space, float r, float g, float b)
    {
        var frame = ImageFrame.Create(9, 2, 3, space);
        frame.Plane(0).Fill(r);
        frame.Plane(1).Fill(g);
        frame.Plane(2).Fill(b);
        return frame;
    }

    private static void AssertClose(Span<float> expected, Span<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"at {i}: expected {expected[i]}, got {actual[i]}");
    }
}
