using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Vision;

/// <summary>
/// Runs fast feed-forward style-transfer networks (Johnson, Alahi and Fei-Fei 2016, "Perceptual
/// Losses for Real-Time Style Transfer and Super-Resolution", and the ONNX model zoo's
/// fast-neural-style family): input float NCHW [n, 3, h, w] RGB with sRGB-encoded values in
/// 0..255, output the same shape and range. The frame is converted to sRGB, scaled to 0..255, run in
/// overlapping tiles (<see cref="OnnxModel.RunTiled(ImageFrame, TileOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>),
/// scaled back, clamped, mixed with the original by <see cref="StyleTransferOptions.Strength"/> and
/// returned in the frame's colour space; alpha is kept.
/// </summary>
/// <example>
/// <code>
/// using var model = OnnxModel.Load("mosaic-9.onnx");
/// using var styled = StyleTransfer.Apply(frame, model, StyleTransferOptions.Default.WithStrength(0.8f));
/// </code>
/// </example>
public static class StyleTransfer
{
    private const float Range = 255f;

    /// <summary>Stylises <paramref name="frame"/> with <paramref name="model"/>.</summary>
    /// <param name="frame">RGB or RGBA, any defined colour space; not modified.</param>
    /// <param name="model">A style network of the documented signature; not disposed.</param>
    /// <param name="options">Strength and tiling; <see cref="StyleTransferOptions.Default"/> when null.</param>
    /// <param name="progress">Reports tiles (stage "inference").</param>
    /// <param name="cancellationToken">Stops the work between tiles.</param>
    /// <returns>A new frame of the same size and colour space.</returns>
    /// <exception cref="ArgumentException">The frame does not have three colour channels.</exception>
    /// <exception cref="ModelSignatureException">The model is not [n, 3, h, w] float in and out, or changes the image size.</exception>
    /// <exception cref="ResourceLimitException">The working frames exceed the frame's budget.</exception>
    public static ImageFrame Apply(ImageFrame frame, OnnxModel model, StyleTransferOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(model);
        options ??= StyleTransferOptions.Default;
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"Style transfer needs three colour channels (RGB or RGBA); the frame has {frame.ColorChannels}.", nameof(frame));
        CheckModel(model);

        using var scaled = ImageFrame.Create(frame.Width, frame.Height, 3, frame.ColorSpace is ColorSpace.Unspecified ? ColorSpace.Srgb : frame.ColorSpace, false, frame.Budget);
        for (var c = 0; c < 3; c++) frame.Plane(c).CopyTo(scaled.Plane(c));
        scaled.ConvertColorSpaceInPlace(ColorSpace.Srgb, cancellationToken);
        using var original = options.Strength < 1f ? scaled.Clone() : null;
        TensorPrimitives.Multiply(scaled.Data, Range, scaled.Data);

        using var styled = model.RunTiled(scaled, options.Tiles, progress, cancellationToken);
        if (styled.Width != frame.Width || styled.Height != frame.Height || styled.Channels != 3)
            throw new ModelSignatureException($"Model '{model.Source}' turned a {frame.Width}x{frame.Height}x3 image into {styled.Width}x{styled.Height}x{styled.Channels}; a style model keeps the size and writes 3 channels.");

        var result = ImageFrame.Create(frame.Width, frame.Height, frame.Channels, ColorSpace.Srgb, frame.HasAlpha, frame.Budget);
        try
        {
            var strength = options.Strength;
            for (var c = 0; c < 3; c++)
            {
                var target = result.Plane(c);
                TensorPrimitives.Multiply(styled.Plane(c), 1f / Range, target);
                TensorPrimitives.Clamp(target, 0f, 1f, target);
                if (original is not null)
                {
                    // result = original + strength * (styled - original)
                    var source = original.Plane(c);
                    TensorPrimitives.Subtract(target, source, target);
                    TensorPrimitives.MultiplyAdd(target, strength, source, target);
                }
            }
            if (frame.HasAlpha) frame.Alpha.CopyTo(result.Alpha);
            if (frame.ColorSpace is not (ColorSpace.Srgb or ColorSpace.Unspecified))
                result.ConvertColorSpaceInPlace(frame.ColorSpace, cancellationToken);
            else
                result.ColorSpace = frame.ColorSpace;
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Checks that <paramref name="model"/> takes and returns float [n, 3, h, w] images.</summary>
    /// <param name="model">The model.</param>
    /// <exception cref="ModelSignatureException">It does not; the message gives the model's shapes.</exception>
    public static void CheckModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var signature = new ModelSignature()
            .Input(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
            .Output(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);
        var problems = signature.Compare(model.Inputs, model.Outputs);
        if (problems.Count > 0)
        {
            throw new ModelSignatureException(
                $"Model '{model.Source}' is not a style model of the expected signature (input float [n, 3, h, w] RGB in 0..255, output the same shape): " +
                $"{string.Join("; ", problems)}. The model has inputs ({string.Join(", ", model.Inputs)}) and outputs ({string.Join(", ", model.Outputs)}).");
        }
    }
}
