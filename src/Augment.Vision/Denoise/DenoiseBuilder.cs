namespace Augment.Vision;

/// <summary>
/// Fluent sugar over <see cref="DenoiseOptions"/>: every method sets one field and returns the builder;
/// nothing runs until <see cref="ImageDenoiser.Denoise(ImageFrame, Func{DenoiseBuilder, DenoiseBuilder}, IProgress{AugmentProgress}?, CancellationToken)"/>.
/// </summary>
public sealed class DenoiseBuilder
{
    /// <summary>Starts from <paramref name="options"/> (or the defaults).</summary>
    public DenoiseBuilder(DenoiseOptions? options = null) => Options = options ?? DenoiseOptions.Default;

    /// <summary>The options set so far.</summary>
    public DenoiseOptions Options { get; private set; }

    /// <summary>Sets <see cref="DenoiseOptions.Strength"/> (0..4, 1 = tuned for the noise level).</summary>
    public DenoiseBuilder Strength(float strength) => Set(Options with { Strength = strength });

    /// <summary>Sets <see cref="DenoiseOptions.Chroma"/> (chroma strength relative to luma, 0..8).</summary>
    public DenoiseBuilder Chroma(float chroma) => Set(Options with { Chroma = chroma });

    /// <summary>Sets <see cref="DenoiseOptions.PreserveTexture"/> (0..1).</summary>
    public DenoiseBuilder PreserveTexture(float amount) => Set(Options with { PreserveTexture = amount });

    /// <summary>Sets <see cref="DenoiseOptions.Method"/>.</summary>
    public DenoiseBuilder Method(DenoiseMethod method) => Set(Options with { Method = method });

    /// <summary>Sets <see cref="DenoiseOptions.NoiseSigma"/> (sample units) instead of estimating it.</summary>
    public DenoiseBuilder NoiseSigma(float sigma) => Set(Options with { NoiseSigma = sigma });

    /// <summary>Sets the non-local-means patch and search radii in pixels.</summary>
    public DenoiseBuilder Window(int patchRadiusPixels, int searchRadiusPixels) =>
        Set(Options with { PatchRadius = patchRadiusPixels, SearchRadius = searchRadiusPixels });

    /// <summary>Uses a learned denoiser (see <see cref="DenoiseOptions.Model"/>).</summary>
    public DenoiseBuilder Model(OnnxModel model, TileOptions? tiles = null) => Set(Options with { Model = model, ModelTiles = tiles });

    private DenoiseBuilder Set(DenoiseOptions options)
    {
        Options = options;
        return this;
    }
}
