using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Vision;

/// <summary>
/// Enlarges images x2, x4 (or any whole factor up to 8): with an ONNX super-resolution model run in
/// overlapping tiles with feathered seams, or classically with Lanczos-3 and an edge-gated unsharp
/// mask. Output is streamed a band of rows at a time: <see cref="UpscaleToFile"/> quantises rows
/// straight into the 8/16-bit image it encodes, so a 25 MP → 100 MP x2 upscale holds about
/// 1 GB (see the guide for the formula) instead of the 1.2 GB float output alone.
/// Models see sRGB-encoded values in 0..1 (what they were trained on); frames in other colour
/// spaces are converted on the way in and back on the way out. Alpha is upsampled with Lanczos.
/// </summary>
/// <example>
/// <code>
/// using var model = OnnxModel.Load("sr-x4.onnx");
/// using var frame = ImageFile.Load("small.png");
/// using var large = frame.Upscale(u => u.Model(model).DetailGuard(0.3f));
/// Upscaler.UpscaleToFile(frame, "large.png", new UpscaleOptions { ScaleFactor = 2 });
/// </code>
/// </example>
public static class Upscaler
{
    private const string Stage = "upscale";
    private const int ClassicalBandRows = 64;

    /// <summary>Upscales <paramref name="frame"/> into a new frame in the frame's colour space.</summary>
    /// <param name="frame">RGB or RGBA (three colour channels), any defined colour space; not modified.</param>
    /// <param name="options">Scale, model, detail guard, sharpening and tiles; <see cref="UpscaleOptions.Default"/> when null.</param>
    /// <param name="progress">Reports tiles ("inference") with a model, rows ("upscale") without.</param>
    /// <param name="cancellationToken">Stops the work between tiles or bands.</param>
    /// <returns>A frame <c>scale</c> times larger on each axis, which the caller disposes.</returns>
    /// <exception cref="ArgumentException">The frame does not have three colour channels.</exception>
    /// <exception cref="ModelSignatureException">The model is not a float NCHW 3-channel image model with a whole, equal scale on both axes, or its scale differs from <see cref="UpscaleOptions.ScaleFactor"/>.</exception>
    /// <exception cref="ResourceLimitException">The output or the working buffers exceed the frame's budget or the largest frame.</exception>
    public static ImageFrame Upscale(ImageFrame frame, UpscaleOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var destination = new FrameDestination();
        Run(frame, options ?? UpscaleOptions.Default, destination, frame.ColorSpace, progress, cancellationToken);
        return destination.Take();
    }

