using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Model-free descriptors of a picture: dominant colours with everyday names, mean lightness, RMS contrast,
/// colourfulness, warmth and how nearly grey it is. Measured on a box-averaged copy whose long side is
/// <see cref="DescriptorOptions.AnalysisSizePixels"/> (128 by default), so a 1080p keyframe costs about as much as a
/// thumbnail. Deterministic: the same pixels and options always give the same result. See docs/library-descriptors.md.
/// </summary>
public static class ImageDescriptors
{
    /// <summary>Measures the descriptors of <paramref name="frame"/>.</summary>
    /// <param name="frame">The picture: sRGB-encoded RGB (or grey) of any size; other tagged colour spaces are converted
    /// to sRGB after the downscale. Alpha is ignored. Not modified.</param>
    /// <param name="options">The settings; <see cref="DescriptorOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the downscale.</param>
    /// <returns>The descriptors.</returns>
    /// <exception cref="ArgumentException">The options are out of range, or the frame has two colour channels.</exception>
    public static ImageDescriptorSet Compute(ImageFrame frame, DescriptorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= DescriptorOptions.Default;
        options.Validate(nameof(options));
        if (frame.ColorChannels == 2)
            throw new ArgumentException("Descriptors need a grey or an RGB picture; the frame has 2 colour channels.", nameof(frame));

        var (width, height) = DescriptorKernels.TargetSize(frame.Width, frame.Height, options.AnalysisSizePixels);
        using var small = DescriptorKernels.BoxDownscale(frame, width, height, cancellationToken);
        if (small.ColorSpace is not (ColorSpace.Srgb or ColorSpace.Unspecified))
            small.ConvertColorSpaceInPlace(ColorSpace.Srgb, cancellationToken);
        return DescriptorKernels.Measure(small, options.ColorCount);
    }
}
