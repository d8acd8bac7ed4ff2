using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>
/// The real spherical-harmonic basis of the 3DGS reference (its constants and signs, as Augment.Splat's renderer), up to
/// degree 3, and its gradient with respect to the direction (for the view-direction term of the position gradient,
/// as the reference's <c>computeColorFromSH</c> backward).
/// </summary>
internal static class ShMath
{
    public const float C0 = GaussianCloud.ShC0;
    public const float C1 = 0.4886025119029199f;
    public const float C20 = 1.0925484305920792f;
    public const float C21 = -1.0925484305920792f;
    public const float C22 = 0.31539156525252005f;
    public const float C23 = -1.0925484305920792f;
    public const float C24 = 0.5462742152960396f;
    public const float C30 = -0.5900435899266435f;
    public const float C31 = 2.890611442640554f;
    public const float C32 = -0.4570457994644658f;
    public const float C33 = 0.3731763325901154f;
    public const float C34 = -0.4570457994644658f;
    public const float C35 = 1.445305721320277f;
    public const float C36 = -0.5900435899266435f;

    /// <summary>Number of basis functions for a degree: (degree + 1)².</summary>
    public static int CountFor(int degree) => (degree + 1) * (degree + 1);

    /// <summary>Writes the (degree + 1)² basis values for unit direction (x, y, z) into <paramref name="basis"/> (the preview's own basis).</summary>
    public static void Evaluate(float x, float y, float z, int degree, Span<float> basis) => ShBasis.Evaluate(new Vector3(x, y, z), degree, basis);

    /// <summary>
    /// Sum over k of <paramref name="weights"/>[k] times the gradient of basis k with respect to the (unnormalised use of
    /// the) direction components; the caller projects it onto the sphere's tangent plane.
    /// </summary>
    public static Vector3 Gradient(float x, float y, float z, int degree, ReadOnlySpan<float> weights)
    {
        if (degree < 1)
            return Vector3.Zero;
        float gx = -C1 * weights[3], gy = -C1 * weights[1], gz = C1 * weights[2];
        if (degree >= 2)
        {
            float xx = x * x, yy = y * y, zz = z * z;
            gx += (C20 * y * weights[4]) - (2 * C22 * x * weights[6]) + (C23 * z * weights[7]) + (2 * C24 * x * weights[8]);
            gy += (C20 * x * weights[4]) + (C21 * z * weights[5]) - (2 * C22 * y * weights[6]) - (2 * C24 * y * weights[8]);
            gz += (C21 * y * weights[5]) + (4 * C22 * z * weights[6]) + (C23 * x * weights[7]);
            if (degree >= 3)
            {
                gx += (6 * C30 * x * y * weights[9]) + (C31 * y * z * weights[10]) - (2 * C32 * x * y * weights[11])
                    - (6 * C33 * x * z * weights[12]) + (C34 * ((4 * zz) - (3 * xx) - yy) * weights[13])
                    + (2 * C35 * x * z * weights[14]) + (C36 * ((3 * xx) - (3 * yy)) * weights[15]);
                gy += (C30 * ((3 * xx) - (3 * yy)) * weights[9]) + (C31 * x * z * weights[10]) + (C32 * ((4 * zz) - xx - (3 * yy)) * weights[11])
                    - (6 * C33 * y * z * weights[12]) - (2 * C34 * x * y * weights[13]) - (2 * C35 * y * z * weights[14])
                    - (6 * C36 * x * y * weights[15]);
                gz += (C31 * x * y * weights[10]) + (8 * C32 * y * z * weights[11]) + (C33 * ((6 * zz) - (3 * xx) - (3 * yy)) * weights[12])
                    + (8 * C34 * x * z * weights[13]) + (C35 * (xx - yy) * weights[14]);
            }
        }
        return new Vector3(gx, gy, gz);
    }
}
