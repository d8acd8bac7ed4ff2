using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Resizing and print sizing of <see cref="ImageFrame"/>s: <c>frame.Resize(1920, 1080)</c>,
/// <c>frame.Resize(r =&gt; r.ToWidth(1600).Using(ResampleKernel.Mitchell))</c>, <c>frame.ToPrint(8, 300)</c>.
/// Separable, in linear light by default, with alpha filtered premultiplied; see docs/vision-resampling.md.
/// </summary>
public static class ResizeExtensions
{
    /// <summary>A new frame of <paramref name="width"/> x <paramref name="height"/> pixels, filtered with <paramref name="kernel"/> in linear light.</summary>
    /// <param name="frame">The source; it is not modified.</param>
    /// <param name="width">Output width in pixels (at least 1).</param>
    /// <param name="height">Output height in pixels (at least 1).</param>
    /// <param name="kernel">The reconstruction filter; Lanczos-3 by default.</param>
    /// <returns>A frame the caller disposes, with the source's colour space, alpha, budget and resolution.</returns>
    /// <exception cref="ResourceLimitException">The output and the intermediate buffer would exceed the frame's memory budget.</exception>
    public static ImageFrame Resize(this ImageFrame frame, int width, int height, ResampleKernel kernel = ResampleKernel.Lanczos3) =>
        Resize(frame, new ResizeOptions { Width = width, Height = height, Kernel = kernel });

    /// <summary>A new frame resized as <paramref name="configure"/> sets up, starting from <see cref="ResizeOptions.Default"/>.</summary>
    /// <param name="frame">The source; it is not modified.</param>
    /// <param name="configure">Sets the size and, optionally, the kernel and light, e.g. <c>r =&gt; r.ToWidth(800)</c>.</param>
    /// <inheritdoc cref="Resize(ImageFrame, int, int, ResampleKernel)" path="/returns"/>
    public static ImageFrame Resize(this ImageFrame frame, Func<ResizeOptions, ResizeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Resize(frame, configure(ResizeOptions.Default));
    }

    /// <summary>A new frame resized as <paramref name="options"/> says.</summary>
    /// <param name="frame">The source; it is not modified.</param>
    /// <param name="options">Size, kernel, light and fit.</param>
    /// <param name="progress">Receives "resize" fractions; optional.</param>
    /// <param name="cancellationToken">Cancels between row bands.</param>
    /// <returns>A frame the caller disposes, with the source's colour space, alpha, budget and resolution.</returns>
    /// <exception cref="ArgumentException">The options name no size.</exception>
    /// <exception cref="ResourceLimitException">The output and the intermediate buffer would exceed the frame's memory budget, or the output has more samples than a frame can hold.</exception>
    public static ImageFrame Resize(this ImageFrame frame, ResizeOptions options, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Width is null && options.Height is null)
            throw new ArgumentException("Resize needs a width, a height or both (ResizeOptions.Width / Height).", nameof(options));
        var (width, height) = options.TargetSize(frame.Width, frame.Height);
        EnsureFits(frame, width, height, options.Kernel);
        cancellationToken.ThrowIfCancellationRequested();

        if (width == frame.Width && height == frame.Height)
            return frame.Clone(); // 1:1 is exact whatever the kernel (Mitchell would otherwise soften)

