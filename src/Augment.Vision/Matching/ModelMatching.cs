using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Vision;

/// <summary>
/// <see cref="ColorMatchMethod.Model"/>: runs a learned colour-transfer model once (source and
/// reference in, graded source out) and fits a smooth LUT to its (source pixel → output pixel)
/// pairs, so that the grade is a function of colour alone and applies to a whole shot without flicker.
/// </summary>
internal static class ModelMatching
{
    /// <summary>Input 0 = source, input 1 = reference, both float [batch, 3, H, W]; output 0 float [batch, 3, H, W].</summary>
    public static ModelSignature Signature { get; } = new ModelSignature()
        .Input(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
        .Input(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
        .Output(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);

    public static ColorTransform Fit(ImageFrame source, ImageFrame reference, ColorMatchOptions options, CancellationToken cancellationToken)
    {
        var model = options.Model ?? throw new ArgumentException("ColorMatchMethod.Model needs ColorMatchOptions.Model.", nameof(options));
        // Compare rather than Expect: the caller owns the model, so a mismatch must not dispose it.
        var problems = Signature.Compare(model.Inputs, model.Outputs);
        if (problems.Count > 0)
            throw new ModelSignatureException($"The colour-transfer model '{model.Source}' does not match (source [1,3,H,W], reference [1,3,H,W]) -> [1,3,H,W]: {string.Join("; ", problems)}.");

        using var sourceInput = Prepare(source, model.Inputs[0], cancellationToken);
        using var referenceInput = Prepare(reference, model.Inputs[1], cancellationToken);
        using var sourceValue = sourceInput.ToOrtValue();
        using var referenceValue = referenceInput.ToOrtValue();
        var inputs = new Dictionary<string, OrtValue>
        {
            [model.Inputs[0].Name] = sourceValue,
            [model.Inputs[1].Name] = referenceValue,
        };
        using var outputs = model.Run(inputs, [model.Outputs[0].Name], cancellationToken);
        var output = outputs[0];
        var shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != 3 || shape[2] != sourceInput.Height || shape[3] != sourceInput.Width)
            throw new ModelSignatureException($"The colour-transfer model '{model.Source}' returned [{string.Join(", ", shape)}]; expected [1, 3, {sourceInput.Height}, {sourceInput.Width}] (the source's size).");
        ReadOnlySpan<float> graded = output.GetTensorDataAsSpan<float>();

        var pixels = sourceInput.PixelCount;
        var count = Math.Min(pixels, options.MaxSamples);
        var pairs = new ColorPairs(count);
        ReadOnlySpan<float> fr = sourceInput.Plane(0), fg = sourceInput.Plane(1), fb = sourceInput.Plane(2);
        for (var k = 0; k < count; k++)
        {
            var i = (int)(((k + 0.5) * pixels) / count);
            pairs.Add(fr[i], fg[i], fb[i], graded[i], graded[pixels + i], graded[(2 * pixels) + i]);
        }
        if (pairs.Count == 0)
            throw new InvalidModelException($"The colour-transfer model '{model.Source}' returned no finite pixels.");
        var fit = LatticeRegression.Fit(pairs, options.LatticeSize, options.Smoothness ?? SampleMatching.DefaultSmoothness, source.Budget, cancellationToken);
        return ColorTransform.ForLattice(ColorMatchMethod.Model, fit.Lut, options.Strength);
    }

    /// <summary>A three-channel sRGB-encoded copy of <paramref name="frame"/>, resized to the input's fixed height and width if it has them.</summary>
    private static ImageFrame Prepare(ImageFrame frame, TensorInfo input, CancellationToken cancellationToken)
    {
        var height = input.Dims[2].IsFixed ? (int)input.Dims[2].Size : frame.Height;
        var width = input.Dims[3].IsFixed ? (int)input.Dims[3].Size : frame.Width;
        if (height < 1 || width < 1)
            throw new ModelSignatureException($"Input '{input.Name}' has a fixed size of {width}x{height} pixels.");
        using var encoded = frame.ConvertColorSpace(ColorSpace.Srgb, cancellationToken);
        var result = ImageFrame.Create(width, height, 3, ColorSpace.Srgb, budget: frame.Budget);
        try
        {
            for (var c = 0; c < 3; c++)
                PlaneResampler.Resize(encoded.Plane(c), encoded.Width, encoded.Height, result.Plane(c), width, height);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
