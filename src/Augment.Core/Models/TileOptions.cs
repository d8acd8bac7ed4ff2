namespace Augment;

/// <summary>
/// How <see cref="OnnxModel.RunTiled"/> cuts an image into tiles. Tiles overlap by
/// <see cref="OverlapPixels"/>: the outer quarter of the overlap on each side is context the model
/// sees but whose output is discarded (so a convolution's zero padding at a tile edge never reaches
/// the result), and the middle half is a cross-fade; the weights are normalised so they sum to one.
/// Output equals a whole-image run wherever the model's receptive radius is at most a quarter of the
/// overlap.
/// </summary>
public sealed record TileOptions
{
    /// <summary>256-pixel tiles, 16 pixels of overlap, one tile per run, raised-cosine blending.</summary>
    public static TileOptions Default { get; } = new();

    /// <summary>
    /// Side of a square tile in input pixels. Ignored on an axis where the model's input has a fixed
    /// size (that size is used); an image smaller than a tile runs whole.
    /// </summary>
    public int TileSizePixels
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 256;

    /// <summary>Overlap between neighbouring tiles in input pixels; at most half the tile (larger values are reduced to that).</summary>
    public int OverlapPixels
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 16;

    /// <summary>
    /// Tiles per model run when the model's batch dimension is dynamic (a fixed batch size is used
    /// as it is). Larger batches help GPUs; on a CPU 1 is usually as fast.
    /// </summary>
    public int BatchSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 1;

    /// <summary>Shape of the cross-fade.</summary>
    public BlendRamp Blend { get; init; } = BlendRamp.RaisedCosine;

    /// <summary>The model input to feed, or null for the first (the model must then have exactly one input).</summary>
    public string? InputName { get; init; }

    /// <summary>The model output to read, or null for the first.</summary>
    public string? OutputName { get; init; }
}
