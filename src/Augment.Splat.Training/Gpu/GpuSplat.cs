namespace Augment.Splat.Training;

/// <summary>One projected Gaussian as the projection kernel leaves it for binning and compositing.</summary>
internal struct GpuSplat
{
    /// <summary>Mean in pixels.</summary>
    public float U, V;

    /// <summary>Inverse of the 2D covariance [[A, B], [B, C]].</summary>
    public float ConicA, ConicB, ConicC;

    /// <summary>Opacity, sigmoid of the logit.</summary>
    public float Alpha;

    /// <summary>View depth (the sort key).</summary>
    public float Depth;

    /// <summary>Colour after the clamp at 0.</summary>
    public float Red, Green, Blue;

    /// <summary>Pixel box, inclusive.</summary>
    public int X0, X1, Y0, Y1;

    /// <summary>ceil(3 sqrt(lambda max)) in pixels; 0 = not visible.</summary>
    public int Radius;

    /// <summary>Bit c set when colour channel c was clamped at 0 (no gradient flows through it).</summary>
    public int Clamped;
}
