namespace Augment.Vision;

/// <summary>
/// Content-aware fill: removes what a mask covers and synthesises it from the rest of the image by
/// copying patches (PatchMatch search inside a coarse-to-fine EM completion, see
/// <see cref="FillOptions"/>), then cross-fades the fill into the original across a thin band so no
/// hard edge remains. Works on any frame (grey, RGB, with alpha; every plane is filled), in whatever
/// colour space the frame is in. Reproducible: the same image, mask and seed give the same pixels.
/// </summary>
/// <example>
/// <code>
/// using var photo = ImageFile.Load("beach.jpg");
/// using var mask = ImageFile.Load("tourist-mask.png");   // white where the tourist is
/// using var clean = ContentAwareFill.Fill(photo, mask, FillOptions.Default.Seed(1), progress, ct);
/// </code>
/// </example>
public static class ContentAwareFill
{
    /// <summary>
    /// Fills the masked pixels of <paramref name="image"/>. Pixels farther than
    /// <see cref="FillOptions.MaskDilationPixels"/> from the mask keep their exact values; pixels in that
    /// band are a cross-fade of fill and original; masked pixels are synthesised.
    /// </summary>
    /// <param name="image">The picture (not modified).</param>
    /// <param name="mask">Same size as the image; a pixel whose value (the mean of the colour planes) is above 0.5 is filled.</param>
    /// <param name="options">Patch size, iterations, seed, dilation; <see cref="FillOptions.Default"/> when null.</param>
    /// <param name="progress">Receives stage "fill" with the fraction done.</param>
    /// <param name="cancellationToken">Stops the fill between PatchMatch passes.</param>
    /// <returns>A new frame (the caller disposes it). An empty mask returns an unchanged copy.</returns>
    /// <exception cref="ArgumentException">The mask's size differs from the image's (both sizes are named), the image is smaller
    /// than a patch, or the mask leaves no patch wholly outside it to copy from.</exception>
    /// <exception cref="ResourceLimitException">The working memory would exceed the budget.</exception>
    public static ImageFrame Fill(ImageFrame image, ImageFrame mask, FillOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        options ??= FillOptions.Default;
        options.Validate();
        var budget = options.Budget ?? image.Budget;
        var holes = FillMask.Threshold(image, mask, out var holeCount);
        if (holeCount == 0)
        {
            progress?.Report(new AugmentProgress("fill", 1));
            return image.Clone();
        }
        var patch = options.PatchSizePixels;
        if (image.Width < patch || image.Height < patch)
            throw new ArgumentException($"The image is {image.Width}x{image.Height} pixels, smaller than one {patch}x{patch} patch.", nameof(image));
        budget.EnsureAllocation(WorkingBytes(image), $"Filling a {image.Width}x{image.Height}x{image.Channels} image");

        var dilation = options.MaskDilationPixels;
        var distance = FillMask.ChessboardDistance(holes, image.Width, image.Height, dilation);
        var finest = new FillLevel(image.Width, image.Height, image.Channels);
        Interleave(image, finest.Pixels);
        FillMask.Dilate(distance, dilation).CopyTo(finest.Hole, 0);
        if (PatchMatchCompletion.CountSources(finest, patch / 2) == 0)
        {
            throw new ArgumentException(
                $"Nothing to copy from: the mask covers {holeCount} of {image.PixelCount} pixels and, grown by {dilation} pixels, " +
                $"leaves no {patch}x{patch} patch wholly outside it.", nameof(mask));
        }
        var pyramid = BuildPyramid(finest, options);
        PatchMatchCompletion.Run(pyramid, options, budget, progress, cancellationToken);

        var result = image.Clone();
        Compose(finest, distance, dilation, result);
        return result;
    }

    /// <summary>Working memory of a fill: the interleaved pyramid, masks, match fields and the result (about 4/3 for the pyramid).</summary>
    internal static long WorkingBytes(ImageFrame image) =>
        (long)image.PixelCount * (8L * image.Channels + 40) * 4 / 3;

    private static FillLevel[] BuildPyramid(FillLevel finest, FillOptions options)
    {
        var radius = options.PatchSizePixels / 2;
        var levels = new List<FillLevel> { finest };
        var minimumSide = Math.Max(options.CoarsestLevelPixels, 4 * options.PatchSizePixels);
        while (true)
        {
            var current = levels[^1];
            if (Math.Min((current.Width + 1) / 2, (current.Height + 1) / 2) < minimumSide)
                break;
            var coarser = current.Downsample();
            // A level needs enough whole source patches to be worth searching.
            if (PatchMatchCompletion.CountSources(coarser, radius) < 16)
                break;
            levels.Add(coarser);
        }
        return [.. levels];
    }

    private static void Interleave(ImageFrame image, float[] pixels)
    {
        var channels = image.Channels;
        var count = image.PixelCount;
        for (var c = 0; c < channels; c++)
        {
            var plane = image.Plane(c);
            for (var i = 0; i < count; i++)
                pixels[i * channels + c] = plane[i];
        }
    }

    /// <summary>Writes the fill into <paramref name="result"/> (a copy of the original), cross-fading across the grown band.</summary>
    private static void Compose(FillLevel filled, int[] distance, int dilation, ImageFrame result)
    {
        var channels = result.Channels;
        var count = result.PixelCount;
        for (var c = 0; c < channels; c++)
        {
            var plane = result.Plane(c);
            for (var i = 0; i < count; i++)
            {
                var weight = FillMask.FillWeight(distance[i], dilation);
                if (weight <= 0f) continue;
                var fill = filled.Pixels[i * channels + c];
                plane[i] = weight >= 1f ? fill : fill * weight + plane[i] * (1f - weight);
            }
        }
    }
}
