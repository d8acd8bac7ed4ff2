using System.Numerics;

namespace Augment.Splat.Tests.Formats.Spz;

public class SpzAxesTests
{
    [Fact]
    public void Flipping_keeps_the_view_dependent_colour_of_the_turned_direction()
    {
        var cloud = SpzCodecTests.RandomCloud(20, shDegree: 3, seed: 11);
        var flipped = cloud.Clone();

        SpzAxes.FlipYZ(flipped);

        var random = new Random(5);
        for (var i = 0; i < cloud.Count; i++)
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var d = Vector3.Normalize(new Vector3(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f));
                var turned = new Vector3(d.X, -d.Y, -d.Z);
                for (var c = 0; c < 3; c++)
                    Assert.Equal(EvaluateRest(cloud, c, i, d), EvaluateRest(flipped, c, i, turned), 1e-4f);
            }
            Assert.Equal(-cloud.Y[i], flipped.Y[i]);
            Assert.Equal(-cloud.Z[i], flipped.Z[i]);
            // The rotation matrix of the flipped quaternion is F R F with F = diag(1, -1, -1).
            var r = Matrix4x4.CreateFromQuaternion(new Quaternion(cloud.RotationX[i], cloud.RotationY[i], cloud.RotationZ[i], cloud.RotationW[i]));
            var rf = Matrix4x4.CreateFromQuaternion(new Quaternion(flipped.RotationX[i], flipped.RotationY[i], flipped.RotationZ[i], flipped.RotationW[i]));
            var f = Matrix4x4.CreateScale(1, -1, -1);
            var expected = f * r * f;
            Assert.Equal(expected.M12, rf.M12, 1e-5f);
            Assert.Equal(expected.M23, rf.M23, 1e-5f);
            Assert.Equal(expected.M31, rf.M31, 1e-5f);
            Assert.Equal(expected.M22, rf.M22, 1e-5f);
        }
        SpzAxes.FlipYZ(flipped);
        Assert.Equal(cloud.ShRest(1, 13).ToArray(), flipped.ShRest(1, 13).ToArray());
    }

    /// <summary>The degree 1-3 part of the 3DGS SH colour (its reference renderer's constants and order).</summary>
    private static float EvaluateRest(GaussianCloud cloud, int c, int i, Vector3 d)
    {
        float x = d.X, y = d.Y, z = d.Z;
        float[] basis =
        [
            -0.4886025f * y, 0.4886025f * z, -0.4886025f * x,
            1.0925484f * x * y, -1.0925484f * y * z, 0.3153916f * ((2 * z * z) - (x * x) - (y * y)), -1.0925484f * x * z, 0.5462742f * ((x * x) - (y * y)),
            -0.5900436f * y * ((3 * x * x) - (y * y)), 2.8906114f * x * y * z, -0.4570458f * y * ((4 * z * z) - (x * x) - (y * y)),
            0.3731763f * z * ((2 * z * z) - (3 * x * x) - (3 * y * y)), -0.4570458f * x * ((4 * z * z) - (x * x) - (y * y)),
            1.4453057f * z * ((x * x) - (y * y)), -0.5900436f * x * ((x * x) - (3 * y * y)),
        ];
        var sum = 0f;
        for (var k = 0; k < cloud.ShRestCount; k++)
            sum += basis[k] * cloud.ShRest(c, k)[i];
        return sum;
    }
}
