using System.Numerics;
using Augment.Splat;

namespace Augment.Testing;

/// <summary>
/// The preview renderer's timing scene, shared by <c>SplatRenderBenchmarks</c> and the explicit <c>RenderTimings</c> test
/// (linked into both from tests/Shared).
/// </summary>
internal static class SplatRenderScene
{
    /// <summary>
    /// A synthetic capture: 70% of the splats on a unit sphere shell, 20% on a ground disc of radius 3 below it, 10%
    /// scattered in a 8-unit box; flattened splats (two axes about the surface spacing, the third a fifth of it), random
    /// rotations, opacity logits -1..5, SH degree 3.
    /// </summary>
    public static GaussianCloud Create(int count, int seed)
    {
        var random = new Random(seed);
        float Next(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        var cloud = GaussianCloud.Create(count, shDegree: 3);
        var sphere = (int)(count * 0.7);
        var ground = (int)(count * 0.2);
        var spacing = MathF.Sqrt(4 * MathF.PI / sphere);
        for (var i = 0; i < count; i++)
        {
            Vector3 p;
            if (i < sphere)
            {
                p = Vector3.Normalize(new Vector3(Next(-1, 1), Next(-1, 1), Next(-1, 1)) + new Vector3(1e-6f));
            }
            else if (i < sphere + ground)
            {
                var r = 3 * MathF.Sqrt(Next(0, 1));
                var a = Next(0, 2 * MathF.PI);
                p = new Vector3(r * MathF.Cos(a), 1.2f, r * MathF.Sin(a));
            }
            else
            {
                p = new Vector3(Next(-4, 4), Next(-4, 4), Next(-4, 4));
            }
            cloud.X[i] = p.X;
            cloud.Y[i] = p.Y;
            cloud.Z[i] = p.Z;
            cloud.ScaleX[i] = MathF.Log(spacing * Next(0.5f, 2f));
            cloud.ScaleY[i] = MathF.Log(spacing * Next(0.5f, 2f));
            cloud.ScaleZ[i] = MathF.Log(spacing * 0.2f);
            cloud.RotationW[i] = Next(-1, 1);
            cloud.RotationX[i] = Next(-1, 1);
            cloud.RotationY[i] = Next(-1, 1);
            cloud.RotationZ[i] = Next(-1, 1);
            cloud.Opacity[i] = Next(-1, 5);
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = Next(-1, 1);
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = Next(-0.1f, 0.1f);
            }
        }
        cloud.NormalizeRotations();
        return cloud;
    }
}
