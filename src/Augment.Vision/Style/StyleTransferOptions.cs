namespace Augment.Vision;

/// <summary>How <see cref="StyleTransfer"/> runs a feed-forward style model.</summary>
public sealed record StyleTransferOptions
{
    /// <summary>Full strength, 256-pixel tiles with 32 pixels of overlap.</summary>
    public static StyleTransferOptions Default { get; } = new();

    /// <summary>
    /// Mix of the stylised result with the original, 0 (original) to 1 (fully stylised), in
    /// sRGB-encoded values.
    /// </summary>
    public float Strength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Strength));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1f, nameof(Strength));
            field = value;
        }
    } = 1f;

    /// <summary>
    /// Tiling. Style networks see far (residual blocks after two stride-2 convolutions), so the
    /// default overlap is wider than for super-resolution; tiles still differ slightly from a
    /// whole-image run where the network normalises per image (instance normalisation).
    /// </summary>
    public TileOptions Tiles
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Tiles));
            field = value;
        }
    } = new() { TileSizePixels = 256, OverlapPixels = 32 };

    /// <summary>A copy with <see cref="Strength"/> set.</summary>
    /// <param name="strength">0..1.</param>
    public StyleTransferOptions WithStrength(float strength) => this with { Strength = strength };

    /// <summary>A copy with the tile size and overlap set, in pixels.</summary>
    /// <param name="tileSizePixels">Tile side.</param>
    /// <param name="overlapPixels">Overlap between tiles.</param>
    public StyleTransferOptions WithTiles(int tileSizePixels, int overlapPixels = 32) =>
        this with { Tiles = Tiles with { TileSizePixels = tileSizePixels, OverlapPixels = overlapPixels } };
}
