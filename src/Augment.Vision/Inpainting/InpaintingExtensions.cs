namespace Augment.Vision;

/// <summary>Fluent entry points for filling and extending frames.</summary>
public static class InpaintingExtensions
{
    /// <summary>Content-aware fill of the masked pixels (see <see cref="ContentAwareFill.Fill"/>).</summary>
    /// <param name="image">The picture (not modified).</param>
    /// <param name="mask">Same size; above 0.5 = fill.</param>
    /// <param name="configure">Changes the default <see cref="FillOptions"/>, for example <c>f =&gt; f.PatchSize(9).Seed(3)</c>.</param>
    /// <param name="progress">Receives stage "fill".</param>
    /// <param name="cancellationToken">Stops the fill.</param>
    /// <returns>A new frame.</returns>
    public static ImageFrame Fill(this ImageFrame image, ImageFrame mask, Func<FillOptions, FillOptions>? configure = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = configure is null ? FillOptions.Default : configure(FillOptions.Default);
        return ContentAwareFill.Fill(image, mask, options, progress, cancellationToken);
    }

    /// <summary>Extends the canvas to <paramref name="aspect"/> and fills the new area (see <see cref="CanvasExtension.Extend"/>).</summary>
    /// <param name="image">The picture (not modified).</param>
    /// <param name="aspect">Target width:height.</param>
    /// <param name="configure">Changes the default <see cref="ExtendOptions"/>, for example <c>e =&gt; e.Anchor(ExtendAnchor.Left)</c>.</param>
    /// <param name="progress">Receives stage "fill".</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A new, larger frame.</returns>
    public static ImageFrame Extend(this ImageFrame image, AspectRatio aspect, Func<ExtendOptions, ExtendOptions>? configure = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = configure is null ? ExtendOptions.Default : configure(ExtendOptions.Default);
        return CanvasExtension.Extend(image, aspect, options, progress, cancellationToken);
    }
}
