namespace Augment.Vision.Tests.Inpainting;

public class OnnxInpainterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Masked_pixels_take_the_model_output_and_the_blend_band_cross_fades_exactly()
    {
        using var model = InpaintModels.ConstantFill(0.25f);
        using var inpainter = new OnnxInpainter(model, OnnxInpaintOptions.Default with { MaskDilationPixels = 2 });
        // 37x29: neither side a multiple of 8, so the crop is padded for the model and cropped back.
        using var image = HoleImages.Crop("coffee.png", 300, 200, 37);
        using var mask = HoleImages.SquareMask(37, 37, 12, 10, 6);
        using var result = inpainter.Inpaint(image, mask, cancellationToken: Token);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 37; y++)
            {
                for (var x = 0; x < 37; x++)
                {
                    var d = Math.Max(Math.Max(12 - x, x - 17), Math.Max(10 - y, y - 15));
                    var weight = d <= 0 ? 1f : d <= 2 ? 1f - d / 3f : 0f;
                    var expected = 0.25f * weight + image.Row(c, y)[x] * (1 - weight);
                    Assert.Equal(expected, result.Row(c, y)[x], 1e-6f);
                }
            }
        }
    }

    [Fact]
    public void A_model_with_a_fixed_size_gets_the_crop_resized_to_it_and_the_hole_filled()
    {
        using var model = InpaintModels.ConstantFill(0.75f, fixedSize: 64);
        using var inpainter = new OnnxInpainter(model, OnnxInpaintOptions.Default with { MaskDilationPixels = 0, ContextPixels = 16 });
        using var image = HoleImages.Crop("astronaut.png", 0, 0, 200);
        using var mask = HoleImages.SquareMask(200, 200, 80, 90, 40);
        using var result = inpainter.Inpaint(image, mask, cancellationToken: Token);
        // Deep inside the hole the model's constant survives the resizing back exactly; outside the mask nothing changes.
        Assert.Equal(0.75f, result.Row(1, 110)[100], 1e-5f);
        Assert.Equal(image.Row(0, 10)[10], result.Row(0, 10)[10]);
        Assert.Equal(image.Row(2, 89)[100], result.Row(2, 89)[100]);
    }

    [Fact]
    public void A_large_crop_is_scaled_down_for_the_model_and_only_the_mask_is_composited()
    {
        using var model = InpaintModels.ConstantFill(0.5f);
        using var inpainter = new OnnxInpainter(model, OnnxInpaintOptions.Default with { MaxModelSidePixels = 64, MaskDilationPixels = 0 });
        using var image = HoleImages.Crop("chelsea.png", 0, 0, 256);
        using var mask = HoleImages.SquareMask(256, 256, 100, 100, 60);
        using var result = inpainter.Inpaint(image, mask, cancellationToken: Token);
        Assert.Equal(0.5f, result.Row(0, 130)[130], 1e-5f);
        var changedOutside = 0;
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 256; x++)
                if ((x < 100 || x >= 160 || y < 100 || y >= 160) && result.Row(0, y)[x] != image.Row(0, y)[x]) changedOutside++;
        Assert.Equal(0, changedOutside);
    }

    [Fact]
    public void Grey_images_go_through_as_three_equal_channels()
    {
        using var model = InpaintModels.ConstantFill(0.25f);
        using var inpainter = new OnnxInpainter(model, OnnxInpaintOptions.Default with { MaskDilationPixels = 0 });
        using var image = ImageFrame.Create(48, 48, 1);
        image.Data.Fill(0.9f);
        using var mask = HoleImages.SquareMask(48, 48, 20, 20, 8);
        using var result = inpainter.Inpaint(image, mask, cancellationToken: Token);
        Assert.Equal(1, result.Channels);
        Assert.Equal(0.25f, result.Row(0, 24)[24], 1e-6f);
    }

    [Theory]
    [InlineData("input", "mask", 3, "input 'image'")]
    [InlineData("image", "hole", 3, "mask")]
    [InlineData("image", "mask", 1, "image")]
    public void A_model_with_another_signature_is_refused_with_names_and_shapes(string imageName, string maskName, int channels, string mentioned)
    {
        using var model = InpaintModels.ConstantFill(0.5f, imageName: imageName, maskName: maskName, imageChannels: channels);
        var error = Assert.Throws<ModelSignatureException>(() => new OnnxInpainter(model));
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
        Assert.Contains("constant-fill.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, " + channels, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_output_has_another_size_is_refused_with_both_shapes()
    {
        using var model = InpaintModels.HalfSize();
        using var inpainter = new OnnxInpainter(model, OnnxInpaintOptions.Default with { ContextPixels = 0, MaskDilationPixels = 0 });
        using var image = ImageFrame.Create(32, 32, 3);
        using var mask = HoleImages.SquareMask(32, 32, 8, 8, 16);
        var error = Assert.Throws<ModelSignatureException>(() => inpainter.Inpaint(image, mask, cancellationToken: Token));
        Assert.Contains("[1, 3, 16, 16]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 3, 32, 32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_masks_are_refused_and_an_empty_one_changes_nothing()
    {
        using var model = InpaintModels.ConstantFill(0.5f);
        using var inpainter = new OnnxInpainter(model);
        using var image = ImageFrame.Create(20, 10, 3);
        using var wrong = ImageFrame.Create(10, 20, 1);
        Assert.Contains("10x20", Assert.Throws<ArgumentException>(() => inpainter.Inpaint(image, wrong, cancellationToken: Token)).Message, StringComparison.Ordinal);
        using var full = ImageFrame.Create(20, 10, 1);
        full.Data.Fill(1f);
        Assert.Contains("Nothing to copy from", Assert.Throws<ArgumentException>(() => inpainter.Inpaint(image, full, cancellationToken: Token)).Message, StringComparison.Ordinal);
        using var empty = ImageFrame.Create(20, 10, 1);
        using var same = inpainter.Inpaint(image, empty, cancellationToken: Token);
        Assert.True(image.Data.SequenceEqual(same.Data));
    }

    [Fact]
    public void Reflect_padding_mirrors_without_repeating_the_edge()
    {
        float[] source = [1, 2, 3, 4, 5, 6]; // 3 wide, 2 high
        var target = new float[5 * 3];
        OnnxInpainter.PadReflect(source, 3, 2, target, 5, 3);
        Assert.Equal([1, 2, 3, 2, 1, 4, 5, 6, 5, 4, 1, 2, 3, 2, 1], target);
    }
}
