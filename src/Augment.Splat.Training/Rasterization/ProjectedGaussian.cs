using System.Runtime.InteropServices;

namespace Augment.Splat.Training;

/// <summary>
/// One Gaussian after the per-view preprocessing (the 3DGS rasteriser's <c>preprocessCUDA</c> output): screen centre,
/// conic, peak alpha, colour, depth and the clipped pixel box. A culled Gaussian has an empty box.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProjectedGaussian
{
    /// <summary>Centre x in pixels (pixel x has its centre at x + 0.5).</summary>
    public float U;

    /// <summary>Centre y in pixels.</summary>
    public float V;

    /// <summary>Inverse 2D covariance: the exponent at offset (dx, dy) is -0.5 (A dx² + C dy²) - B dx dy.</summary>
    public float ConicA;

    /// <inheritdoc cref="ConicA"/>
    public float ConicB;

    /// <inheritdoc cref="ConicA"/>
    public float ConicC;

    /// <summary>Peak opacity, sigmoid of the logit.</summary>
    public float Alpha;

    /// <summary>Colour for this view (SH + 0.5, clamped at 0).</summary>
    public float Red;

    /// <inheritdoc cref="Red"/>
    public float Green;

    /// <inheritdoc cref="Red"/>
    public float Blue;

    /// <summary>View depth, the sort key.</summary>
    public float Depth;

    /// <summary>First pixel column whose centre lies within the 3-sigma radius, clipped to the image.</summary>
    public short X0;

    /// <summary>Last such column (inclusive); less than <see cref="X0"/> when culled.</summary>
    public short X1;

    /// <summary>First such row.</summary>
    public short Y0;

    /// <summary>Last such row (inclusive).</summary>
    public short Y1;

    /// <summary>Bit c set: colour channel c was clamped at 0 (its gradient is zero).</summary>
    public int ColourClamped;

    /// <summary>Whether the Gaussian survived culling.</summary>
    public readonly bool Visible => X1 >= X0;

    /// <summary>Marks the Gaussian culled.</summary>
    public void Cull()
    {
        X0 = 0;
        X1 = -1;
        Y0 = 0;
        Y1 = -1;
    }
}
