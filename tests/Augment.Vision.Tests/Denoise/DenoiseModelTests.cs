namespace Augment.Vision.Tests.Denoise;

public class DenoiseModelTests
{
    private static readonly float[] BoxKernel = [1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f];

    [Fact]
    public void A_box_blur_model_run_in_overlapping_tiles_equals_the_exact_zero_padded_blur()
    {
        using var model = OnnxModel.Load(OnnxGraphBuilder.DepthwiseConv3x3(3, BoxKernel).ToBytes());
        using var frame = RandomFrame(150, 130, 3, hasAlpha: false, seed: 1);
        using var tiled = frame.Denoise(d => d.Model(model, new TileOptions { TileSizePixels = 64, OverlapPixels = 16 }), cancellationToken: TestContext.Current.CancellationToken);
        using var whole = model.Run(frame, TestContext.Current.CancellationToken);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < frame.Height; y++)
                for (var x = 0; x < frame.Width; x++)
                {
                    // The exact output: the 3x3 mean with zeros outside the image (ONNX Conv, pads 1).
                    double sum = 0;
                    for (var ky = -1; ky <= 1; ky++)
                        for (var kx = -1; kx <= 1; kx++)
                            if ((uint)(x + kx) < (uint)frame.Width && (uint)(y + ky) < (uint)frame.Height)
                                sum += frame.Row(c, y + ky)[x + kx];
                    var expected = (float)(sum / 9);
                    Assert.True(Math.Abs(expected - tiled.Row(c, y)[x]) < 2e-6f, $"({x}, {y}, {c}): tiled {tiled.Row(c, y)[x]}, exact {expected}");
                    Assert.True(Math.Abs(whole.Row(c, y)[x] - tiled.Row(c, y)[x]) < 2e-6f, $"({x}, {y}, {c}): tiled {tiled.Row(c, y)[x]}, whole {whole.Row(c, y)[x]}");
                }
    }

    [Fact]
    public void Alpha_is_set_aside_for_the_model_and_copied_back()
    {
        using var model = OnnxModel.Load(OnnxGraphBuilder.DepthwiseConv3x3(3, BoxKernel).ToBytes());
        using var frame = RandomFrame(70, 50, 4, hasAlpha: true, seed: 2);
        using var result = frame.Denoise(d => d.Model(model), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.HasAlpha);
        Assert.Equal(frame.Alpha.ToArray(), result.Alpha.ToArray());
    }

    [Fact]
    public void A_model_for_another_channel_count_is_refused_with_both_shapes()
    {
        using var model = OnnxModel.Load(OnnxGraphBuilder.DepthwiseConv3x3(1, BoxKernel).ToBytes());
        using var frame = RandomFrame(32, 32, 3, hasAlpha: false, seed: 3);
        var error = Assert.Throws<ModelSignatureException>(() => frame.Denoise(d => d.Model(model), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("[1, 3, H, W]", error.Message);
        Assert.Contains(model.Inputs[0].ToString(), error.Message);
    }

    [Fact]
    public void A_model_that_changes_the_size_is_refused_with_the_shapes()
    {
        var weights = new float[4 * 3 * 3 * 9];
        using var model = OnnxModel.Load(OnnxGraphBuilder.PixelShuffleUpscaler(3, weights).ToBytes());
        using var frame = RandomFrame(40, 24, 3, hasAlpha: false, seed: 4);
        var error = Assert.Throws<ModelSignatureException>(() => frame.Denoise(d => d.Model(model), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("[1, 3, 24, 40]", error.Message);
        Assert.Contains("[1, 3, 48, 80]", error.Message);
    }

    private static ImageFrame RandomFrame(int width, int height, int channels, bool hasAlpha, int seed)
    {
        var frame = ImageFrame.Create(width, height, channels, hasAlpha: hasAlpha);
        var random = new Random(seed);
        foreach (ref var v in frame.Data)
            v = (float)random.NextDouble();
        return frame;
    }
}
