using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Vision;

/// <summary>
/// Runs an image+mask inpainting model with the LaMa signature (Suvorov et al. 2022, as exported to ONNX):
/// <list type="bullet">
/// <item>input <c>image</c>: float [1, 3, H, W], RGB in 0..1, the hole's pixels set to 0;</item>
/// <item>input <c>mask</c>: float [1, 1, H, W], 1 in the hole and 0 elsewhere;</item>
/// <item>output (the first): float [1, 3, H, W], RGB in 0..1 (or 0..255, see <see cref="OnnxInpaintOptions.OutputScale"/>).</item>
/// </list>
/// H and W may be free (the crop is padded by reflection to multiples of 8 and cropped back) or fixed
/// (the crop is resized to exactly that size, e.g. 512x512). Only a crop around the mask's bounding box,
/// with context, goes through the model, scaled down when it exceeds
/// <see cref="OnnxInpaintOptions.MaxModelSidePixels"/>; only the masked pixels (and the blend band) of
/// the result are composited back. Grey frames are fed as three equal channels; alpha is kept.
/// </summary>
/// <example>
/// <code>
/// using var lama = OnnxInpainter.Load("lama.onnx");
/// using var clean = lama.Inpaint(photo, mask, progress, ct);
/// </code>
/// </example>
public sealed class OnnxInpainter : IDisposable
{
    /// <summary>Name of the image input.</summary>
    public const string ImageInputName = "image";

    /// <summary>Name of the mask input.</summary>
    public const string MaskInputName = "mask";

    private readonly bool _ownsModel;
    private readonly int? _fixedHeight;
    private readonly int? _fixedWidth;

    /// <summary>Wraps a loaded model after checking its signature (the caller keeps ownership of <paramref name="model"/>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Context, size limit, dilation; <see cref="OnnxInpaintOptions.Default"/> when null.</param>
    /// <exception cref="ModelSignatureException">The inputs or output differ from the LaMa signature; the message lists them.</exception>
    public OnnxInpainter(OnnxModel model, OnnxInpaintOptions? options = null)
        : this(model, options, ownsModel: false)
    {
    }

    private OnnxInpainter(OnnxModel model, OnnxInpaintOptions? options, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? OnnxInpaintOptions.Default;
        Options.Validate();
        var problems = Signature.Compare(model.Inputs, model.Outputs);
        if (problems.Count > 0)
        {
            var declared = string.Join(", ", model.Inputs) + " -> " + string.Join(", ", model.Outputs);
            throw new ModelSignatureException($"Model '{model.Source}' is not a LaMa-style inpainting model (image [1,3,H,W] and mask [1,1,H,W] in, [1,3,H,W] out): {string.Join("; ", problems)}. It declares {declared}.");
        }
        var image = model.Inputs.First(i => i.Name == ImageInputName);
        _fixedHeight = image.Dims[2].IsFixed ? (int)image.Dims[2].Size : null;
        _fixedWidth = image.Dims[3].IsFixed ? (int)image.Dims[3].Size : null;
        Model = model;
        _ownsModel = ownsModel;
    }

