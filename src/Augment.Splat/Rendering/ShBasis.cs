using System.Numerics;

namespace Augment.Splat;

/// <summary>
/// The real spherical-harmonic basis the 3DGS reference uses (its constants and sign convention), up to degree 3. A splat's
/// colour seen along unit direction d (from the camera centre to the splat centre) is max(0, sum_k basis_k(d) * coef_k + 0.5)
/// per channel, with coef_0 the DC term and coef_1.. the rest in <see cref="GaussianCloud.ShRest"/> order.
/// </summary>
internal static class ShBasis
{
    public const float C1 = 0.4886025119029199f;
    public static ReadOnlySpan<float> C2 => [1.0925484305920792f, -1.0925484305920792f, 0.31539156525252005f, -1.0925484305920792f, 0.5462742152960396f];
    public static ReadOnlySpan<float> C3 => [-0.5900435899266435f, 2.890611442640554f, -0.4570457994644658f, 0.3731763325901154f, -0.4570457994644658f, 1.445305721320277f, -0.5900435899266435f];

    /// <summary>Number of basis functions for a degree: (degree + 1)².</summary>
    public static int CountFor(int degree) => (degree + 1) * (degree + 1);

    /// <summary>Writes the (degree + 1)² basis values for unit direction <paramref name="d"/> into <paramref name="basis"/>.</summary>
    public static void Evaluate(Vector3 d, int degree, Span<float> basis)
    {
        basis[0] = GaussianCloud.ShC0;
        if (degree < 1)
            return;
        float x = d.X, y = d.Y, z = d.Z;
        basis[1] = -C1 * y;
        basis[2] = C1 * z;
        basis[3] = -C1 * x;
        if (degree < 2)
            return;
        float xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        var c2 = C2;
        basis[4] = c2[0] * xy;
        basis[5] = c2[1] * yz;
        basis[6] = c2[2] * ((2 * zz) - xx - yy);
        basis[7] = c2[3] * xz;
        basis[8] = c2[4] * (xx - yy);
        if (degree < 3)
            return;
        var c3 = C3;
        basis[9] = c3[0] * y * ((3 * xx) - yy);
        basis[10] = c3[1] * xy * z;
        basis[11] = c3[2] * y * ((4 * zz) - xx - yy);
        basis[12] = c3[3] * z * ((2 * zz) - (3 * xx) - (3 * yy));
        basis[13] = c3[4] * x * ((4 * zz) - xx - yy);
        basis[14] = c3[5] * z * (xx - yy);
        basis[15] = c3[6] * x * (xx - (3 * yy));
    }

    /// <summary>Colour of splat <paramref name="index"/> along unit direction <paramref name="d"/>, before the clamp at 0 (scalar reference).</summary>
    public static Vector3 Colour(GaussianCloud cloud, int index, Vector3 d, int degree)
    {
        degree = Math.Min(degree, cloud.ShDegree);
        Span<float> basis = stackalloc float[16];
        Evaluate(d, degree, basis);
        Span<float> rgb = stackalloc float[3];
        var rest = CountFor(degree) - 1;
        for (var c = 0; c < 3; c++)
        {
            var sum = basis[0] * cloud.ShDc(c)[index];
            for (var k = 0; k < rest; k++)
                sum += basis[k + 1] * cloud.ShRest(c, k)[index];
            rgb[c] = sum + 0.5f;
        }
        return new Vector3(rgb[0], rgb[1], rgb[2]);
    }
}
