namespace Augment.Vision.Tests.Upscaling;

/// <summary>Tiny ONNX models with exactly known output, built in the tests.</summary>
internal static class UpscaleModels
{
    /// <summary>
    /// Nearest-neighbour x<paramref name="scale"/>: a 1x1 convolution to 3·s² channels (channel
    /// <c>c·s² + k</c> = <paramref name="gain"/> · input channel <c>permutation[c]</c>), then
    /// DepthToSpace (CRD), so output (c, s·y+i, s·x+j) = gain · input (permutation[c], y, x).
    /// </summary>
    public static byte[] Nearest(int scale, int[]? permutation = null, float gain = 1f, int? fixedSize = null)
    {
        permutation ??= [0, 1, 2];
        var s2 = scale * scale;
        var weights = new float[3 * s2 * 3];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < s2; k++) weights[(c * s2 + k) * 3 + permutation[c]] = gain;
        }
        TensorDim n = fixedSize is null ? "n" : 1;
        TensorDim h = fixedSize is { } f ? f : "h";
        TensorDim w = fixedSize is { } g ? g : "w";
        TensorDim oh = fixedSize is { } f2 ? f2 * scale : "oh";
        TensorDim ow = fixedSize is { } g2 ? g2 * scale : "ow";
        return new OnnxGraphBuilder("nearest")
            .Input("input", n, 3, h, w)
            .Initializer("weight", weights, 3 * s2, 3, 1, 1)
            .Node("Conv", ["input", "weight"], ["features"], OnnxAttributeValue.Ints("kernel_shape", 1, 1))
            .Node("DepthToSpace", ["features"], ["output"], OnnxAttributeValue.Int("blocksize", scale), OnnxAttributeValue.String("mode", "CRD"))
            .Output("output", n, 3, oh, ow)
            .ToBytes();
    }

    /// <summary>The exact output of <see cref="Nearest"/>.</summary>
    public static float Expected(ImageFrame input, int scale, int c, int x, int y, int[]? permutation = null, float gain = 1f) =>
        gain * input.Row((permutation ?? [0, 1, 2])[c], y / scale)[x / scale];

    /// <summary>A frame with values in 0..1 from a seeded generator.</summary>
    public static ImageFrame Random(int width, int height, int seed, int channels = 3, float low = 0f, float high = 1f)
    {
        var random = new Random(seed);
        var frame = ImageFrame.Create(width, height, channels, ColorSpace.Srgb, channels == 4);
        foreach (ref var v in frame.Data) v = low + (high - low) * random.NextSingle();
        return frame;
    }

    /// <summary>A crop of a standard image.</summary>
    public static ImageFrame Crop(string name, int x0, int y0, int width, int height)
    {
        using var full = Peers.StandardImages.Load(name);
        var crop = ImageFrame.Create(width, height, 3);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++) full.Row(c, y0 + y).Slice(x0, width).CopyTo(crop.Row(c, y));
        }
        return crop;
    }
}
