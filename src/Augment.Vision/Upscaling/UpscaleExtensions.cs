namespace Augment.Vision;

/// <summary>Fluent upscaling of <see cref="ImageFrame"/>s; see <see cref="Upscaler"/>.</summary>
public static class UpscaleExtensions
{
    /// <summary>Upscales with options built fluently, e.g. <c>frame.Upscale(u => u.Scale(2).Model(model).DetailGuard(0.3f))</c>.</summary>
    /// <param name="frame">RGB or RGBA; not modified.</param>
    /// <param name="configure">Sets options on a builder that starts from <see cref="UpscaleOptions.Default"/>.</param>
    /// <param name="progress">Reports tiles or rows.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A new, larger frame in the input's colour space.</returns>
    /// <inheritdoc cref="Upscaler.Upscale" path="/exception"/>
    public static ImageFrame Upscale(this ImageFrame frame, Func<UpscaleBuilder, UpscaleBuilder> configure, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Upscaler.Upscale(frame, configure(new UpscaleBuilder()).Options, progress, cancellationToken);
    }

    /// <summary>Upscales with <paramref name="options"/> (<see cref="UpscaleOptions.Default"/> when null).</summary>
    /// <param name="frame">RGB or RGBA; not modified.</param>
    /// <param name="options">Scale, model, detail guard, sharpening and tiles.</param>
    /// <param name="progress">Reports tiles or rows.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A new, larger frame in the input's colour space.</returns>
    /// <inheritdoc cref="Upscaler.Upscale" path="/exception"/>
    public static ImageFrame Upscale(this ImageFrame frame, UpscaleOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Upscaler.Upscale(frame, options, progress, cancellationToken);
}
