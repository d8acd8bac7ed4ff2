namespace Augment.Splat;

/// <summary>
/// 180-degree turns about a coordinate axis, applied in place to positions, rotations and spherical harmonics.
/// Scales are along the splat's own axes and do not change. Under such a turn each real SH basis function
/// keeps or flips its sign (it is a polynomial in x, y, z), so the SH part is a fixed list of negated
/// coefficients per axis.
/// </summary>
internal static class AxisTurns
{
    // Rest index k, per degree in the 3DGS order: degree 1 (y, z, x); degree 2 (xy, yz, 3z^2-1, xz, x^2-y^2);
    // degree 3 (y(3x^2-y^2), xyz, y(5z^2-1), z(5z^2-3), x(5z^2-1), z(x^2-y^2), x(x^2-3y^2)).
    private static readonly int[] OddUnderX = [0, 1, 3, 6, 8, 10, 11, 13]; // y, z -> -y, -z
    private static readonly int[] OddUnderY = [1, 2, 3, 4, 11, 12, 13, 14]; // x, z -> -x, -z
    private static readonly int[] OddUnderZ = [0, 2, 4, 6, 8, 10, 12, 14]; // x, y -> -x, -y

    /// <summary>Turns the cloud 180 degrees about x (0), y (1) or z (2).</summary>
    public static void Turn(GaussianCloud cloud, int axis)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        // The two position axes that flip; the quaternion's matching vector parts flip with them:
        // R q R^-1 for R a half turn about x is (w, x, -y, -z), and likewise for y and z.
        var (first, second, odd) = axis switch
        {
            0 => (1, 2, OddUnderX),
            1 => (0, 2, OddUnderY),
            2 => (0, 1, OddUnderZ),
            _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "The axis is 0 (x), 1 (y) or 2 (z)."),
        };
        Negate(Position(cloud, first));
        Negate(Position(cloud, second));
        Negate(Rotation(cloud, first));
        Negate(Rotation(cloud, second));
        foreach (var k in odd)
        {
            if (k >= cloud.ShRestCount)
                break;
            for (var c = 0; c < 3; c++)
                Negate(cloud.ShRest(c, k));
        }
    }

    /// <summary>The turn between two conventions: -1 when they are the same, else the axis (0, 1, 2).</summary>
    public static int Between(SplatAxes from, SplatAxes to) => (from, to) switch
    {
        _ when from == to => -1,
        (SplatAxes.Rdf, SplatAxes.Rub) or (SplatAxes.Rub, SplatAxes.Rdf) => 0, // y and z flip
        (SplatAxes.Rub, SplatAxes.Luf) or (SplatAxes.Luf, SplatAxes.Rub) => 1, // x and z flip
        (SplatAxes.Rdf, SplatAxes.Luf) or (SplatAxes.Luf, SplatAxes.Rdf) => 2, // x and y flip
        _ => throw new ArgumentOutOfRangeException(nameof(to), to, $"No conversion from {from} to {to}."),
    };

    private static Span<float> Position(GaussianCloud cloud, int axis) => axis switch { 0 => cloud.X, 1 => cloud.Y, _ => cloud.Z };

    private static Span<float> Rotation(GaussianCloud cloud, int axis) => axis switch { 0 => cloud.RotationX, 1 => cloud.RotationY, _ => cloud.RotationZ };

    private static void Negate(Span<float> values) =>
        System.Numerics.Tensors.TensorPrimitives.Negate(values, values);
}
