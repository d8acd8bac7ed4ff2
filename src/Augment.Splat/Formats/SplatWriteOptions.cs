namespace Augment.Splat;

/// <summary>Settings for writing splat files; each format reads the ones that apply to it.</summary>
public sealed record SplatWriteOptions
{
    /// <summary>The defaults.</summary>
    public static SplatWriteOptions Default { get; } = new();

    /// <summary>PLY only: write ASCII instead of binary little endian.</summary>
    public bool PlyAscii { get; init; }

    /// <summary>SPZ only: the version to write (2, 3 gzip, or 4, the container <c>splat-transform</c> writes by default).</summary>
    public int SpzVersion { get; init; } = 4;

    /// <summary>Memory budget for temporary buffers; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }
}
