namespace Augment.Vision;

/// <summary>Fluent entry points: <c>frame.Denoise(d => d.Strength(0.6f).Chroma(1.5f).PreserveTexture(0.3f))</c>.</summary>
public static class DenoiseExtensions
{
    /// <summary>Denoises the frame into a new one; see <see cref="ImageDenoiser.Denoise(ImageFrame, DenoiseOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>.</summary>
    /// <param name="frame">The noisy image.</param>
    /// <param name="configure">Sets options on a <see cref="DenoiseBuilder"/>; null for the defaults.</param>
    /// <param name="progress">Receives reports per tile (stage "denoise").</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    public static ImageFrame Denoise(this ImageFrame frame, Func<DenoiseBuilder, DenoiseBuilder>? configure = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ImageDenoiser.Denoise(frame, configure is null ? DenoiseOptions.Default : configure(new DenoiseBuilder()).Options, progress, cancellationToken);

    /// <summary>Denoises the frame with <paramref name="options"/>.</summary>
    /// <param name="frame">The noisy image.</param>
    /// <param name="options">The options record.</param>
    /// <param name="progress">Receives reports per tile (stage "denoise").</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    public static ImageFrame Denoise(this ImageFrame frame, DenoiseOptions options, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ImageDenoiser.Denoise(frame, options, progress, cancellationToken);

    /// <summary>Estimates the frame's noise level; see <see cref="NoiseLevel.Estimate"/>.</summary>
    /// <param name="frame">The image.</param>
    /// <param name="cancellationToken">Stops the estimate.</param>
    public static NoiseEstimate EstimateNoise(this ImageFrame frame, CancellationToken cancellationToken = default) =>
        NoiseLevel.Estimate(frame, cancellationToken: cancellationToken);
}
