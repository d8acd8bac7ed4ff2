namespace Augment.Vision.Tests.Inpainting;

public class CanvasExtensionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(80, 100, "16:9", 178, 100)]
    [InlineData(160, 90, "4:5", 160, 200)]
    [InlineData(100, 100, "1", 100, 100)]
    [InlineData(100, 50, "2:1", 100, 50)]
    [InlineData(90, 160, "1.85", 296, 160)]
    public void The_canvas_grows_one_side_to_reach_the_aspect(int width, int height, string aspect, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), CanvasExtension.CanvasSize(width, height, AspectRatio.Parse(aspect)));

    [Theory]
    [InlineData("16:9", 16, 9)]
    [InlineData("4/5", 4, 5)]
    [InlineData(" 2.39 ", 2.39, 1)]
    [InlineData("3x2", 3, 2)]
    public void Aspect_ratios_parse(string text, double width, double height) =>
        Assert.Equal(new AspectRatio(width, height), AspectRatio.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("16:0")]
    [InlineData("-4:5")]
    [InlineData("wide")]
    [InlineData("1:2:3")]
    public void Nonsense_aspect_ratios_are_refused(string text) =>
        Assert.Throws<FormatException>(() => AspectRatio.Parse(text));

    [Theory]
    [InlineData(ExtendAnchor.Center, 16, 0)]
    [InlineData(ExtendAnchor.Left, 0, 0)]
    [InlineData(ExtendAnchor.Right, 32, 0)]
    public void The_original_is_copied_unchanged_away_from_the_seam_at_its_anchor(ExtendAnchor anchor, int left, int top)
    {
        using var image = HoleImages.Periodic(64, 48);
        // 64x48 (4:3) to 2:1 gives 96x48.
        using var wide = image.Extend(AspectRatio.Parse("2:1"), e => e.Anchor(anchor), cancellationToken: Token);
        Assert.Equal((96, 48), (wide.Width, wide.Height));
        var band = FillOptions.Default.MaskDilationPixels;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 48; y++)
                for (var x = band; x < 64 - band; x++)
                    Assert.Equal(image.Row(c, y)[x], wide.Row(c, top + y)[left + x]);
    }

    [Fact]
    public void A_periodic_picture_extends_by_continuing_its_pattern()
    {
        using var wideTruth = HoleImages.Periodic(160, 72);
        using var image = HoleImages.Window(wideTruth, 40, 0, 80, 72);
        using var wide = image.Extend(AspectRatio.Parse("20:9"), cancellationToken: Token);
        Assert.Equal((160, 72), (wide.Width, wide.Height));
        // The new area sits at x 0..39 and 120..159 of the canvas; its truth is the same pattern, which
        // is 16-periodic horizontally, so shifting by 40 - 40 = 0 lines it up with wideTruth.
        using var newArea = ImageFrame.Create(160, 72, 1);
        for (var y = 0; y < 72; y++)
        {
            newArea.Row(0, y)[..40].Fill(1f);
            newArea.Row(0, y)[120..].Fill(1f);
        }
        var psnr = HoleImages.HolePsnr(wideTruth, wide, newArea);
        Assert.True(psnr > 25, $"outpainted area PSNR {psnr:0.00} dB");
    }

    [Fact]
    public void A_canvas_over_the_megapixel_limit_is_refused_with_its_size()
    {
        using var image = ImageFrame.Create(2000, 100, 3);
        var error = Assert.Throws<ResourceLimitException>(() => image.Extend(AspectRatio.Parse("1:1"), e => e with { MaxMegapixels = 1 }, cancellationToken: Token));
        Assert.Contains("2000x2000", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 MP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_new_area_can_be_filled_by_a_model()
    {
        using var model = InpaintModels.ConstantFill(0.5f);
        using var inpainter = new OnnxInpainter(model, OnnxInpaintOptions.Default with { MaskDilationPixels = 0 });
        using var image = HoleImages.Crop("coffee.png", 0, 0, 40);
        using var wide = image.Extend(AspectRatio.Parse("2:1"), e => e.Anchor(ExtendAnchor.Left).UsingModel(inpainter), cancellationToken: Token);
        Assert.Equal(0.5f, wide.Row(0, 20)[60]);
        Assert.Equal(image.Row(1, 20)[39], wide.Row(1, 20)[39]);
    }
}
