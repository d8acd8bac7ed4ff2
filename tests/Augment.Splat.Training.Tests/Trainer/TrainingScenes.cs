using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

/// <summary>
/// The synthetic ground truth of the acceptance tests: coloured, flat Gaussians on two spheres (a few hundred), rendered
/// by <see cref="SplatRenderer"/> from orbit cameras, and a noisy sparse grey initialisation like a COLMAP point cloud.
/// </summary>
internal static class TrainingScenes
{
    public static GaussianCloud GroundTruth()
    {
        const int big = 260, small = 140;
        var cloud = GaussianCloud.Create(big + small, 0);
        AddSphere(cloud, 0, big, Vector3.Zero, 1.0f, 0.11f);
        AddSphere(cloud, big, small, new Vector3(1.1f, -0.35f, -0.6f), 0.45f, 0.07f);
        return cloud;
    }

    /// <summary>Two orbit rings (elevation 15° and 40°) at distance 4 around the origin.</summary>
    public static List<PinholeCamera> Cameras(int count, int size)
    {
        var cameras = new List<PinholeCamera>();
        for (var i = 0; i < count; i++)
        {
            var azimuth = 2 * MathF.PI * i / count;
            var elevation = (i % 2 == 0 ? 15 : 40) * MathF.PI / 180;
            var eye = 4 * new Vector3(MathF.Cos(elevation) * MathF.Cos(azimuth), -MathF.Sin(elevation), MathF.Cos(elevation) * MathF.Sin(azimuth));
            cameras.Add(PinholeCamera.LookAt(eye, Vector3.Zero, size, size, 50, new Vector3(0, -1, 0)));
        }
        return cameras;
    }

    /// <summary>Renders the views; every <paramref name="holdOutEvery"/>-th is held out.</summary>
    public static List<TrainingView> Views(GaussianCloud truth, List<PinholeCamera> cameras, int holdOutEvery)
    {
        var views = new List<TrainingView>();
        for (var i = 0; i < cameras.Count; i++)
        {
            var image = SplatRenderer.Render(truth, cameras[i]);
            views.Add(new TrainingView(cameras[i], image) { HeldOut = i % holdOutEvery == holdOutEvery - 1, Name = $"view{i:D2}" });
        }
        return views;
    }

    /// <summary>
    /// Every <paramref name="stride"/>-th ground-truth centre jittered by <paramref name="jitter"/>, grey, isotropic scale
    /// from the mean distance to the 3 nearest initial points (3DGS's initialisation), opacity 0.1.
    /// </summary>
    public static SplatParameters NoisyInitialisation(GaussianCloud truth, int stride, float jitter, int seed)
    {
        var random = new Random(seed);
        var n = (truth.Count + stride - 1) / stride;
        var scene = new SplatParameters(n, 0);
        var points = new Vector3[n];
        for (var i = 0; i < n; i++)
        {
            var j = i * stride;
            points[i] = new Vector3(truth.X[j], truth.Y[j], truth.Z[j]) + (jitter * new Vector3(Normal(random), Normal(random), Normal(random)));
        }
        for (var i = 0; i < n; i++)
        {
            Span<float> nearest = [float.MaxValue, float.MaxValue, float.MaxValue];
            for (var k = 0; k < n; k++)
            {
                if (k == i)
                    continue;
                var d = Vector3.DistanceSquared(points[i], points[k]);
                if (d < nearest[2])
                {
                    nearest[2] = d;
                    nearest.Sort();
                }
            }
            var scale = MathF.Sqrt((nearest[0] + nearest[1] + nearest[2]) / 3);
            scene.Plane(0)[i] = points[i].X;
            scene.Plane(1)[i] = points[i].Y;
            scene.Plane(2)[i] = points[i].Z;
            for (var a = 0; a < 3; a++)
                scene.Plane(SplatParameters.LogScaleX + a)[i] = MathF.Log(scale);
            scene.Plane(SplatParameters.RotationW)[i] = 1;
            scene.Plane(SplatParameters.Opacity)[i] = MathF.Log(0.1f / 0.9f);
        }
        return scene;
    }

    /// <summary>Paints an opaque grey-blue rectangle ("passer-by") into a view's photo (columns and rows as fractions).</summary>
    public static void AddPasserBy(ImageFrame frame, float left, float top, float width, float height)
    {
        int x0 = (int)(left * frame.Width), y0 = (int)(top * frame.Height);
        int x1 = (int)((left + width) * frame.Width), y1 = (int)((top + height) * frame.Height);
        Span<float> colour = [0.15f, 0.2f, 0.9f];
        for (var c = 0; c < 3; c++)
        {
            var plane = frame.Plane(c);
            for (var y = y0; y < y1; y++)
                plane.Slice((y * frame.Width) + x0, x1 - x0).Fill(colour[c]);
        }
    }

    private static void AddSphere(GaussianCloud cloud, int first, int count, Vector3 centre, float radius, float size)
    {
        var golden = MathF.PI * (3 - MathF.Sqrt(5));
        for (var i = 0; i < count; i++)
        {
            var y = 1 - (2 * (i + 0.5f) / count);
            var r = MathF.Sqrt(1 - (y * y));
            var normal = new Vector3(MathF.Cos(golden * i) * r, y, MathF.Sin(golden * i) * r);
            var p = centre + (radius * normal);
            var g = first + i;
            cloud.X[g] = p.X;
            cloud.Y[g] = p.Y;
            cloud.Z[g] = p.Z;
            // Flat discs tangent to the sphere: local z is the normal.
            var rotation = FromTo(Vector3.UnitZ, normal);
            cloud.RotationW[g] = rotation.W;
            cloud.RotationX[g] = rotation.X;
            cloud.RotationY[g] = rotation.Y;
            cloud.RotationZ[g] = rotation.Z;
            cloud.ScaleX[g] = MathF.Log(size);
            cloud.ScaleY[g] = MathF.Log(size);
            cloud.ScaleZ[g] = MathF.Log(size * 0.15f);
            cloud.Opacity[g] = 3;
            // Colour bands by latitude and longitude.
            var colour = new Vector3(
                0.5f + (0.4f * MathF.Sin(4 * normal.Y)),
                0.5f + (0.4f * MathF.Cos(3 * MathF.Atan2(normal.Z, normal.X))),
                first == 0 ? 0.3f : 0.8f);
            cloud.ShDc(0)[g] = (colour.X - 0.5f) / GaussianCloud.ShC0;
            cloud.ShDc(1)[g] = (colour.Y - 0.5f) / GaussianCloud.ShC0;
            cloud.ShDc(2)[g] = (colour.Z - 0.5f) / GaussianCloud.ShC0;
        }
    }

    private static Quaternion FromTo(Vector3 from, Vector3 to)
    {
        var axis = Vector3.Cross(from, to);
        var dot = Vector3.Dot(from, to);
        if (axis.LengthSquared() < 1e-12f)
            return dot > 0 ? Quaternion.Identity : Quaternion.CreateFromAxisAngle(Vector3.UnitX, MathF.PI);
        return Quaternion.Normalize(new Quaternion(axis, 1 + dot));
    }

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
