namespace Augment.Vision;

/// <summary>
/// Settings for <see cref="CanvasExtension"/> (outpainting): where the picture sits, how the new area is
/// filled, and the largest canvas allowed. Immutable; the fluent methods return changed copies.
/// </summary>
public sealed record ExtendOptions
{
    /// <summary>The defaults: centred, content-aware fill with <see cref="FillOptions.Default"/>, at most 100 megapixels.</summary>
    public static ExtendOptions Default { get; } = new();

    /// <summary>Where the original sits on the new canvas.</summary>
    public ExtendAnchor Position { get; init; } = ExtendAnchor.Center;

    /// <summary>How the new area is filled (patch size, seed, blend band into the original's edge).</summary>
    public FillOptions Fill { get; init; } = FillOptions.Default;

    /// <summary>When set, the new area is filled by this LaMa-style model instead of by patch copying.</summary>
    public OnnxInpainter? Model { get; init; }

    /// <summary>Largest canvas, megapixels (1..1000); a larger target is refused with a <see cref="ResourceLimitException"/>.</summary>
    public double MaxMegapixels { get; init; } = 100;

    /// <summary>A copy with another anchor.</summary>
    /// <param name="anchor">Where the original sits.</param>
    public ExtendOptions Anchor(ExtendAnchor anchor) => this with { Position = anchor };

    /// <summary>A copy with changed fill options.</summary>
    /// <param name="configure">Changes the current <see cref="Fill"/> options.</param>
    public ExtendOptions Filling(Func<FillOptions, FillOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return this with { Fill = configure(Fill) };
    }

    /// <summary>A copy that fills with a model.</summary>
    /// <param name="model">A loaded inpainting model (the caller disposes it).</param>
    public ExtendOptions UsingModel(OnnxInpainter model) => this with { Model = model };
}
