using System.Numerics;

namespace Augment.Splat.Tests.Model;

public class AxisConversionTests
{
    public static TheoryData<SplatAxes, SplatAxes> Pairs => new()
    {
        { SplatAxes.Rdf, SplatAxes.Rub }, { SplatAxes.Rub, SplatAxes.Rdf },
        { SplatAxes.Rdf, SplatAxes.Luf }, { SplatAxes.Luf, SplatAxes.Rdf },
        { SplatAxes.Rub, SplatAxes.Luf }, { SplatAxes.Luf, SplatAxes.Rub },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void View_dependent_colour_turns_with_the_scene(SplatAxes from, SplatAxes to)
    {
        var cloud = RandomCloud(20, seed: 3);
        var original = cloud.Clone();
        var turn = Turn(from, to);

        cloud.ConvertAxes(from, to);

        var random = new Random(11);
        for (var i = 0; i < cloud.Count; i++)
        {
            for (var trial = 0; trial < 8; trial++)
            {
                var d = Vector3.Normalize(new Vector3((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f));
                for (var c = 0; c < 3; c++)
                {
                    var before = ShColour(original, i, c, d);
                    var after = ShColour(cloud, i, c, turn * d);
                    Assert.True(Math.Abs(before - after) < 1e-5, $"{from}->{to}, splat {i}, channel {c}: {after} vs {before}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Positions_and_orientations_turn_and_the_reverse_conversion_restores_the_cloud(SplatAxes from, SplatAxes to)
    {
        var cloud = RandomCloud(20, seed: 5);
        var original = cloud.Clone();
        var turn = Turn(from, to);

        cloud.ConvertAxes(from, to);

        for (var i = 0; i < cloud.Count; i++)
        {
            var position = new Vector3(original.X[i], original.Y[i], original.Z[i]);
            Assert.Equal(turn * position, new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]));
            // The splat's axes: R_new = T R_old T^T.
            var expected = turn * Rotation(original, i) * Matrix3.Transpose(turn);
            var actual = Rotation(cloud, i);
            Assert.True(expected.MaxDifference(actual) < 1e-5, $"{from}->{to}, splat {i}: rotation differs");
            Assert.Equal(original.ScaleX[i], cloud.ScaleX[i]);
        }
        cloud.ConvertAxes(to, from);
        for (var k = 0; k < cloud.ShRestCount; k++)
            Assert.Equal(original.ShRest(1, k).ToArray(), cloud.ShRest(1, k).ToArray());
        Assert.Equal(original.RotationY.ToArray(), cloud.RotationY.ToArray());
    }

    [Fact]
    public void Converting_to_the_same_convention_changes_nothing()
    {
        var cloud = RandomCloud(5, seed: 1);
        var original = cloud.Clone();

        cloud.ConvertAxes(SplatAxes.Rub, SplatAxes.Rub);

        Assert.Equal(original.Z.ToArray(), cloud.Z.ToArray());
        Assert.Equal(original.ShRest(0, 0).ToArray(), cloud.ShRest(0, 0).ToArray());
    }

    private static Matrix3 Turn(SplatAxes from, SplatAxes to)
    {
        // Where each convention's axes point, in a common RDF frame; the turn maps coordinates in `from` to `to`.
        static Matrix3 Basis(SplatAxes axes) => axes switch
        {
            SplatAxes.Rdf => Matrix3.Diagonal(1, 1, 1),
            SplatAxes.Rub => Matrix3.Diagonal(1, -1, -1),
            _ => Matrix3.Diagonal(-1, -1, 1),
        };
        return Matrix3.Transpose(Basis(to)) * Basis(from);
    }

    private static GaussianCloud RandomCloud(int count, int seed)
    {
        var random = new Random(seed);
        var cloud = GaussianCloud.Create(count, shDegree: 3);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        for (var i = 0; i < count; i++)
        {
            cloud.X[i] = Next(); cloud.Y[i] = Next(); cloud.Z[i] = Next();
            cloud.ScaleX[i] = Next();
            cloud.RotationW[i] = Next(); cloud.RotationX[i] = Next(); cloud.RotationY[i] = Next(); cloud.RotationZ[i] = Next();
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = Next();
                for (var k = 0; k < 15; k++)
                    cloud.ShRest(c, k)[i] = Next();
            }
        }
        cloud.NormalizeRotations();
        return cloud;
    }

    /// <summary>
    /// The 3DGS reference renderer's degree-3 SH colour of one channel for view direction d (before the +0.5
    /// offset and clamp), with its published basis constants.
    /// </summary>
    private static double ShColour(GaussianCloud cloud, int i, int c, Vector3 d)
    {
        double x = d.X, y = d.Y, z = d.Z, xx = x * x, yy = y * y, zz = z * z;
        double Rest(int k) => cloud.ShRest(c, k)[i];
        const double C0 = 0.28209479177387814, C1 = 0.4886025119029199;
        double[] c2 = [1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396];
        double[] c3 = [-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658, 1.445305721320277, -0.5900435899266435];
        var result = C0 * cloud.ShDc(c)[i];
        result += (-C1 * y * Rest(0)) + (C1 * z * Rest(1)) - (C1 * x * Rest(2));
        result += (c2[0] * x * y * Rest(3)) + (c2[1] * y * z * Rest(4)) + (c2[2] * ((2 * zz) - xx - yy) * Rest(5))
            + (c2[3] * x * z * Rest(6)) + (c2[4] * (xx - yy) * Rest(7));
        result += (c3[0] * y * ((3 * xx) - yy) * Rest(8)) + (c3[1] * x * y * z * Rest(9)) + (c3[2] * y * ((4 * zz) - xx - yy) * Rest(10))
            + (c3[3] * z * ((2 * zz) - (3 * xx) - (3 * yy)) * Rest(11)) + (c3[4] * x * ((4 * zz) - xx - yy) * Rest(12))
            + (c3[5] * z * (xx - yy) * Rest(13)) + (c3[6] * x * (xx - (3 * yy)) * Rest(14));
        return result;
    }

    private static Matrix3 Rotation(GaussianCloud cloud, int i)
    {
        double w = cloud.RotationW[i], x = cloud.RotationX[i], y = cloud.RotationY[i], z = cloud.RotationZ[i];
        return new Matrix3(
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (w * z)), 2 * ((x * z) + (w * y)),
            2 * ((x * y) + (w * z)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (w * x)),
            2 * ((x * z) - (w * y)), 2 * ((y * z) + (w * x)), 1 - (2 * ((x * x) + (y * y))));
    }

    /// <summary>A small row-major 3x3 matrix in double, for the reference maths.</summary>
    private readonly record struct Matrix3(double M00, double M01, double M02, double M10, double M11, double M12, double M20, double M21, double M22)
    {
        public static Matrix3 Diagonal(double a, double b, double c) => new(a, 0, 0, 0, b, 0, 0, 0, c);

        public static Matrix3 Transpose(Matrix3 m) => new(m.M00, m.M10, m.M20, m.M01, m.M11, m.M21, m.M02, m.M12, m.M22);

        public static Matrix3 operator *(Matrix3 a, Matrix3 b) => new(
            (a.M00 * b.M00) + (a.M01 * b.M10) + (a.M02 * b.M20), (a.M00 * b.M01) + (a.M01 * b.M11) + (a.M02 * b.M21), (a.M00 * b.M02) + (a.M01 * b.M12) + (a.M02 * b.M22),
            (a.M10 * b.M00) + (a.M11 * b.M10) + (a.M12 * b.M20), (a.M10 * b.M01) + (a.M11 * b.M11) + (a.M12 * b.M21), (a.M10 * b.M02) + (a.M11 * b.M12) + (a.M12 * b.M22),
            (a.M20 * b.M00) + (a.M21 * b.M10) + (a.M22 * b.M20), (a.M20 * b.M01) + (a.M21 * b.M11) + (a.M22 * b.M21), (a.M20 * b.M02) + (a.M21 * b.M12) + (a.M22 * b.M22));

        public static Vector3 operator *(Matrix3 m, Vector3 v) => new(
            (float)((m.M00 * v.X) + (m.M01 * v.Y) + (m.M02 * v.Z)),
            (float)((m.M10 * v.X) + (m.M11 * v.Y) + (m.M12 * v.Z)),
            (float)((m.M20 * v.X) + (m.M21 * v.Y) + (m.M22 * v.Z)));

        public double MaxDifference(Matrix3 o) => new[]
        {
            M00 - o.M00, M01 - o.M01, M02 - o.M02, M10 - o.M10, M11 - o.M11, M12 - o.M12, M20 - o.M20, M21 - o.M21, M22 - o.M22,
        }.Max(Math.Abs);
    }
}
