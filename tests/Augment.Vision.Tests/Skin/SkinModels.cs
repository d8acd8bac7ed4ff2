namespace Augment.Vision.Tests.Skin;

/// <summary>Tiny skin "segmentation" models built in code: per-pixel 1x1 convolutions with known weights.</summary>
internal static class SkinModels
{
    /// <summary>
    /// A 1x1 convolution 3 → <paramref name="outputChannels"/> (weights [out, in] row-major, one bias per
    /// output), optionally followed by a Sigmoid or a Softmax over channels.
    /// </summary>
    public static OnnxModel PixelModel(float[] weights, float[] bias, int outputChannels, string? activation = null,
        int? fixedHeight = null, int? fixedWidth = null, int inputChannels = 3)
    {
        TensorDim h = fixedHeight is { } fh ? fh : "h";
        TensorDim w = fixedWidth is { } fw ? fw : "w";
        var builder = new OnnxGraphBuilder("skin")
            .Input("input", 1, inputChannels, h, w)
            .Initializer("weight", weights, outputChannels, inputChannels, 1, 1)
            .Initializer("bias", bias, outputChannels)
            .Node("Conv", ["input", "weight", "bias"], [activation is null ? "output" : "z"], OnnxAttributeValue.Ints("kernel_shape", 1, 1));
        if (activation == "Sigmoid")
            builder.Node("Sigmoid", ["z"], ["output"]);
        else if (activation == "Softmax")
            builder.Node("Softmax", ["z"], ["output"], OnnxAttributeValue.Int("axis", 1));
        builder.Output("output", 1, outputChannels, h, w);
        return OnnxModel.Load(builder.ToBytes(), sourceName: "skin-test.onnx");
    }

    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    public static ImageFrame RandomSrgb(int width, int height, int seed)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.Srgb);
        var random = new Random(seed);
        var data = frame.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = random.NextSingle();
        return frame;
    }
}
