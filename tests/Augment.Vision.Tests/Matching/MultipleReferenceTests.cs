namespace Augment.Vision.Tests.Matching;

public sealed class MultipleReferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImageFrame Crop(ImageFrame frame, int x, int width)
    {
        var result = ImageFrame.Create(width, frame.Height, 3, frame.ColorSpace);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < frame.Height; y++)
                frame.Row(c, y).Slice(x, width).CopyTo(result.Row(c, y));
        }
        return result;
    }

    [Theory]
    [InlineData(ColorMatchMethod.Mkl)]
    [InlineData(ColorMatchMethod.Reinhard)]
    public void Two_halves_of_a_reference_give_the_moments_transform_of_the_whole_within_1e_6(ColorMatchMethod method)
    {
        using var source = MatchImages.Scene(160, 120, cast: true);
        using var whole = MatchImages.Scene(240, 120, cast: false);
        using var left = Crop(whole, 0, 100);
        using var right = Crop(whole, 100, 140);
        var one = ColorMatch.Fit(source, whole, new ColorMatchOptions { Method = method }, Ct);
        var two = ColorMatch.Fit(source, [left, right], new ColorMatchOptions { Method = method }, Ct);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                Assert.Equal(one.Matrix[r, c], two.Matrix[r, c], 1e-6);
        }
        Assert.Equal(one.Offset.X, two.Offset.X, 1e-6);
        Assert.Equal(one.Offset.Y, two.Offset.Y, 1e-6);
        Assert.Equal(one.Offset.Z, two.Offset.Z, 1e-6);
    }

    [Fact]
    public void Two_halves_of_a_reference_give_the_histogram_match_of_the_whole()
    {
        using var source = MatchImages.Scene(160, 120, cast: true);
        using var whole = MatchImages.Scene(240, 120, cast: false);
        using var left = Crop(whole, 0, 100);
        using var right = Crop(whole, 100, 140);
        using var a = ColorMatch.Fit(source, whole, new ColorMatchOptions { Method = ColorMatchMethod.Histogram }, Ct).Apply(source, cancellationToken: Ct);
        using var b = ColorMatch.Fit(source, [left, right], new ColorMatchOptions { Method = ColorMatchMethod.Histogram }, Ct).Apply(source, cancellationToken: Ct);
        for (var i = 0; i < a.Data.Length; i++)
            Assert.Equal(a.Data[i], b.Data[i], 1e-5f);
    }

    [Fact]
    public void Sliced_OT_to_two_halves_matches_sliced_OT_to_the_whole_closely()
    {
        using var source = MatchImages.Scene(160, 120, cast: true);
        using var whole = MatchImages.Scene(240, 120, cast: false);
        using var left = Crop(whole, 0, 100);
        using var right = Crop(whole, 100, 140);
        using var a = ColorMatch.Fit(source, whole, new ColorMatchOptions { Method = ColorMatchMethod.SlicedOt }, Ct).Apply(source, cancellationToken: Ct);
        using var b = ColorMatch.Fit(source, [left, right], new ColorMatchOptions { Method = ColorMatchMethod.SlicedOt }, Ct).Apply(source, cancellationToken: Ct);
        var difference = ColorMath.MeanDeltaE2000(a, b, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"halves vs whole (sliced OT): mean ΔE00 {difference:F3}");
        Assert.True(difference < 0.5, $"mean ΔE00 {difference:F3}");
    }

    [Fact]
    public void Options_that_need_one_reference_are_rejected_with_several()
    {
        using var frame = MatchImages.Textured(32, 32, seed: 3);
        using var mask = MatchImages.LeftMask(32, 32, 0.5);
        Assert.Throws<ArgumentException>(() => ColorMatch.Fit(frame, Array.Empty<ImageFrame>(), null, Ct));
        Assert.Throws<ArgumentException>(() => ColorMatch.Fit(frame, [frame, frame], ColorMatchOptions.Default.MaskReference(mask), Ct));
        Assert.Throws<ArgumentException>(() => ColorMatch.Fit(frame, [frame, frame],
            ColorMatchOptions.Default.MatchRegions([new ColorCorrespondence(new PixelRegion(0, 0, 4, 4), new PixelRegion(0, 0, 4, 4))]), Ct));
    }
}