    /// <summary>
    /// Upscales <paramref name="frame"/> and encodes the result to <paramref name="path"/> without
    /// ever holding the float output: rows are quantised into the 8/16-bit image as they finish.
    /// The file is written atomically (nothing appears unless the whole image was written) and holds
    /// sRGB-encoded values.
    /// </summary>
    /// <param name="frame">RGB or RGBA, any defined colour space; not modified.</param>
    /// <param name="path">Destination (.png, .jpg, .tif, .webp, .bmp); 16-bit output needs PNG.</param>
    /// <param name="options">Scale, model, detail guard, sharpening and tiles.</param>
    /// <param name="saveOptions">Format, bit depth and quality.</param>
    /// <param name="progress">Reports tiles or rows.</param>
    /// <param name="cancellationToken">Stops the work; nothing is written then.</param>
    /// <returns>The scale used.</returns>
    /// <exception cref="UnsupportedFormatException">The extension is unknown, or the format cannot hold the bit depth or alpha.</exception>
    /// <inheritdoc cref="Upscale(ImageFrame, UpscaleOptions?, IProgress{AugmentProgress}?, CancellationToken)" path="/exception"/>
    public static int UpscaleToFile(ImageFrame frame, string path, UpscaleOptions? options = null, ImageSaveOptions? saveOptions = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrEmpty(path);
        saveOptions ??= ImageSaveOptions.Default;
        var format = saveOptions.Format ?? ImageFile.FormatFromExtension(path);
        if (format == ImageFileFormat.Tiff && saveOptions.BitsPerChannel == 16)
            throw new UnsupportedFormatException($"'{path}': streamed upscaling writes 16-bit output as PNG only; use a .png file or 8 bits.");
        // Choose (and validate) the encoder before any work, so that a bad request fails first.
        SixLabors.ImageSharp.Formats.IImageEncoder encoder;
        using (var shape = ImageFrame.Create(1, 1, frame.HasAlpha ? 4 : 3, ColorSpace.Srgb, frame.HasAlpha, frame.Budget))
            encoder = ImageEncoding.EncoderFor(format, saveOptions, shape, path);
        using var destination = new EncodedDestination(saveOptions.BitsPerChannel);
        var scale = Run(frame, options ?? UpscaleOptions.Default, destination, ColorSpace.Srgb, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.Write(path, stream => destination.Save(stream, encoder));
        return scale;
    }

    /// <summary>
    /// Checks that <paramref name="model"/> has the super-resolution signature (one float input
    /// [n, 3, h, w], a float output [n, 3, H, W]) and returns its scale when its shapes are fixed,
    /// or null when the scale is only known from a run (it is then inferred from the first tile).
    /// </summary>
    /// <param name="model">The model to check.</param>
    /// <exception cref="ModelSignatureException">The signature differs; the message gives the model's shapes.</exception>
    public static int? CheckModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var signature = new ModelSignature()
            .Input(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
            .Output(null, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);
        var problems = signature.Compare(model.Inputs, model.Outputs);
        if (problems.Count > 0)
        {
            throw new ModelSignatureException(
                $"Model '{model.Source}' is not a super-resolution model of the expected signature (input float [n, 3, h, w] with sRGB values in 0..1, output float [n, 3, h*s, w*s]): " +
                $"{string.Join("; ", problems)}. The model has inputs ({string.Join(", ", model.Inputs)}) and outputs ({string.Join(", ", model.Outputs)}).");
        }
        var input = model.Inputs[0].Dims;
        var output = model.Outputs[0].Dims;
        if (!(input[2].IsFixed && input[3].IsFixed && output[2].IsFixed && output[3].IsFixed) || input[2].Size < 1 || input[3].Size < 1)
            return null;
        var sy = output[2].Size / input[2].Size;
        var sx = output[3].Size / input[3].Size;
        if (sy != sx || sy < 2 || output[2].Size != sy * input[2].Size || output[3].Size != sx * input[3].Size)
            throw new ModelSignatureException($"Model '{model.Source}' maps {input[3].Size}x{input[2].Size} to {output[3].Size}x{output[2].Size}; an upscaler needs the same whole scale (x2, x4) on both axes.");
        return (int)sx;
    }

    private static int Run(ImageFrame frame, UpscaleOptions options, UpscaleDestination destination, ColorSpace outputSpace, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"Upscaling needs three colour channels (RGB or RGBA); the frame has {frame.ColorChannels}.", nameof(frame));
        var model = options.Model;
        int? requested = options.ScaleFactor;
        if (model is not null && CheckModel(model) is { } fixedScale && requested is { } r && r != fixedScale)
            throw new ModelSignatureException($"Model '{model.Source}' upscales x{fixedScale}, but x{r} was requested; omit the scale or use a x{r} model.");
        var plannedScale = requested ?? (model is null ? 2 : 1);
        CheckSize(frame, plannedScale);

        // The working copy is only needed to convert colours, or to drop alpha for a model; the
        // classical path and the model path on sRGB RGB read the frame itself (one frame less to hold).
        var needsCopy = frame.ColorSpace is not (ColorSpace.Srgb or ColorSpace.Unspecified) || (model is not null && frame.HasAlpha);
        using var copy = needsCopy ? ToSrgb(frame, cancellationToken) : null;
        var prep = copy ?? frame;
        var guard = model is null ? 0f : options.DetailGuard;
        using var residual = guard > 0f ? EdgeAwareSharpen.Residual(prep, cancellationToken) : null;
        using var pipeline = new UpscalePipeline(frame, residual, guard, requested, model, destination, outputSpace, cancellationToken);
        if (model is not null)
        {
            model.RunTiledStreaming(prep, pipeline, options.Tiles, progress, cancellationToken);
            return pipeline.Scale;
        }
        Classical(prep, plannedScale, options.SharpenAmount, pipeline, progress, cancellationToken);
        return plannedScale;
    }

