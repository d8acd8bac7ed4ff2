namespace Augment;

/// <summary>
/// How <see cref="OnnxModel.RunChunked"/> cuts sound into chunks along time. Chunks overlap by
/// <see cref="OverlapFrames"/>: the outer quarter on each side is context whose output is discarded,
/// the middle half a cross-fade, and the weights are normalised so they sum to one (windowed
/// overlap-add).
/// </summary>
public sealed record ChunkOptions
{
    /// <summary>65 536-frame chunks, 4 096 frames of overlap, one chunk per run, raised-cosine cross-fade.</summary>
    public static ChunkOptions Default { get; } = new();

    /// <summary>Frames per chunk; ignored when the model's time axis has a fixed length (that length is used).</summary>
    public int ChunkFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 65536;

    /// <summary>Overlap between neighbouring chunks in frames; at most half a chunk (larger values are reduced to that).</summary>
    public int OverlapFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 4096;

    /// <summary>Chunks per model run when the model's batch dimension is dynamic.</summary>
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
