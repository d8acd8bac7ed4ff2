using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Vision;

/// <summary>
/// Runs a skin segmentation model (<see cref="SkinMaskOptions.Model"/>) on a frame and returns its skin
/// probability at the frame's size. The signature is checked before anything runs; the model is the
/// caller's and is never disposed here.
/// </summary>
internal static class SkinModelMask
{
    // torchvision's ImageNet statistics, per channel R, G, B.
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>The skin probability (0..1, one channel, the frame's size) that the model gives <paramref name="frame"/>.</summary>
    public static ImageFrame Estimate(ImageFrame frame, SkinMaskOptions options, CancellationToken cancellationToken)
    {
        var model = options.Model!;
        var (fixedWidth, fixedHeight) = CheckSignature(model, options);
        var width = fixedWidth > 0 ? fixedWidth : frame.Width;
        var height = fixedHeight > 0 ? fixedHeight : frame.Height;

        ImageFrame output;
        {
            using var input = PrepareInput(frame, width, height, options.NormalizeImageNet, cancellationToken);
            var tiled = fixedWidth == 0 && (long)width * height > options.ModelTileThresholdPixels;
            output = tiled ? model.RunTiled(input, null, null, cancellationToken) : model.Run(input, cancellationToken);
        }
        using (output)
        {
            CheckOutput(model, options, output.Channels);
            var probability = new float[output.Width * output.Height];
            ToProbability(output, options, probability);
            var mask = ImageFrame.Create(frame.Width, frame.Height, 1, ColorSpace.Unspecified, budget: frame.Budget);
            try
            {
                if (output.Width == frame.Width && output.Height == frame.Height)
                    probability.CopyTo(mask.Plane(0));
                else
                    PlaneResampler.Resize(probability, output.Width, output.Height, mask.Plane(0), frame.Width, frame.Height);
                var plane = mask.Plane(0);
                for (var i = 0; i < plane.Length; i++)
                {
                    var v = plane[i];
                    plane[i] = v > 0f ? Math.Min(v, 1f) : 0f; // NaN becomes 0
                }
                return mask;
            }
            catch
            {
                mask.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Checks the model against the documented signature; returns its fixed input width and height, or
    /// (0, 0) when both are dynamic.
    /// </summary>
    internal static (int Width, int Height) CheckSignature(OnnxModel model, SkinMaskOptions options)
    {
        var single = options.ModelOutput is SkinModelOutput.Probability or SkinModelOutput.Logit;
        var signature = new ModelSignature()
            .Input(null, TensorElementType.Float, 1, 3, DimSpec.Any, DimSpec.Any)
            .Output(null, TensorElementType.Float, 1, single ? 1 : DimSpec.Any, DimSpec.Any, DimSpec.Any);
        var problems = new List<string>(signature.Compare(model.Inputs, model.Outputs));
        var fixedWidth = 0;
        var fixedHeight = 0;
        if (problems.Count == 0)
        {
            var input = model.Inputs[0];
            var heightDim = input.Dims[2];
            var widthDim = input.Dims[3];
            if (heightDim.IsFixed != widthDim.IsFixed)
                problems.Add($"input '{input.Name}' has one fixed and one dynamic spatial dimension [{string.Join(", ", input.Dims)}]; both must be fixed or both dynamic");
            else if (heightDim.IsFixed && (heightDim.Size is < 1 or > 65536 || widthDim.Size is < 1 or > 65536))
                problems.Add($"input '{input.Name}' has an unusable fixed size {widthDim.Size}x{heightDim.Size}");
            else if (heightDim.IsFixed)
            {
                fixedWidth = (int)widthDim.Size;
                fixedHeight = (int)heightDim.Size;
            }
            var classes = model.Outputs[0].Dims[1];
            if (!single && classes.IsFixed)
                problems.AddRange(ClassProblems(model.Outputs[0].Name, classes.Size, options));
        }
        if (problems.Count > 0)
        {
            throw new ModelSignatureException(
                $"Skin model '{model.Source}' does not match the skin-segmentation signature (input float [1, 3, H, W] sRGB, output float [1, {(single ? "1" : "K")}, H, W] for {options.ModelOutput}): {string.Join("; ", problems)}.");
        }
        return (fixedWidth, fixedHeight);
    }

    private static List<string> ClassProblems(string outputName, long classes, SkinMaskOptions options)
    {
        var problems = new List<string>();
        if (classes < 2)
            problems.Add($"output '{outputName}' has {classes} class channel(s); {options.ModelOutput} needs at least 2");
        else if (options.SkinClassIndex >= classes)
            problems.Add($"SkinClassIndex {options.SkinClassIndex} is not below the {classes} classes of output '{outputName}'");
        return problems;
    }

    private static void CheckOutput(OnnxModel model, SkinMaskOptions options, int channels)
    {
        // The declared shape may be dynamic: check what the model actually produced.
        var single = options.ModelOutput is SkinModelOutput.Probability or SkinModelOutput.Logit;
        var problems = single
            ? channels == 1 ? [] : [$"the first output has {channels} channels; {options.ModelOutput} needs 1"]
            : ClassProblems(model.Outputs[0].Name, channels, options);
        if (problems.Count > 0)
            throw new ModelSignatureException($"Skin model '{model.Source}' produced an unexpected output: {string.Join("; ", problems)}.");
    }

    private static ImageFrame PrepareInput(ImageFrame frame, int width, int height, bool normalize, CancellationToken cancellationToken)
    {
        ImageFrame? converted = null;
        var input = ImageFrame.Create(width, height, 3, ColorSpace.Srgb, budget: frame.Budget);
        try
        {
            var srgb = frame.ColorSpace == ColorSpace.Srgb ? frame : converted = frame.ConvertColorSpace(ColorSpace.Srgb, cancellationToken);
            for (var c = 0; c < 3; c++)
            {
                var target = input.Plane(c);
                if (width == frame.Width && height == frame.Height)
                    srgb.Plane(c).CopyTo(target);
                else
                    PlaneResampler.Resize(srgb.Plane(c), frame.Width, frame.Height, target, width, height);
                var mean = normalize ? ImageNetMean[c] : 0f;
                var scale = normalize ? 1f / ImageNetStd[c] : 1f;
                for (var i = 0; i < target.Length; i++)
                {
                    var v = target[i];
                    // The documented input range is 0..1; NaN becomes 0.
                    v = v > 0f ? Math.Min(v, 1f) : 0f;
                    target[i] = (v - mean) * scale;
                }
            }
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
        finally
        {
            converted?.Dispose();
        }
    }

    /// <summary>The scalar formulas: identity, logistic sigmoid, softmax over classes, or a class channel.</summary>
    internal static void ToProbability(ImageFrame output, SkinMaskOptions options, Span<float> probability)
    {
        var skin = output.Plane(options.ModelOutput is SkinModelOutput.ClassScores or SkinModelOutput.ClassProbabilities ? options.SkinClassIndex : 0);
        switch (options.ModelOutput)
        {
            case SkinModelOutput.Probability:
            case SkinModelOutput.ClassProbabilities:
                skin.CopyTo(probability);
                break;
            case SkinModelOutput.Logit:
                for (var i = 0; i < probability.Length; i++)
                    probability[i] = 1f / (1f + MathF.Exp(-skin[i]));
                break;
            default:
                var classes = output.Channels;
                for (var i = 0; i < probability.Length; i++)
                {
                    // Softmax with the maximum subtracted, so large scores do not overflow.
                    var max = float.NegativeInfinity;
                    for (var k = 0; k < classes; k++)
                        max = Math.Max(max, output.Plane(k)[i]);
                    var sum = 0f;
                    for (var k = 0; k < classes; k++)
                        sum += MathF.Exp(output.Plane(k)[i] - max);
                    probability[i] = MathF.Exp(skin[i] - max) / sum;
                }
                break;
        }
    }
}
