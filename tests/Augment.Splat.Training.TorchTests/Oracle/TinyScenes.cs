using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.Splat.Training.TorchTests.Oracle;

/// <summary>Small random scenes in front of a camera: a few Gaussians a few pixels wide, so every one shows and overlaps others.</summary>
internal static class TinyScenes
{
    public static PinholeCamera Camera(int width = 32, int height = 24) =>
        PinholeCamera.LookAt(new Vector3(0.3f, -0.2f, -3f), Vector3.Zero, width, height, 50);

    public static SplatParameters Random(int seed, int count, int shDegree, float spread = 0.8f, float logScaleMin = -2.6f, float logScaleMax = -1.6f)
    {
        var random = new Random(seed);
        var scene = new SplatParameters(count, shDegree);
        float Uniform(float lo, float hi) => lo + ((hi - lo) * random.NextSingle());
        for (var i = 0; i < count; i++)
        {
            scene.Plane(0)[i] = Uniform(-spread, spread);
            scene.Plane(1)[i] = Uniform(-spread * 0.7f, spread * 0.7f);
            scene.Plane(2)[i] = Uniform(-0.8f, 0.8f);
            for (var a = 0; a < 3; a++)
                scene.Plane(SplatParameters.LogScaleX + a)[i] = Uniform(logScaleMin, logScaleMax);
            for (var q = 0; q < 4; q++)
                scene.Plane(SplatParameters.RotationW + q)[i] = Uniform(-1, 1) + (q == 0 ? 1.5f : 0);
            scene.Plane(SplatParameters.Opacity)[i] = Uniform(-0.5f, 2.5f);
            for (var c = 0; c < 3; c++)
            {
                scene.Plane(SplatParameters.ShDcRed + c)[i] = Uniform(-0.8f, 1.5f);
                for (var k = 0; k < scene.RestCount; k++)
                    scene.Plane(scene.RestPlane(c, k))[i] = Uniform(-0.25f, 0.25f);
            }
        }
        return scene;
    }

    /// <summary>Reads the frame's three planes into one planar array (R, G, B).</summary>
    public static float[] Planar(ImageFrame frame)
    {
        var result = new float[3 * frame.Width * frame.Height];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < frame.Height; y++)
                frame.Row(c, y).CopyTo(result.AsSpan((c * frame.Width * frame.Height) + (y * frame.Width), frame.Width));
        }
        return result;
    }
}
