namespace Augment.Splat.Training;

/// <summary>Raw per-frame measures from <see cref="FrameMeasureKernels"/> (luma in [0, 1] units).</summary>
internal readonly record struct FrameMeasures(
    double LaplacianVariance,
    double Tenengrad,
    double Gxx,
    double Gyy,
    double Gxy,
    double MeanLuma,
    double DarkFraction,
    double BrightFraction)
{
    /// <summary>
    /// 1 − λmin/λmax of the gradient structure tensor: 0 when gradient energy is the same in every direction, towards 1
    /// when it all lies across one direction, which is what motion blur leaves (it removes the gradients along the
    /// motion; cf. the directional analysis of Liu, Li and Jia, "Image partial blur detection and classification",
    /// CVPR 2008).
    /// </summary>
    public double Anisotropy
    {
        get
        {
            var half = 0.5 * (Gxx + Gyy);
            var root = Math.Sqrt((0.25 * (Gxx - Gyy) * (Gxx - Gyy)) + (Gxy * Gxy));
            var large = half + root;
            var small = Math.Max(0, half - root);
            return large <= 1e-12 ? 0 : 1 - (small / large);
        }
    }
}