        var target = ImageFrame.Create(width, height, frame.Channels, frame.ColorSpace, frame.HasAlpha, frame.Budget);
        try
        {
            target.DotsPerInch = frame.DotsPerInch;
            var horizontal = KernelMap.Create(options.Kernel, frame.Width, width);
            var vertical = KernelMap.Create(options.Kernel, frame.Height, height);
            ResizeKernels.Resize(frame, target, horizontal, vertical, LinearizingTransfer(frame.ColorSpace, options.LinearLight), progress, cancellationToken);
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Resizes for print: <paramref name="widthInches"/> x <paramref name="dotsPerInch"/> pixels wide (rounded),
    /// the height following the aspect ratio, and records <paramref name="dotsPerInch"/> in
    /// <see cref="ImageFrame.DotsPerInch"/> so that a saved PNG (pHYs), JPEG (JFIF density) or TIFF
    /// (XResolution/YResolution) prints at that width.
    /// </summary>
    /// <param name="frame">The source; it is not modified.</param>
    /// <param name="widthInches">Printed width in inches (above 0).</param>
    /// <param name="dotsPerInch">Print resolution in pixels per inch (above 0; 300 is usual for photo prints).</param>
    /// <param name="kernel">The reconstruction filter; Lanczos-3 by default.</param>
    /// <returns>A frame the caller disposes.</returns>
    public static ImageFrame ToPrint(this ImageFrame frame, double widthInches, double dotsPerInch, ResampleKernel kernel = ResampleKernel.Lanczos3)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!double.IsFinite(widthInches) || widthInches <= 0)
            throw new ArgumentOutOfRangeException(nameof(widthInches), widthInches, "The print width must be a positive number of inches.");
        if (!double.IsFinite(dotsPerInch) || dotsPerInch <= 0)
            throw new ArgumentOutOfRangeException(nameof(dotsPerInch), dotsPerInch, "The print resolution must be a positive number of dots per inch.");
        var pixels = Math.Round(widthInches * dotsPerInch, MidpointRounding.AwayFromZero);
        if (pixels < 1 || pixels > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(widthInches),
                string.Create(CultureInfo.InvariantCulture, $"{widthInches} in at {dotsPerInch} dpi is {pixels} pixels; it must be 1 to {int.MaxValue}."));
        var result = Resize(frame, new ResizeOptions { Width = (int)pixels, Kernel = kernel });
        result.DotsPerInch = dotsPerInch;
        return result;
    }

    /// <summary>The transfer function decoded around the filtering, or null to filter the values as they are.</summary>
    internal static TransferFunction? LinearizingTransfer(ColorSpace space, bool linearLight) => !linearLight ? null : space switch
    {
        ColorSpace.Srgb => TransferFunction.Srgb,
        ColorSpace.Rec709 => TransferFunction.Bt1886,
        ColorSpace.Rec2020Pq => TransferFunction.Pq,
        ColorSpace.Rec2020Hlg => TransferFunction.Hlg,
        _ => null, // linear already, or not colour
    };

    private static void EnsureFits(ImageFrame frame, int width, int height, ResampleKernel kernel)
    {
        var samples = (long)width * height * frame.Channels;
        if (samples > Array.MaxLength)
            throw new ResourceLimitException(string.Create(CultureInfo.InvariantCulture,
                $"Resizing {frame.Width}x{frame.Height} to {width}x{height} ({frame.Channels} channels) needs {samples:N0} samples in one buffer, more than .NET allows ({Array.MaxLength:N0})."));
        // Per concurrent band: a ring of decoded source rows (the vertical window of eight output rows),
        // three eight-row strips of source width and one of target width.
        var verticalTaps = Math.Min(frame.Height, (long)Math.Floor(2 * ResampleFilters.Radius(kernel) * Math.Max(1.0, (double)frame.Height / height)) + 1);
        var ringRows = verticalTaps + (8L * (long)Math.Ceiling((double)frame.Height / height));
        var perBand = ((ringRows + 24) * frame.Width) + (8L * width);
        var bytes = (samples + (frame.Budget.MaxThreads * perBand)) * sizeof(float)
            + KernelMap.EstimateBytes(kernel, frame.Width, width) + KernelMap.EstimateBytes(kernel, frame.Height, height);
        frame.Budget.EnsureAllocation(bytes, string.Create(CultureInfo.InvariantCulture,
            $"Resizing {frame.Width}x{frame.Height} to {width}x{height} ({frame.Channels} channels: the output plus {frame.Budget.MaxThreads} band buffers of {perBand:N0} samples)"));
    }
}
