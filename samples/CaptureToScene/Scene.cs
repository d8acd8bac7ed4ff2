using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace CaptureToScene;

/// <summary>The filmed object: flat coloured Gaussians on two spheres, and noisy sparse points standing in for COLMAP's.</summary>
internal static class Scene
{
    /// <summary>A large sphere (radius 1, 260 discs) and a small one beside it (radius 0.45, 140 discs), colour-banded.</summary>
    public static GaussianCloud Create()
    {
        var cloud = GaussianCloud.Create(400, 0);
        Sphere(cloud, 0, 260, Vector3.Zero, 1.0f, 0.11f, blue: 0.25f);
        Sphere(cloud, 260, 140, new Vector3(1.1f, -0.35f, -0.6f), 0.45f, 0.07f, blue: 0.85f);
        return cloud;
    }

    /// <summary>Every other centre, moved by up to 0.05 in each axis, its colour halfway to grey.</summary>
    public static List<SparsePoint> SparsePoints(GaussianCloud cloud, int seed)
    {
        var random = new Random(seed);
        var points = new List<SparsePoint>();
        for (var i = 0; i < cloud.Count; i += 2)
        {
            var jitter = new Vector3(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f) * 0.1f;
            var colour = new Vector3(cloud.ShDc(0)[i], cloud.ShDc(1)[i], cloud.ShDc(2)[i]) * GaussianCloud.ShC0 + new Vector3(0.5f);
            points.Add(new SparsePoint(new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]) + jitter, Vector3.Lerp(colour, new Vector3(0.5f), 0.5f), 1));
        }
        return points;
    }

    // Discs spread evenly over the sphere by the golden-angle spiral, each lying in the tangent plane (its local z along
    // the normal), opaque (logit 3), coloured by latitude and longitude so that every side looks different.
    private static void Sphere(GaussianCloud cloud, int first, int count, Vector3 centre, float radius, float size, float blue)
    {
        var goldenAngle = MathF.PI * (3 - MathF.Sqrt(5));
        for (var k = 0; k < count; k++)
        {
            var height = 1 - (2 * (k + 0.5f) / count);
            var ring = MathF.Sqrt(1 - (height * height));
            var normal = new Vector3(MathF.Cos(goldenAngle * k) * ring, height, MathF.Sin(goldenAngle * k) * ring);
            var position = centre + (radius * normal);
            var g = first + k;
            cloud.X[g] = position.X;
            cloud.Y[g] = position.Y;
            cloud.Z[g] = position.Z;
            var axis = Vector3.Cross(Vector3.UnitZ, normal);
            var rotation = axis.LengthSquared() < 1e-12f
                ? (normal.Z > 0 ? Quaternion.Identity : Quaternion.CreateFromAxisAngle(Vector3.UnitX, MathF.PI))
                : Quaternion.Normalize(new Quaternion(axis, 1 + normal.Z));
            cloud.RotationW[g] = rotation.W;
            cloud.RotationX[g] = rotation.X;
            cloud.RotationY[g] = rotation.Y;
            cloud.RotationZ[g] = rotation.Z;
            cloud.ScaleX[g] = MathF.Log(size);
            cloud.ScaleY[g] = MathF.Log(size);
            cloud.ScaleZ[g] = MathF.Log(size * 0.15f);
            cloud.Opacity[g] = 3;
            var colour = new Vector3(
                0.5f + (0.4f * MathF.Sin(4 * normal.Y)),
                0.5f + (0.4f * MathF.Cos(3 * MathF.Atan2(normal.Z, normal.X))),
                blue);
            cloud.ShDc(0)[g] = (colour.X - 0.5f) / GaussianCloud.ShC0;
            cloud.ShDc(1)[g] = (colour.Y - 0.5f) / GaussianCloud.ShC0;
            cloud.ShDc(2)[g] = (colour.Z - 0.5f) / GaussianCloud.ShC0;
        }
    }
}
