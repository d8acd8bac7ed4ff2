namespace Augment.Splat;

/// <summary>Limits and settings for reading splat files.</summary>
public sealed record SplatReadOptions
{
    /// <summary>The defaults.</summary>
    public static SplatReadOptions Default { get; } = new();

    /// <summary>Most splats a file may declare; larger declarations are refused before anything is allocated.</summary>
    public int MaxSplats { get; init; } = 50_000_000;

    /// <summary>Most bytes an archive member (SOG zip) or a decompressed stream (SPZ gzip) may expand to; guards against zip bombs.</summary>
    public long MaxDecompressedBytes { get; init; } = 8L << 30;

    /// <summary>Memory budget for the cloud; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }
}
