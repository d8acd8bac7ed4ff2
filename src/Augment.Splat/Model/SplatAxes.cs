namespace Augment.Splat;

/// <summary>
/// The axis conventions splat files use, named by where +x, +y and +z point: right/left, up/down,
/// forward/back. All three are right-handed, so converting between them is a 180-degree turn about one axis.
/// </summary>
public enum SplatAxes
{
    /// <summary>x right, y down, z forward: the 3DGS reference PLY and COLMAP (OpenCV cameras).</summary>
    Rdf,

    /// <summary>x right, y up, z back: OpenGL / three.js, and the SPZ specification.</summary>
    Rub,

    /// <summary>x left, y up, z forward: some engines' scene space (e.g. PlayCanvas viewers).</summary>
    Luf,
}
