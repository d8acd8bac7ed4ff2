namespace Augment.Vision.Tests.Inpainting;

/// <summary>Tiny LaMa-signature models built in code, whose exact output is known.</summary>
internal static class InpaintModels
{
    /// <summary>output = image * (1 - mask) + mask * <paramref name="fill"/>: the hole becomes a constant grey.</summary>
    public static OnnxModel ConstantFill(float fill, int? fixedSize = null, string imageName = "image", string maskName = "mask", int imageChannels = 3)
    {
        TensorDim h = fixedSize is { } f ? f : "h";
        TensorDim w = fixedSize is { } g ? g : "w";
        var builder = new OnnxGraphBuilder("constant_fill")
            .Input(imageName, 1, imageChannels, h, w)
            .Input(maskName, 1, 1, h, w)
            .Initializer("one", [1f])
            .Initializer("fill", [fill])
            .Node("Sub", ["one", maskName], ["keep_weight"])
            .Node("Mul", [imageName, "keep_weight"], ["kept"])
            .Node("Mul", [maskName, "fill"], ["filled"])
            .Node("Add", ["kept", "filled"], ["output"])
            .Output("output", 1, imageChannels, h, w);
        return OnnxModel.Load(builder.ToBytes(), sourceName: "constant-fill.onnx");
    }

    /// <summary>A model whose output is half the input's size (2x2 average pooling): the wrong output shape.</summary>
    public static OnnxModel HalfSize()
    {
        var builder = new OnnxGraphBuilder("half")
            .Input("image", 1, 3, "h", "w")
            .Input("mask", 1, 1, "h", "w")
            .Node("Mul", ["image", "mask"], ["masked"])
            .Node("AveragePool", ["masked"], ["output"], OnnxAttributeValue.Ints("kernel_shape", 2, 2), OnnxAttributeValue.Ints("strides", 2, 2))
            .Output("output", 1, 3, "oh", "ow");
        return OnnxModel.Load(builder.ToBytes(), sourceName: "half-size.onnx");
    }
}
