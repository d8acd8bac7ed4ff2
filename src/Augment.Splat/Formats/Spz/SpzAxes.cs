namespace Augment.Splat;

/// <summary>
/// The RUB (SPZ spec, Niantic) to RDF (3DGS PLY) conversion, a 180-degree turn about x: y -> -y, z -> -z. It is its
/// own inverse. <see cref="SpzCodec"/> does not apply it, because splat-transform writes and reads SPZ without a
/// flip; it is here for a caller who knows a file was written in RUB.
/// </summary>
internal static class SpzAxes
{
    /// <summary>
    /// Rest coefficients (index k of <see cref="GaussianCloud.ShRest"/>) whose basis function changes sign under
    /// (x, y, z) -> (x, -y, -z): those odd in y and z together. Degree 1 (y, z, x): 0, 1. Degree 2 (xy, yz, 3z^2-1,
    /// xz, x^2-y^2): 3, 6. Degree 3 (y(3x^2-y^2), xyz, y(5z^2-1), z(5z^2-3), x(5z^2-1), z(x^2-y^2), x(x^2-3y^2)):
    /// 8, 10, 11, 13.
    /// </summary>
    private static readonly int[] OddRest = [0, 1, 3, 6, 8, 10, 11, 13];

    /// <summary>Turns <paramref name="cloud"/> 180 degrees about x in place: positions, rotations and SH.</summary>
    public static void FlipYZ(GaussianCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        Negate(cloud.Y);
        Negate(cloud.Z);
        // R q R^-1 with R = (0, 1, 0, 0): (w, x, y, z) -> (w, x, -y, -z).
        Negate(cloud.RotationY);
        Negate(cloud.RotationZ);
        foreach (var k in OddRest)
        {
            if (k >= cloud.ShRestCount)
                break;
            for (var c = 0; c < 3; c++)
                Negate(cloud.ShRest(c, k));
        }
    }

    private static void Negate(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = -values[i];
    }
}
