using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Library.Tests.Tags.Models;

/// <summary>
/// Small ONNX graphs with the classifier's and CLIP's signatures, built in the test, whose outputs are known in closed
/// form: images are average-pooled to one value per channel and multiplied by a known matrix; texts are the mean of
/// known embedding-table rows.
/// </summary>
internal static class TinyModels
{
    /// <summary>[N,3,H,W] -> mean over H,W -> [N,3] x weights [3,C] + bias -> [N,C] logits (or their softmax).</summary>
    public static byte[] Classifier(float[,] weights, float[] bias, int? fixedSize = null, bool softmax = false, int channels = 3, int? declaredClasses = null)
    {
        var classes = weights.GetLength(1);
        TensorDim h = fixedSize is { } f ? f : "h";
        TensorDim w = fixedSize is { } g ? g : "w";
        var builder = new OnnxGraphBuilder("tiny-classifier")
            .Input("input", "n", channels, h, w)
            .Initializer("weights", Flatten(weights), weights.GetLength(0), classes)
            .Initializer("bias", bias, classes)
            .Node("ReduceMean", ["input"], ["pooled"], OnnxAttributeValue.Ints("axes", 2, 3), OnnxAttributeValue.Int("keepdims", 0))
            .Node("MatMul", ["pooled", "weights"], ["product"])
            .Node("Add", ["product", "bias"], [softmax ? "logits" : "output"]);
        if (softmax) builder.Node("Softmax", ["logits"], ["output"], OnnxAttributeValue.Int("axis", 1));
        return builder.Output("output", "n", declaredClasses ?? classes).ToBytes();
    }

    /// <summary>pixel_values [N,3,S,S] -> mean over S,S -> [N,3] x projection [3,D] -> image_embeds [N,D].</summary>
    public static byte[] ImageEncoder(float[,] projection, int? fixedSize = null, int channels = 3)
    {
        TensorDim s = fixedSize is { } f ? f : "s";
        return new OnnxGraphBuilder("tiny-clip-image")
            .Input("pixel_values", "n", channels, s, s)
            .Initializer("projection", Flatten(projection), projection.GetLength(0), projection.GetLength(1))
            .Node("ReduceMean", ["pixel_values"], ["pooled"], OnnxAttributeValue.Ints("axes", 2, 3), OnnxAttributeValue.Int("keepdims", 0))
            .Node("MatMul", ["pooled", "projection"], ["image_embeds"])
            .Output("image_embeds", "n", projection.GetLength(1))
            .ToBytes();
    }

    /// <summary>
    /// input_ids [N,L] -> rows of table [V,D] -> mean over L -> text_embeds [N,D]; with a mask, masked rows count as
    /// zero (the mean is still over L; the scale does not matter once normalised).
    /// </summary>
    public static byte[] TextEncoder(float[,] table, bool withMask = false, int? fixedLength = null)
    {
        TensorDim l = fixedLength is { } f ? f : "l";
        var builder = new OnnxGraphBuilder("tiny-clip-text")
            .Input("input_ids", TensorElementType.Int64, "n", l);
        if (withMask) builder.Input("attention_mask", TensorElementType.Int64, "n", l);
        builder.Initializer("table", Flatten(table), table.GetLength(0), table.GetLength(1))
            .Node("Gather", ["table", "input_ids"], ["rows"], OnnxAttributeValue.Int("axis", 0));
        var pooled = "rows";
        if (withMask)
        {
            builder.Int64Initializer("last_axis", [2], 1)
                .Node("Cast", ["attention_mask"], ["mask_float"], OnnxAttributeValue.Int("to", (long)TensorElementType.Float))
                .Node("Unsqueeze", ["mask_float", "last_axis"], ["mask_3d"])
                .Node("Mul", ["rows", "mask_3d"], ["masked"]);
            pooled = "masked";
        }
        return builder
            .Node("ReduceMean", [pooled], ["text_embeds"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 0))
            .Output("text_embeds", "n", table.GetLength(1))
            .ToBytes();
    }

    public static float[] Flatten(float[,] matrix)
    {
        var result = new float[matrix.Length];
        var i = 0;
        foreach (var v in matrix) result[i++] = v;
        return result;
    }

    /// <summary>A frame filled with one RGB colour.</summary>
    public static ImageFrame Uniform(int width, int height, float r, float g, float b)
    {
        var frame = ImageFrame.Create(width, height, 3);
        frame.Plane(0).Fill(r);
        frame.Plane(1).Fill(g);
        frame.Plane(2).Fill(b);
        return frame;
    }

    /// <summary>x · M for a row vector x.</summary>
    public static double[] Times(double[] x, float[,] m)
    {
        var result = new double[m.GetLength(1)];
        for (var j = 0; j < result.Length; j++)
        {
            for (var i = 0; i < x.Length; i++) result[j] += x[i] * m[i, j];
        }
        return result;
    }

    public static double[] Normalized(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    public static double[] Softmax(double[] v)
    {
        var max = v.Max();
        var e = v.Select(x => Math.Exp(x - max)).ToArray();
        var sum = e.Sum();
        return e.Select(x => x / sum).ToArray();
    }
}
