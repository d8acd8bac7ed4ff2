namespace Augment.Vision;

/// <summary>
/// Outpainting: puts the picture on a canvas of another aspect ratio (only ever larger: the picture is
/// never cropped), masks the new area, and fills it by content-aware fill or a LaMa-style model. The
/// fill's blend band (<see cref="FillOptions.MaskDilationPixels"/>) reaches that far into the original
/// along the seam; the rest of the original is copied unchanged.
/// </summary>
/// <example>
/// <code>
/// using var wide = portrait.Extend(AspectRatio.Parse("16:9"), e =&gt; e.Anchor(ExtendAnchor.Center));
/// </code>
/// </example>
public static class CanvasExtension
{
    /// <summary>The canvas size for <paramref name="aspect"/>: the picture's width or height grown (never shrunk) to reach it.</summary>
    /// <param name="width">Picture width, pixels.</param>
    /// <param name="height">Picture height, pixels.</param>
    /// <param name="aspect">Target width:height.</param>
    public static (int Width, int Height) CanvasSize(int width, int height, AspectRatio aspect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!(aspect.Value > 0) || !double.IsFinite(aspect.Value))
            throw new ArgumentOutOfRangeException(nameof(aspect), aspect, "The aspect ratio must be positive.");
        var wider = Math.Round(height * aspect.Value);
        if (wider >= width)
            return ((int)Math.Min(wider, int.MaxValue), height);
        var taller = Math.Round(width / aspect.Value);
        return (width, (int)Math.Min(Math.Max(taller, height), int.MaxValue));
    }

    /// <summary>Extends <paramref name="image"/> to <paramref name="aspect"/> and fills the new area.</summary>
    /// <param name="image">The picture (not modified).</param>
    /// <param name="aspect">Target width:height, such as 16:9.</param>
    /// <param name="options">Anchor, fill settings or model; <see cref="ExtendOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the fill's progress.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A new frame of the canvas size; a copy when the picture already has the aspect.</returns>
    /// <exception cref="ResourceLimitException">The canvas would exceed <see cref="ExtendOptions.MaxMegapixels"/> or the memory budget.</exception>
    public static ImageFrame Extend(ImageFrame image, AspectRatio aspect, ExtendOptions? options = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= ExtendOptions.Default;
        if (options.MaxMegapixels is < 1 or > 1000 || double.IsNaN(options.MaxMegapixels))
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxMegapixels, $"MaxMegapixels must be between 1 and 1000; it is {options.MaxMegapixels}.");
        var (width, height) = CanvasSize(image.Width, image.Height, aspect);
        if (width == image.Width && height == image.Height)
            return image.Clone();
        var megapixels = (double)width * height / 1e6;
        if (megapixels > options.MaxMegapixels)
        {
            throw new ResourceLimitException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Extending {image.Width}x{image.Height} to {aspect} needs a {width}x{height} canvas ({megapixels:0.#} MP), more than the limit of {options.MaxMegapixels:0.#} MP."));
        }
        var (left, top) = Placement(image.Width, image.Height, width, height, options.Position);
        using var canvas = ImageFrame.Create(width, height, image.Channels, image.ColorSpace, image.HasAlpha, image.Budget);
        using var mask = ImageFrame.Create(width, height, 1, ColorSpace.Srgb, false, image.Budget);
        mask.Data.Fill(1f);
        for (var y = 0; y < image.Height; y++)
        {
            for (var c = 0; c < image.Channels; c++)
                image.Row(c, y).CopyTo(canvas.Row(c, top + y).Slice(left));
            mask.Row(0, top + y).Slice(left, image.Width).Clear();
        }
        return options.Model is { } model
            ? model.Inpaint(canvas, mask, progress, cancellationToken)
            : ContentAwareFill.Fill(canvas, mask, options.Fill, progress, cancellationToken);
    }

    /// <summary>Top-left corner of the picture on the canvas.</summary>
    internal static (int Left, int Top) Placement(int width, int height, int canvasWidth, int canvasHeight, ExtendAnchor anchor)
    {
        var left = (canvasWidth - width) / 2;
        var top = (canvasHeight - height) / 2;
        switch (anchor)
        {
            case ExtendAnchor.Left: left = 0; break;
            case ExtendAnchor.Right: left = canvasWidth - width; break;
            case ExtendAnchor.Top: top = 0; break;
            case ExtendAnchor.Bottom: top = canvasHeight - height; break;
        }
        return (left, top);
    }
}
