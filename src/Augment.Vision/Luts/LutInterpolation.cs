namespace Augment.Vision;

/// <summary>How a 3D LUT blends the lattice points around a colour.</summary>
public enum LutInterpolation
{
    /// <summary>
    /// Splits each lattice cube into six tetrahedra and blends four corners. Preserves the grey axis
    /// exactly and is what Resolve and ffmpeg (<c>interp=tetrahedral</c>) recommend for grades.
    /// </summary>
    Tetrahedral,

    /// <summary>Blends the eight corners of the lattice cube (ffmpeg <c>interp=trilinear</c>).</summary>
    Trilinear,
}