    /// <summary>
    /// Lanczos bands of <see cref="ClassicalBandRows"/> output rows; each band first sharpens just the
    /// source rows it reads (plus the blur's margin) into small buffers, so nothing frame-sized is added.
    /// </summary>
    private static void Classical(ImageFrame source, int scale, float sharpen, UpscalePipeline pipeline, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var upsampler = new LanczosUpsampler(scale);
        var width = source.Width * scale;
        var height = source.Height * scale;
        pipeline.Begin(width, height, 3, scale, scale);
        var bandRows = Math.Min(ClassicalBandRows, height);
        var budget = source.Budget;
        using var band = ImageFrame.Create(width, bandRows, 3, ColorSpace.Srgb, false, budget);
        var maxSourceRows = bandRows / scale + 2 * LanczosUpsampler.Taps;
        using var sharpened = sharpen > 0f ? ImageFrame.Create(source.Width, maxSourceRows, 3, ColorSpace.Srgb, false, budget) : null;
        using var across = sharpen > 0f ? ImageFrame.Create(source.Width, maxSourceRows + 16, 3, ColorSpace.Srgb, false, budget) : null;
        using var blurred = sharpen > 0f ? ImageFrame.Create(source.Width, maxSourceRows + 2, 3, ColorSpace.Srgb, false, budget) : null;
        var parallel = budget.ToParallelOptions(cancellationToken);
        for (var first = 0; first < height; first += bandRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(bandRows, height - first);
            var top = first;
            var rowsFrom = source;
            var rowsFirst = 0;
            if (sharpened is not null)
            {
                var (from, end) = upsampler.SourceRows(first, first + count, source.Height);
                EdgeAwareSharpen.SharpenRows(source, from, end, sharpen, sharpened, across!, blurred!, parallel);
                rowsFrom = sharpened;
                rowsFirst = from;
            }
            Parallel.For(0, count, parallel,
                () => System.Buffers.ArrayPool<float>.Shared.Rent(source.Width),
                (i, _, scratch) =>
                {
                    for (var c = 0; c < 3; c++)
                        upsampler.UpsampleRow(rowsFrom.Plane(c), source.Width, source.Height, rowsFirst, top + i, band.Row(c, i), scratch);
                    return scratch;
                },
                scratch => System.Buffers.ArrayPool<float>.Shared.Return(scratch));
            pipeline.WriteRows(band, first, count);
            progress?.Report(AugmentProgress.Items(Stage, first + count, height));
        }
    }

    private static void CheckSize(ImageFrame frame, int scale)
    {
        var width = (long)frame.Width * scale;
        var height = (long)frame.Height * scale;
        if (width * height > int.MaxValue || width > int.MaxValue)
            throw new ResourceLimitException($"A x{scale} upscale of {frame.Width}x{frame.Height} would be {width}x{height} = {width * height} pixels, more than the {int.MaxValue} pixels an image can hold.");
    }

    /// <summary>A three-plane sRGB-encoded copy of the frame's colour planes (what SR models and the sharpener expect).</summary>
    private static ImageFrame ToSrgb(ImageFrame frame, CancellationToken cancellationToken)
    {
        var space = frame.ColorSpace is ColorSpace.Unspecified ? ColorSpace.Srgb : frame.ColorSpace;
        var prep = ImageFrame.Create(frame.Width, frame.Height, 3, space, false, frame.Budget);
        try
        {
            for (var c = 0; c < 3; c++) frame.Plane(c).CopyTo(prep.Plane(c));
            prep.ConvertColorSpaceInPlace(ColorSpace.Srgb, cancellationToken);
            return prep;
        }
        catch
        {
            prep.Dispose();
            throw;
        }
    }
}
