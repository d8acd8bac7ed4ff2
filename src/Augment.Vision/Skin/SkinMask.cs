namespace Augment.Vision;

/// <summary>
/// Estimates where a frame shows skin, for grading that leaves skin natural
/// (<see cref="SkinProtection.ApplyProtectingSkin"/>). Classical chroma model: each pixel's CIELAB
/// hue, chroma and lightness are scored against the skin-tone band (hue ≈ 30–65°, moderate chroma,
/// neither near-black nor near-white) with soft fall-offs, then the plane is smoothed with a separable
/// Gaussian so masks derived from it have no seams. It knows nothing of faces or shapes: skin-coloured
/// wood or sand scores high too. An optional ONNX segmentation model (<see cref="SkinMaskOptions.Model"/>)
/// replaces or complements it (<see cref="SkinMaskOptions.Combine"/>).
/// </summary>
public static class SkinMask
{
    /// <summary>
    /// The skin likelihood of every pixel of <paramref name="frame"/>, 0 (not skin) to 1 (skin).
    /// Non-finite pixels score 0. Runs in parallel rows within the frame's <see cref="ComputeBudget"/>.
    /// With <see cref="SkinMaskOptions.Model"/> set, the model's mask is used (alone, or combined with the
    /// chroma likelihood by product or maximum) before the smoothing.
    /// </summary>
    /// <param name="frame">Three colour channels (alpha ignored) and a defined colour space.</param>
    /// <param name="options">Smoothing and model; <see cref="SkinMaskOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A one-channel <see cref="ColorSpace.Unspecified"/> frame of the same size that the caller disposes.</returns>
    /// <exception cref="ModelSignatureException">The model does not have the documented skin-segmentation signature.</exception>
    public static ImageFrame Estimate(ImageFrame frame, SkinMaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= SkinMaskOptions.Default;
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"A skin mask needs three colour channels; the frame has {frame.ColorChannels}.", nameof(frame));
        if (frame.ColorSpace == ColorSpace.Unspecified)
            throw new ArgumentException("The frame's colour space is unspecified; tag it (e.g. Srgb) before estimating skin.", nameof(frame));
        if (options.SmoothingRadiusPixels < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.SmoothingRadiusPixels, "The smoothing radius must not be negative.");
        if (options.Model is not null)
        {
            if (!Enum.IsDefined(options.ModelOutput))
                throw new ArgumentOutOfRangeException(nameof(options), options.ModelOutput, "Unknown skin model output kind.");
            if (!Enum.IsDefined(options.Combine))
                throw new ArgumentOutOfRangeException(nameof(options), options.Combine, "Unknown way to combine the skin model with the chroma model.");
            if (options.SkinClassIndex < 0)
                throw new ArgumentOutOfRangeException(nameof(options), options.SkinClassIndex, "SkinClassIndex must not be negative.");
            ArgumentOutOfRangeException.ThrowIfLessThan(options.ModelTileThresholdPixels, 1L, nameof(options));
        }

        if (options.Model is not null && options.Combine == SkinModelCombine.ModelOnly)
        {
            var modelOnly = SkinModelMask.Estimate(frame, options, cancellationToken);
            try
            {
                MaskBlur.BlurInPlace(modelOnly, options.SmoothingRadiusPixels, cancellationToken);
                return modelOnly;
            }
            catch
            {
                modelOnly.Dispose();
                throw;
            }
        }

        ImageFrame? linearCopy = null;
        ImageFrame? modelMask = null;
        var mask = ImageFrame.Create(frame.Width, frame.Height, 1, ColorSpace.Unspecified, budget: frame.Budget);
        try
        {
            // The model runs first so that a signature mismatch fails before any other work.
            if (options.Model is not null)
                modelMask = SkinModelMask.Estimate(frame, options, cancellationToken);
            var linear = frame.ColorSpace == ColorSpace.LinearSrgb ? frame : linearCopy = frame.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            var combine = options.Combine;
            RowBands.Run(linear, (first, end) =>
            {
                for (var y = first; y < end; y++)
                {
                    ReadOnlySpan<float> r = linear.Row(0, y), g = linear.Row(1, y), b = linear.Row(2, y);
                    var target = mask.Row(0, y);
                    for (var x = 0; x < target.Length; x++)
                        target[x] = SkinChromaModel.Likelihood(r[x], g[x], b[x]);
                    if (modelMask is null)
                        continue;
                    ReadOnlySpan<float> model = modelMask.Row(0, y);
                    for (var x = 0; x < target.Length; x++)
                        target[x] = combine == SkinModelCombine.Product ? target[x] * model[x] : Math.Max(target[x], model[x]);
                }
            }, cancellationToken);
            MaskBlur.BlurInPlace(mask, options.SmoothingRadiusPixels, cancellationToken);
            return mask;
        }
        catch
        {
            mask.Dispose();
            throw;
        }
        finally
        {
            linearCopy?.Dispose();
            modelMask?.Dispose();
        }
    }
}
