using System.Numerics;

namespace Augment.Splat.Tests.Synthetic;

public class SyntheticSceneTests
{
    private static SyntheticScene Small(ulong seed = 7, bool pedestrian = false, int? floaters = null) =>
        SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 20_000, Seed = seed, Pedestrian = pedestrian, Floaters = floaters }, TestContext.Current.CancellationToken);

    [Fact]
    public void The_same_seed_gives_the_same_cloud_bit_for_bit_and_another_seed_moves_the_splats()
    {
        var a = Small(seed: 3, pedestrian: true).Cloud;
        var b = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 20_000, Seed = 3, Pedestrian = true, Budget = ComputeBudget.SingleThreaded }, TestContext.Current.CancellationToken).Cloud;
        var c = Small(seed: 4, pedestrian: true).Cloud;
        Assert.Equal(a.Planes.Length, b.Planes.Length);
        for (var p = 0; p < a.Planes.Length; p++)
            Assert.True(a.Planes[p].AsSpan().SequenceEqual(b.Planes[p]), $"plane {p} differs between runs");
        Assert.False(a.X.SequenceEqual(c.X));
    }

    [Fact]
    public void Counts_add_up_with_half_a_percent_of_floaters_and_a_quarter_faint_by_default()
    {
        var scene = Small(pedestrian: true);
        Assert.Equal(20_000, scene.Cloud.Count);
        Assert.Equal(3, scene.Cloud.ShDegree);
        Assert.Equal(100, scene.FloaterCount);
        Assert.Equal(5_000, scene.FaintSplatCount);
        Assert.InRange(scene.PedestrianSplatCount, 100, 1_000);
        Assert.Equal(20_000, scene.SurfaceSplatCount + scene.FaintSplatCount + scene.PedestrianSplatCount + scene.FloaterCount);

        var plain = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 20_000, Floaters = 0, FaintFraction = 0, ShDegree = 1 }, TestContext.Current.CancellationToken);
        Assert.Equal(20_000, plain.SurfaceSplatCount);
        Assert.Equal(0, plain.PedestrianSplatCount);
        Assert.Null(plain.PedestrianBox);
        Assert.Equal(1, plain.Cloud.ShDegree);
    }

    [Fact]
    public void The_pedestrian_box_holds_exactly_the_pedestrian_splats()
    {
        var scene = Small(pedestrian: true);
        var box = scene.PedestrianBox!;
        var cloud = scene.Cloud;
        for (var i = 0; i < cloud.Count; i++)
        {
            var isPedestrian = i >= scene.PedestrianStart && i < scene.FloaterStart;
            Assert.True(isPedestrian == box.Contains(new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i])), $"splat {i} (pedestrian: {isPedestrian})");
        }
        // Standing on the paving: its bottom is within a couple of centimetres of the ground.
        Assert.InRange(box.Max.Y, SyntheticScene.GroundHeight - 0.02f, SyntheticScene.GroundHeight);
        Assert.InRange(box.Max.Y - box.Min.Y, 1.7f, 1.9f);
    }

    [Fact]
    public void Surface_discs_lie_on_the_ground_truth_surfaces_facing_outwards()
    {
        var scene = Small();
        var cloud = scene.Cloud;
        int checkedCount = 0, occluded = 0;
        for (var i = 0; i < scene.SurfaceSplatCount; i += 7)
        {
            var centre = new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]);
            var q = new Quaternion(cloud.RotationX[i], cloud.RotationY[i], cloud.RotationZ[i], cloud.RotationW[i]);
            var normal = Vector3.Transform(Vector3.UnitZ, q);
            // A ray shot back at the disc from just outside along its normal hits a true surface exactly there (unless the
            // disc is paving under a sphere's or box's edge, where the object is hit first).
            var hit = SyntheticScene.NearestHit(centre + (0.01f * normal), -normal);
            if (hit < 0.01f - 2e-4f)
            {
                occluded++;
                continue;
            }
            Assert.True(MathF.Abs(hit - 0.01f) < 2e-4f, $"splat {i} at {centre}: hit at {hit}");
            // Flat: the normal scale is 2% of the tangent ones, and the tangent ones are 0.6 times the spacing (each ±20%).
            Assert.InRange(cloud.ScaleZ[i] - cloud.ScaleX[i], MathF.Log(0.02f) - 0.401f, MathF.Log(0.02f) + 0.401f);
            Assert.InRange(MathF.Exp(cloud.ScaleX[i]) / scene.SurfaceSpacing, 0.6f * MathF.Exp(-0.201f), 0.6f * MathF.Exp(0.201f));
            Assert.InRange(1 / (1 + MathF.Exp(-cloud.Opacity[i])), 0.99f * 0.94f - 1e-4f, 0.99f + 1e-4f);
            checkedCount++;
        }
        Assert.True(occluded < checkedCount / 100, $"{occluded} discs hidden under objects, {checkedCount} checked");
    }

    [Fact]
    public void A_surface_disc_shows_exactly_the_ground_truth_colour_along_any_ray_through_its_centre()
    {
        var scene = Small();
        var cloud = scene.Cloud;
        var checkedCount = 0;
        for (var i = 0; i < scene.SurfaceSplatCount; i += 31)
        {
            var centre = new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]);
            var normal = Vector3.Transform(Vector3.UnitZ, new Quaternion(cloud.RotationX[i], cloud.RotationY[i], cloud.RotationZ[i], cloud.RotationW[i]));
            // Look at the disc obliquely from outside; skip it if something else is in the way.
            var direction = Vector3.Normalize(-normal + new Vector3(0.3f, 0.1f, -0.2f));
            if (Vector3.Dot(direction, normal) > -0.3f)
                continue;
            var eye = centre - (0.5f * direction);
            if (MathF.Abs(SyntheticScene.NearestHit(eye, direction) - 0.5f) > 1e-3f)
                continue;
            var truth = SyntheticScene.Trace(eye, direction, 3, Vector3.Zero);
            var splat = ShBasis.Colour(cloud, i, direction, 3);
            var shown = Vector3.Max(splat, Vector3.Zero);
            Assert.True(Vector3.Distance(truth, shown) < 2e-3f, $"splat {i}: truth {truth}, splat {shown}");
            checkedCount++;
        }
        Assert.True(checkedCount > 100, $"only {checkedCount} discs checked");
    }

    [Fact]
    public void Ray_cast_sphere_matches_its_analytic_silhouette_pixel_for_pixel()
    {
        // Sphere of radius r at distance D: a ray hits it iff its angle to the centre direction is below asin(r / D).
        var centre = new Vector3(0.3f, -0.2f, 5);
        const float radius = 1.3f;
        var sphere = SceneSurface.Sphere(centre, radius, 1);
        var camera = PinholeCamera.LookAt(Vector3.Zero, new Vector3(0, 0, 1), 96, 64, 50);
        var toCentre = Vector3.Normalize(centre - camera.Position);
        var cosLimit = MathF.Cos(MathF.Asin(radius / centre.Length()));
        int hits = 0, ambiguous = 0;
        for (var y = 0; y < camera.Height; y++)
        {
            for (var x = 0; x < camera.Width; x++)
            {
                var d = Vector3.Normalize(
                    ((x + 0.5f - camera.CenterX) / camera.FocalX * camera.Right) + ((y + 0.5f - camera.CenterY) / camera.FocalY * camera.Down) + camera.Forward);
                var cos = Vector3.Dot(d, toCentre);
                var t = sphere.Intersect(camera.Position, d, 1e-4f);
                if (MathF.Abs(cos - cosLimit) < 1e-5f)
                {
                    ambiguous++;
                    continue;
                }
                Assert.Equal(cos > cosLimit, float.IsFinite(t));
                if (float.IsFinite(t))
                {
                    hits++;
                    Assert.Equal(radius, Vector3.Distance(camera.Position + (t * d), centre), 4);
                }
            }
        }
        Assert.True(hits > 500 && ambiguous < 10, $"{hits} hits, {ambiguous} ambiguous");
    }

    [Fact]
    public void Reference_render_shows_the_background_above_the_horizon_and_the_paving_below()
    {
        var scene = Small();
        var camera = PinholeCamera.LookAt(new Vector3(0, SyntheticScene.GroundHeight - 10, 0), new Vector3(4, SyntheticScene.GroundHeight - 10, 1e-3f), 64, 48, 40);
        var sky = new Vector3(0.1f, 0.2f, 0.9f);
        using var up = scene.RenderReference(camera, sky, TestContext.Current.CancellationToken);
        Assert.All(up.Plane(2).ToArray(), b => Assert.Equal(0.9f, b, 6));

        // Straight down onto open paving away from every object: every pixel is the field at the ray's ground hit.
        var plain = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 1000, ReferenceSamplesPerAxis = 1 }, TestContext.Current.CancellationToken);
        var above = new Vector3(-4.5f, SyntheticScene.GroundHeight - 3, 4.5f);
        var down = PinholeCamera.LookAt(above, above + new Vector3(0, 3, 0), 32, 32, 30, up: Vector3.UnitZ);
        using var frame = plain.RenderReference(down, sky, TestContext.Current.CancellationToken);
        var ground = SceneSurface.Ground(SyntheticScene.GroundHeight, SyntheticScene.GroundHalfSize, 0);
        for (var y = 0; y < 32; y += 5)
        {
            for (var x = 0; x < 32; x += 5)
            {
                var d = Vector3.Normalize(((x + 0.5f - down.CenterX) / down.FocalX * down.Right) + ((y + 0.5f - down.CenterY) / down.FocalY * down.Down) + down.Forward);
                var t = (SyntheticScene.GroundHeight - above.Y) / d.Y;
                var expected = SceneField.Shade(ground, above + (t * d), d, 3);
                Assert.Equal(expected.X, frame.Row(0, y)[x], 4);
                Assert.Equal(expected.Z, frame.Row(2, y)[x], 4);
            }
        }
    }

    [Fact]
    public void Rotations_from_axes_turn_the_unit_axes_onto_the_given_frame()
    {
        var random = new Random(5);
        for (var n = 0; n < 200; n++)
        {
            var a = Vector3.Normalize(new Vector3(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f));
            var helper = MathF.Abs(a.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY;
            var b = Vector3.Normalize(Vector3.Cross(a, helper));
            var c = Vector3.Cross(a, b);
            var q = SyntheticScene.FromAxes(a, b, c);
            Assert.True(Vector3.Distance(Vector3.Transform(Vector3.UnitX, q), a) < 1e-5f);
            Assert.True(Vector3.Distance(Vector3.Transform(Vector3.UnitY, q), b) < 1e-5f);
            Assert.True(Vector3.Distance(Vector3.Transform(Vector3.UnitZ, q), c) < 1e-5f);
        }
    }

    [Fact]
    public void Options_reject_out_of_range_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSceneOptions { SplatCount = 10 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSceneOptions { ShDegree = 4 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSceneOptions { FaintFraction = 0.95f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSceneOptions { Floaters = -1 });
        Assert.Throws<ArgumentException>(() => SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 1000, Floaters = 900, FaintFraction = 0.5f }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Splat_render_matches_the_ground_truth_and_floaters_or_a_pedestrian_lower_the_match()
    {
        // Measured 25.8 dB (200k splats, 4 ring views at 320x180, clamped to [0, 1]); the tolerance sits 2 dB under.
        var ct = TestContext.Current.CancellationToken;
        var cameras = SyntheticScene.Ring(4, 320, 180);
        var clean = SyntheticScene.Create(new SyntheticSceneOptions { Floaters = 0 }, ct);
        var cleanPsnr = MeanPsnr(clean, clean, cameras, ct);
        Assert.True(cleanPsnr >= 23.8, $"clean scene: {cleanPsnr:0.00} dB");

        var withFloaters = SyntheticScene.Create(new SyntheticSceneOptions { Floaters = 2_000 }, ct);
        var floatersPsnr = MeanPsnr(withFloaters, clean, cameras, ct);
        Assert.True(floatersPsnr < cleanPsnr - 0.3, $"floaters: {floatersPsnr:0.00} dB against {cleanPsnr:0.00}");

        var withPedestrian = SyntheticScene.Create(new SyntheticSceneOptions { Floaters = 0, Pedestrian = true }, ct);
        var pedestrianPsnr = MeanPsnr(withPedestrian, clean, cameras, ct);
        Assert.True(pedestrianPsnr < cleanPsnr - 0.3, $"pedestrian: {pedestrianPsnr:0.00} dB against {cleanPsnr:0.00}");
    }

    private static double MeanPsnr(SyntheticScene scene, SyntheticScene truth, PinholeCamera[] cameras, CancellationToken ct)
    {
        double sum = 0;
        foreach (var camera in cameras)
        {
            using var reference = truth.RenderReference(camera, default, ct);
            using var render = SplatRenderer.Render(scene.Cloud, camera, cancellationToken: ct);
            Clamp(reference);
            Clamp(render);
            sum += ImageQuality.Psnr(reference, render);
        }
        return sum / cameras.Length;
    }

    private static void Clamp(ImageFrame frame)
    {
        var data = frame.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = Math.Clamp(data[i], 0f, 1f);
    }
}
