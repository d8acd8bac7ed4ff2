namespace Augment.Splat;

/// <summary>The Gaussian-splat file formats Augment reads and writes.</summary>
public enum SplatFormat
{
    /// <summary>The 3DGS reference PLY (<c>.ply</c>): binary little/big endian or ASCII, any property order, SH degree 0-3.</summary>
    Ply,

    /// <summary>antimatter15's <c>.splat</c>: 32 bytes a splat, no spherical harmonics beyond the DC colour.</summary>
    Splat,

    /// <summary>Niantic's <c>.spz</c>: quantised, gzip (versions 2 and 3) or the version-4 container.</summary>
    Spz,

    /// <summary>PlayCanvas <c>.compressed.ply</c>: chunked quantisation.</summary>
    CompressedPly,

    /// <summary>PlayCanvas SOG (<c>.sog</c> zip, or a folder with <c>meta.json</c> and WebP images).</summary>
    Sog,

    /// <summary>mkkellogg's <c>.ksplat</c> (read only).</summary>
    Ksplat,
}