    /// <summary>The signature every inpainting model must have.</summary>
    public static ModelSignature Signature { get; } = new ModelSignature()
        .Input(ImageInputName, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
        .Input(MaskInputName, TensorElementType.Float, DimSpec.Any, 1, DimSpec.Any, DimSpec.Any)
        .Output(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);

    /// <summary>The model.</summary>
    public OnnxModel Model { get; }

    /// <summary>The options.</summary>
    public OnnxInpaintOptions Options { get; }

    /// <summary>Loads a model file and checks its signature; the inpainter owns (disposes) the model.</summary>
    /// <param name="path">An <c>.onnx</c> file.</param>
    /// <param name="options">Context, size limit, dilation.</param>
    /// <param name="modelOptions">Execution provider and budget for the session.</param>
    public static OnnxInpainter Load(string path, OnnxInpaintOptions? options = null, OnnxModelOptions? modelOptions = null)
    {
        var model = OnnxModel.Load(path, modelOptions);
        try
        {
            return new OnnxInpainter(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Fills the masked pixels with the model's output.</summary>
    /// <param name="image">The picture, 1 or 3 colour planes (alpha kept as it is).</param>
    /// <param name="mask">Same size; above 0.5 = fill.</param>
    /// <param name="progress">Receives stage "inpaint" (0 before the model runs, 1 after).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A new frame; an unchanged copy when the mask is empty.</returns>
    /// <exception cref="ArgumentException">Mask size differs (both sizes named), the mask covers the whole image, or the image has 2 or 4 colour planes.</exception>
    /// <exception cref="ModelSignatureException">The model's output has another shape than its input (shapes named).</exception>
    /// <exception cref="ResourceLimitException">The model tensors would exceed the budget.</exception>
    public ImageFrame Inpaint(ImageFrame image, ImageFrame mask, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (image.ColorChannels is not (1 or 3))
            throw new ArgumentException($"The image has {image.ColorChannels} colour planes; an inpainting model takes RGB (3) or grey (1).", nameof(image));
        var holes = FillMask.Threshold(image, mask, out var holeCount);
        if (holeCount == 0)
            return image.Clone();
        if (holeCount == image.PixelCount)
            throw new ArgumentException($"Nothing to copy from: the mask covers all {image.PixelCount} pixels of the {image.Width}x{image.Height} image.", nameof(mask));
        var dilation = Options.MaskDilationPixels;
        var distance = FillMask.ChessboardDistance(holes, image.Width, image.Height, dilation);

        // The crop: the grown mask's bounding box plus context.
        int left = image.Width, top = image.Height, right = 0, bottom = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (distance[y * image.Width + x] > dilation) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x + 1);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y + 1);
            }
        }
        var margin = Math.Max(Options.ContextPixels, Math.Max(right - left, bottom - top) / 2);
        left = Math.Max(0, left - margin);
        top = Math.Max(0, top - margin);
        right = Math.Min(image.Width, right + margin);
        bottom = Math.Min(image.Height, bottom + margin);
        var cropWidth = right - left;
        var cropHeight = bottom - top;

        // The model's size: fixed by the model, or the crop scaled to fit the limit.
        int modelWidth, modelHeight;
        if (_fixedWidth is { } fw && _fixedHeight is { } fh)
        {
            (modelWidth, modelHeight) = (fw, fh);
        }
        else
        {
            var scale = Math.Min(1.0, (double)Options.MaxModelSidePixels / Math.Max(cropWidth, cropHeight));
            modelWidth = _fixedWidth ?? Math.Max(1, (int)Math.Round(cropWidth * scale));
            modelHeight = _fixedHeight ?? Math.Max(1, (int)Math.Round(cropHeight * scale));
        }
        var paddedWidth = _fixedWidth ?? (modelWidth + 7) / 8 * 8;
        var paddedHeight = _fixedHeight ?? (modelHeight + 7) / 8 * 8;
        var planeSize = (long)paddedWidth * paddedHeight;
        image.Budget.EnsureAllocation(planeSize * 4 * (3 + 1 + 3 + 3), $"Inpainting a {cropWidth}x{cropHeight} crop at {paddedWidth}x{paddedHeight}");

        // Crop, resize and pad each plane: three colour planes then the mask.
        var crop = new float[cropWidth * cropHeight];
        var resized = new float[modelWidth * modelHeight];
        var imageTensor = new float[3 * planeSize];
        var maskTensor = new float[planeSize];
        for (var y = 0; y < cropHeight; y++)
            for (var x = 0; x < cropWidth; x++)
                crop[y * cropWidth + x] = holes[(top + y) * image.Width + left + x] != 0 || distance[(top + y) * image.Width + left + x] <= dilation ? 1f : 0f;
        PlaneResampler.Resize(crop, cropWidth, cropHeight, resized, modelWidth, modelHeight);
        // Any coverage marks a hole at the model's scale, so no part of the object leaks into its input.
        for (var i = 0; i < resized.Length; i++) resized[i] = resized[i] > 0f ? 1f : 0f;
        PadReflect(resized, modelWidth, modelHeight, maskTensor, paddedWidth, paddedHeight);
        for (var c = 0; c < 3; c++)
        {
            var plane = image.Plane(image.ColorChannels == 1 ? 0 : c);
            for (var y = 0; y < cropHeight; y++)
                plane.Slice((top + y) * image.Width + left, cropWidth).CopyTo(crop.AsSpan(y * cropWidth, cropWidth));
            PlaneResampler.Resize(crop, cropWidth, cropHeight, resized, modelWidth, modelHeight);
            var target = imageTensor.AsSpan((int)(c * planeSize), (int)planeSize);
            PadReflect(resized, modelWidth, modelHeight, target, paddedWidth, paddedHeight);
            for (var i = 0; i < target.Length; i++)
                if (maskTensor[i] > 0f) target[i] = 0f;
        }

        progress?.Report(new AugmentProgress("inpaint", 0));
        float[] output;
        long[] shape = [1, 3, paddedHeight, paddedWidth];
        using (var imageValue = OrtValue.CreateTensorValueFromMemory(imageTensor, shape))
        using (var maskValue = OrtValue.CreateTensorValueFromMemory(maskTensor, [1, 1, paddedHeight, paddedWidth]))
        using (var results = Model.Run(new Dictionary<string, OrtValue> { [ImageInputName] = imageValue, [MaskInputName] = maskValue }, [Model.Outputs[0].Name], cancellationToken))
        {
            var outShape = results[0].GetTensorTypeAndShape().Shape;
            if (outShape.Length != 4 || outShape[0] != 1 || outShape[1] != 3 || outShape[2] != paddedHeight || outShape[3] != paddedWidth)
                throw new ModelSignatureException($"Model '{Model.Source}': output '{Model.Outputs[0].Name}' has shape [{string.Join(", ", outShape)}] for inputs of [1, 3, {paddedHeight}, {paddedWidth}]; an inpainting model must return [1, 3, {paddedHeight}, {paddedWidth}].");
            output = results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        progress?.Report(new AugmentProgress("inpaint", 1));

        // Back to the crop's size, then composite the masked pixels and the blend band.
        var result = image.Clone();
        var inverseScale = 1f / Options.OutputScale;
        var back = new float[cropWidth * cropHeight];
        for (var c = 0; c < 3; c++)
        {
            var source = output.AsSpan((int)(c * planeSize), (int)planeSize);
            for (var y = 0; y < modelHeight; y++)
                source.Slice(y * paddedWidth, modelWidth).CopyTo(resized.AsSpan(y * modelWidth, modelWidth));
            PlaneResampler.Resize(resized, modelWidth, modelHeight, back, cropWidth, cropHeight);
            if (image.ColorChannels == 1)
            {
                // Grey: the mean of the three outputs.
                if (c == 0) Array.Copy(back, crop, back.Length);
                else for (var i = 0; i < back.Length; i++) crop[i] += back[i];
                if (c < 2) continue;
                for (var i = 0; i < back.Length; i++) back[i] = crop[i] / 3f;
            }
            var plane = result.Plane(image.ColorChannels == 1 ? 0 : c);
            for (var y = 0; y < cropHeight; y++)
            {
                for (var x = 0; x < cropWidth; x++)
                {
                    var i = (top + y) * image.Width + left + x;
                    var weight = FillMask.FillWeight(distance[i], dilation);
                    if (weight <= 0f) continue;
                    var fill = back[y * cropWidth + x] * inverseScale;
                    plane[i] = weight >= 1f ? fill : fill * weight + plane[i] * (1f - weight);
                }
            }
        }
        return result;
    }

    /// <summary>Copies a plane into a larger one, mirroring it (without repeating the edge) beyond the right and bottom edges.</summary>
    internal static void PadReflect(ReadOnlySpan<float> source, int width, int height, Span<float> target, int paddedWidth, int paddedHeight)
    {
        for (var y = 0; y < paddedHeight; y++)
        {
            var sy = Reflect(y, height);
            for (var x = 0; x < paddedWidth; x++)
                target[y * paddedWidth + x] = source[sy * width + Reflect(x, width)];
        }
    }

    private static int Reflect(int i, int length)
    {
        if (i < length) return i;
        var mirrored = 2 * (length - 1) - i;
        return Math.Max(0, mirrored);
    }

    private bool _disposed;

    /// <summary>Disposes the model when this inpainter loaded it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsModel) Model.Dispose();
    }
}
