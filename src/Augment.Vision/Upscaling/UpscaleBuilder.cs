namespace Augment.Vision;

/// <summary>
/// Fluent construction of <see cref="UpscaleOptions"/>: each method sets one field of the
/// immutable record and returns the builder; nothing runs until the upscale itself.
/// </summary>
/// <example>
/// <code>
/// using var large = frame.Upscale(u => u.Scale(2).Model(model).DetailGuard(0.3f));
/// </code>
/// </example>
public sealed class UpscaleBuilder
{
    /// <summary>Starts from <paramref name="options"/>, or <see cref="UpscaleOptions.Default"/> when null.</summary>
    public UpscaleBuilder(UpscaleOptions? options = null) => Options = options ?? UpscaleOptions.Default;

    /// <summary>The options built so far.</summary>
    public UpscaleOptions Options { get; private set; }

    /// <summary>Sets <see cref="UpscaleOptions.ScaleFactor"/> (2 to 8).</summary>
    public UpscaleBuilder Scale(int factor)
    {
        Options = Options with { ScaleFactor = factor };
        return this;
    }

    /// <summary>Sets <see cref="UpscaleOptions.Model"/> (null for the classical path).</summary>
    public UpscaleBuilder Model(OnnxModel? model)
    {
        Options = Options with { Model = model };
        return this;
    }

    /// <summary>Sets <see cref="UpscaleOptions.DetailGuard"/> (0..1).</summary>
    public UpscaleBuilder DetailGuard(float amount)
    {
        Options = Options with { DetailGuard = amount };
        return this;
    }

    /// <summary>Sets <see cref="UpscaleOptions.SharpenAmount"/> (0..2, classical path).</summary>
    public UpscaleBuilder Sharpen(float amount)
    {
        Options = Options with { SharpenAmount = amount };
        return this;
    }

    /// <summary>Sets the tile size and overlap of model runs, in input pixels.</summary>
    public UpscaleBuilder Tiles(int tileSizePixels, int overlapPixels = 16)
    {
        Options = Options with { Tiles = Options.Tiles with { TileSizePixels = tileSizePixels, OverlapPixels = overlapPixels } };
        return this;
    }

    /// <summary>Sets <see cref="UpscaleOptions.Tiles"/>.</summary>
    public UpscaleBuilder Tiles(TileOptions tiles)
    {
        Options = Options with { Tiles = tiles };
        return this;
    }
}
