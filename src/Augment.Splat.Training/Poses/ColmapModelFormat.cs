namespace Augment.Splat.Training;

/// <summary>How a COLMAP sparse model is stored.</summary>
public enum ColmapModelFormat
{
    /// <summary>cameras.bin, images.bin, points3D.bin (little-endian).</summary>
    Binary,

    /// <summary>cameras.txt, images.txt, points3D.txt.</summary>
    Text,
}
