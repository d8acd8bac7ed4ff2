using Augment.Vision.Tests.Upscaling;

namespace Augment.Vision.Tests.Style;

public class StyleTransferTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A colour matrix with offsets, applied to 0..255 values: out = M · in + bias.
    private static readonly float[] Matrix = [0.6f, 0.3f, 0.1f, 0.2f, 0.7f, 0.1f, 0.1f, 0.2f, 0.5f];
    private static readonly float[] Bias = [10f, -5f, 40f];

    private static byte[] ColorMatrixModel()
    {
        return new OnnxGraphBuilder("style_matrix")
            .Input("input", "n", 3, "h", "w")
            .Initializer("weight", Matrix, 3, 3, 1, 1)
            .Initializer("bias", Bias, 3)
            .Node("Conv", ["input", "weight", "bias"], ["output"], OnnxAttributeValue.Ints("kernel_shape", 1, 1))
            .Output("output", "n", 3, "h", "w")
            .ToBytes();
    }

    [Fact]
    public void Colour_matrix_model_on_0_255_values_gives_its_exact_output_across_tiles()
    {
        using var model = OnnxModel.Load(ColorMatrixModel());
        using var frame = UpscaleModels.Random(150, 90, seed: 30);

        using var styled = StyleTransfer.Apply(frame, model, StyleTransferOptions.Default.WithTiles(40, 8), cancellationToken: Ct);

        Assert.Equal((150, 90, 3), (styled.Width, styled.Height, styled.Channels));
        var worst = 0.0;
        for (var y = 0; y < 90; y++)
        {
            for (var x = 0; x < 150; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = Bias[c] + Matrix[3 * c] * 255.0 * frame.Row(0, y)[x] + Matrix[3 * c + 1] * 255.0 * frame.Row(1, y)[x] + Matrix[3 * c + 2] * 255.0 * frame.Row(2, y)[x];
                    worst = Math.Max(worst, Math.Abs(Math.Clamp(v / 255.0, 0, 1) - styled.Row(c, y)[x]));
                }
            }
        }
        Assert.True(worst < 1e-5, $"largest difference {worst}");
    }

    [Fact]
    public void Tiled_3x3_style_model_equals_the_whole_image_run()
    {
        float[] blur = [1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f];
        using var model = OnnxModel.Load(OnnxGraphBuilder.DepthwiseConv3x3(3, blur).ToBytes());
        using var frame = UpscaleModels.Random(100, 64, seed: 31);
        using var scaled = frame.Clone();
        System.Numerics.Tensors.TensorPrimitives.Multiply(scaled.Data, 255f, scaled.Data);
        using var whole = model.Run(scaled, Ct);

        using var styled = StyleTransfer.Apply(frame, model, StyleTransferOptions.Default.WithTiles(32, 8), cancellationToken: Ct);

        var worst = 0f;
        for (var i = 0; i < whole.Data.Length; i++) worst = Math.Max(worst, Math.Abs(whole.Data[i] / 255f - styled.Data[i]));
        Assert.True(worst < 1e-5f, $"largest difference {worst}");
    }

    [Fact]
    public void Strength_mixes_with_the_original_and_alpha_is_kept()
    {
        using var model = OnnxModel.Load(ColorMatrixModel());
        using var frame = UpscaleModels.Random(20, 20, seed: 32, channels: 4);
        using var full = StyleTransfer.Apply(frame, model, cancellationToken: Ct);
        using var half = StyleTransfer.Apply(frame, model, StyleTransferOptions.Default.WithStrength(0.5f), cancellationToken: Ct);
        Assert.Equal(0.5f * (frame.Row(1, 7)[3] + full.Row(1, 7)[3]), half.Row(1, 7)[3], 5);
        Assert.True(frame.Alpha.SequenceEqual(half.Alpha));
    }

    [Fact]
    public void Models_that_change_the_size_or_channels_are_rejected_with_shapes()
    {
        using var upscaler = OnnxModel.Load(UpscaleModels.Nearest(2), sourceName: "sr.onnx");
        using var frame = UpscaleModels.Random(16, 16, seed: 33);
        var e = Assert.Throws<ModelSignatureException>(() => StyleTransfer.Apply(frame, upscaler, cancellationToken: Ct));
        Assert.Contains("32x32", e.Message);

        using var grey = OnnxModel.Load(OnnxGraphBuilder.Conv3x3(1, 1, new float[9]).ToBytes(), sourceName: "grey.onnx");
        var g = Assert.Throws<ModelSignatureException>(() => StyleTransfer.Apply(frame, grey, cancellationToken: Ct));
        Assert.Contains("grey.onnx", g.Message);
        Assert.Contains("0..255", g.Message);
    }
}
