using System.Numerics;

namespace Augment.Splat.Tests.Rendering;

/// <summary>Cameras and clouds for the renderer tests.</summary>
internal static class RenderScenes
{
    /// <summary>A camera at the origin looking along +z with the image axes on world x and y (camera space = world space).</summary>
    public static PinholeCamera HeadOn(int width, int height, float focal, float? centerX = null, float? centerY = null) =>
        new(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, width, height, focal, focal, centerX ?? width / 2f, centerY ?? height / 2f);

    /// <summary>One splat with the given attributes (SH degree 0 unless <paramref name="shDegree"/> says otherwise).</summary>
    public static GaussianCloud Single(Vector3 centre, Vector3 logScale, Quaternion rotation, float opacityLogit, Vector3 colour, int shDegree = 0)
    {
        var cloud = GaussianCloud.Create(1, shDegree);
        cloud.X[0] = centre.X;
        cloud.Y[0] = centre.Y;
        cloud.Z[0] = centre.Z;
        cloud.ScaleX[0] = logScale.X;
        cloud.ScaleY[0] = logScale.Y;
        cloud.ScaleZ[0] = logScale.Z;
        cloud.RotationW[0] = rotation.W;
        cloud.RotationX[0] = rotation.X;
        cloud.RotationY[0] = rotation.Y;
        cloud.RotationZ[0] = rotation.Z;
        cloud.Opacity[0] = opacityLogit;
        cloud.ShDc(0)[0] = (colour.X - 0.5f) / GaussianCloud.ShC0;
        cloud.ShDc(1)[0] = (colour.Y - 0.5f) / GaussianCloud.ShC0;
        cloud.ShDc(2)[0] = (colour.Z - 0.5f) / GaussianCloud.ShC0;
        return cloud;
    }

    /// <summary>
    /// Random splats in front of <see cref="HeadOn"/>: depth 2..6, centres within the image's field of view (x/z within
    /// ±<paramref name="spreadX"/>, y/z within ±<paramref name="spreadY"/>), sizes 0.03..0.4, random rotations (not
    /// normalised), opacity logits -3..3, SH degree 1.
    /// </summary>
    public static GaussianCloud Random(int count, int seed, float spreadX = 0.5f, float spreadY = 0.38f, int shDegree = 1)
    {
        var random = new Random(seed);
        float Next(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        var cloud = GaussianCloud.Create(count, shDegree);
        for (var i = 0; i < count; i++)
        {
            var z = Next(2, 6);
            cloud.X[i] = Next(-spreadX, spreadX) * z;
            cloud.Y[i] = Next(-spreadY, spreadY) * z;
            cloud.Z[i] = z;
            cloud.ScaleX[i] = MathF.Log(Next(0.03f, 0.4f));
            cloud.ScaleY[i] = MathF.Log(Next(0.03f, 0.4f));
            cloud.ScaleZ[i] = MathF.Log(Next(0.03f, 0.4f));
            cloud.RotationW[i] = Next(-1, 1);
            cloud.RotationX[i] = Next(-1, 1);
            cloud.RotationY[i] = Next(-1, 1);
            cloud.RotationZ[i] = Next(-1, 1);
            cloud.Opacity[i] = Next(-3, 3);
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = Next(-1.5f, 1.5f);
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = Next(-0.3f, 0.3f);
            }
        }
        return cloud;
    }

    /// <summary>Largest absolute difference between a rendered frame and the oracle's planes.</summary>
    public static double MaxDifference(ImageFrame frame, double[][] expected)
    {
        double worst = 0;
        for (var c = 0; c < 3; c++)
        {
            var plane = frame.Plane(c);
            for (var p = 0; p < plane.Length; p++)
                worst = Math.Max(worst, Math.Abs(plane[p] - expected[c][p]));
        }
        return worst;
    }
}
