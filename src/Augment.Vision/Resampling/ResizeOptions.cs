namespace Augment.Vision;

/// <summary>
/// What <see cref="ResizeExtensions.Resize(ImageFrame, ResizeOptions, IProgress{AugmentProgress}?, CancellationToken)"/>
/// does: the output size, the kernel and whether to filter in linear light. Immutable; the fluent
/// methods return changed copies and do no work.
/// </summary>
/// <example>
/// <code>
/// using var small = frame.Resize(r => r.ToWidth(1600).Using(ResampleKernel.Mitchell));
/// using var box = frame.Resize(new ResizeOptions { Width = 800, Height = 800, Fit = ResizeFit.Within });
/// </code>
/// </example>
public sealed record ResizeOptions
{
    private readonly int? _width;
    private readonly int? _height;

    /// <summary>The defaults: no size yet (set one), Lanczos-3, linear light, exact fit.</summary>
    public static ResizeOptions Default { get; } = new();

    /// <summary>Output width in pixels (at least 1); null follows the aspect ratio from <see cref="Height"/>.</summary>
    public int? Width
    {
        get => _width;
        init
        {
            if (value is { } w)
                ArgumentOutOfRangeException.ThrowIfLessThan(w, 1, nameof(Width));
            _width = value;
        }
    }

    /// <summary>Output height in pixels (at least 1); null follows the aspect ratio from <see cref="Width"/>.</summary>
    public int? Height
    {
        get => _height;
        init
        {
            if (value is { } h)
                ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(Height));
            _height = value;
        }
    }

    /// <summary>The reconstruction filter; <see cref="ResampleKernel.Lanczos3"/> by default.</summary>
    public ResampleKernel Kernel { get; init; } = ResampleKernel.Lanczos3;

    /// <summary>
    /// Whether to filter in linear light (true by default): sRGB and Rec.709 (BT.1886) frames are decoded
    /// to linear before filtering and re-encoded after, so that a black-and-white pattern shrinks to the
    /// right mid-grey and bright highlights keep their energy. Linear and untagged frames are filtered as
    /// they are either way.
    /// </summary>
    public bool LinearLight { get; init; } = true;

    /// <summary>How the width and height become the output size; <see cref="ResizeFit.Exact"/> by default.</summary>
    public ResizeFit Fit { get; init; } = ResizeFit.Exact;

    /// <summary>A copy that resizes to exactly <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    /// <param name="width">Output width in pixels.</param>
    /// <param name="height">Output height in pixels.</param>
    public ResizeOptions To(int width, int height) => this with { Width = width, Height = height, Fit = ResizeFit.Exact };

    /// <summary>A copy that resizes to <paramref name="width"/> pixels wide, the height following the aspect ratio.</summary>
    /// <param name="width">Output width in pixels.</param>
    public ResizeOptions ToWidth(int width) => this with { Width = width, Height = null, Fit = ResizeFit.Exact };

    /// <summary>A copy that resizes to <paramref name="height"/> pixels high, the width following the aspect ratio.</summary>
    /// <param name="height">Output height in pixels.</param>
    public ResizeOptions ToHeight(int height) => this with { Width = null, Height = height, Fit = ResizeFit.Exact };

    /// <summary>A copy that resizes to the largest size within <paramref name="maxWidth"/> x <paramref name="maxHeight"/> that keeps the aspect ratio.</summary>
    /// <param name="maxWidth">Largest output width in pixels.</param>
    /// <param name="maxHeight">Largest output height in pixels.</param>
    public ResizeOptions Within(int maxWidth, int maxHeight) => this with { Width = maxWidth, Height = maxHeight, Fit = ResizeFit.Within };

    /// <summary>A copy that filters with <paramref name="kernel"/>.</summary>
    /// <param name="kernel">The reconstruction filter.</param>
    public ResizeOptions Using(ResampleKernel kernel) => this with { Kernel = kernel };

    /// <summary>A copy that filters in linear light (true) or on the encoded values as they are (false).</summary>
    /// <param name="linearLight">Whether to decode the transfer function around the filtering.</param>
    public ResizeOptions InLinearLight(bool linearLight = true) => this with { LinearLight = linearLight };

    /// <summary>
    /// The output size for a <paramref name="sourceWidth"/> x <paramref name="sourceHeight"/> source: a
    /// missing side follows the aspect ratio (rounded, at least 1 pixel).
    /// </summary>
    /// <param name="sourceWidth">Source width in pixels.</param>
    /// <param name="sourceHeight">Source height in pixels.</param>
    /// <exception cref="InvalidOperationException">Neither width nor height is set.</exception>
    public (int Width, int Height) TargetSize(int sourceWidth, int sourceHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        switch (Width, Height)
        {
            case (null, null):
                throw new InvalidOperationException("Resize needs a width, a height or both; set ResizeOptions.Width or Height.");
            case ({ } w, null):
                return (w, Scaled(sourceHeight, w, sourceWidth, nameof(Width)));
            case (null, { } h):
                return (Scaled(sourceWidth, h, sourceHeight, nameof(Height)), h);
            case ({ } w, { } h) when Fit == ResizeFit.Within:
                // Scale by the tighter bound; compare w/W with h/H without rounding: w·H vs h·W.
                return (long)w * sourceHeight <= (long)h * sourceWidth
                    ? (w, Math.Min(h, Scaled(sourceHeight, w, sourceWidth, nameof(Width))))
                    : (Math.Min(w, Scaled(sourceWidth, h, sourceHeight, nameof(Height))), h);
            case ({ } w, { } h):
                return (w, h);
        }
    }

    // length · numerator / denominator, rounded half up, at least 1.
    private static int Scaled(int length, int numerator, int denominator, string side)
    {
        var value = Math.Max(1L, (((long)length * numerator * 2) + denominator) / (2L * denominator));
        if (value > int.MaxValue)
            throw new InvalidOperationException($"{side}: keeping the aspect ratio makes the other side {value} pixels, more than an image can hold.");
        return (int)value;
    }
}
