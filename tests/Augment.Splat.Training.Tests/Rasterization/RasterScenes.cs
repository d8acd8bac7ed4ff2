using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Rasterization;

/// <summary>Cameras and scenes for the rasteriser tests.</summary>
internal static class RasterScenes
{
    /// <summary>A camera at the origin looking along +z with the image axes on world x and y (camera space = world space).</summary>
    public static PinholeCamera HeadOn(int width, int height, float focal, float? centerX = null, float? centerY = null) =>
        new(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, width, height, focal, focal, centerX ?? width / 2f, centerY ?? height / 2f);

    /// <summary>A camera off the axes looking at a point in front of the origin (so all three world axes mix).</summary>
    public static PinholeCamera Oblique(int width, int height, float focal, float centerX, float centerY)
    {
        var eye = new Vector3(0.7f, -0.4f, -0.5f);
        var forward = Vector3.Normalize(new Vector3(0, 0, 4) - eye);
        var right = Vector3.Normalize(Vector3.Cross(new Vector3(0.1f, 1, 0.05f), forward));
        var down = Vector3.Cross(forward, right);
        return new PinholeCamera(eye, right, down, forward, width, height, focal, focal, centerX, centerY);
    }

    /// <summary>
    /// Random Gaussians in front of <see cref="HeadOn"/>: depth 2..6, centres within ±spread of the view (x/z, y/z), sizes
    /// 0.03..0.4, random unnormalised rotations, opacity logits -3..3, SH DC -1.5..1.5, rest -0.3..0.3.
    /// </summary>
    public static SplatParameters Random(int count, int seed, int shDegree, float spreadX = 0.5f, float spreadY = 0.38f)
    {
        var random = new Random(seed);
        float Next(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        var scene = new SplatParameters(count, shDegree);
        for (var i = 0; i < count; i++)
        {
            var z = Next(2, 6);
            scene.Plane(0)[i] = Next(-spreadX, spreadX) * z;
            scene.Plane(1)[i] = Next(-spreadY, spreadY) * z;
            scene.Plane(2)[i] = z;
            for (var a = 0; a < 3; a++)
                scene.Plane(SplatParameters.LogScaleX + a)[i] = MathF.Log(Next(0.03f, 0.4f));
            for (var a = 0; a < 4; a++)
                scene.Plane(SplatParameters.RotationW + a)[i] = Next(-1, 1);
            scene.Plane(SplatParameters.Opacity)[i] = Next(-3, 3);
            for (var c = 0; c < 3; c++)
            {
                scene.Plane(SplatParameters.ShDcRed + c)[i] = Next(-1.5f, 1.5f);
                for (var k = 0; k < scene.RestCount; k++)
                    scene.Plane(scene.RestPlane(c, k))[i] = Next(-0.3f, 0.3f);
            }
        }
        return scene;
    }

    /// <summary>Largest absolute difference between a pass's image and a frame.</summary>
    public static double MaxDifference(ReadOnlySpan<float> image, ImageFrame frame)
    {
        double worst = 0;
        var pixels = frame.PixelCount;
        for (var c = 0; c < 3; c++)
        {
            var plane = frame.Plane(c);
            for (var p = 0; p < pixels; p++)
                worst = Math.Max(worst, Math.Abs(image[(c * pixels) + p] - plane[p]));
        }
        return worst;
    }
}
