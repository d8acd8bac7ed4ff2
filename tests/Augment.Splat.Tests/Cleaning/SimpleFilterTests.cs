using System.Numerics;
using Augment.Splat.Cleaning;

namespace Augment.Splat.Tests.Cleaning;

public class SimpleFilterTests
{
    private static bool[] Mask(GaussianCloud cloud, Func<int, bool> keep)
    {
        var mask = new bool[cloud.Count];
        for (var i = 0; i < cloud.Count; i++)
            mask[i] = keep(i);
        return mask;
    }

    /// <summary>The survivors must be exactly the splats the reference mask keeps, in order, with every attribute.</summary>
    private static void AssertSurvivors(GaussianCloud source, bool[] expectedKeep, GaussianCloud actual)
    {
        var expected = source.Where(expectedKeep);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ShDegree, actual.ShDegree);
        Assert.Equal(expected.ExtraNames, actual.ExtraNames);
        for (var p = 0; p < expected.Planes.Length; p++)
            Assert.Equal(expected.Planes[p], actual.Planes[p]);
    }

    [Fact]
    public void Non_finite_removal_drops_exactly_the_splats_with_NaN_or_infinity_in_any_attribute()
    {
        var cloud = CleaningScenes.Random(1000, 1);
        var random = new Random(2);
        var planted = new bool[cloud.Count];
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        for (var n = 0; n < 60; n++)
        {
            var i = random.Next(cloud.Count);
            var plane = cloud.Planes[random.Next(cloud.Planes.Length)];
            plane[i] = bad[n % 3];
            planted[i] = true;
        }
        cloud.Extra("confidence")[999] = float.NaN;
        planted[999] = true;
        cloud.ShRest(2, 2)[3] = float.PositiveInfinity;
        planted[3] = true;

        var (clean, report) = cloud.CleanInTest(c => c.RemoveNonFinite());

        AssertSurvivors(cloud, Mask(cloud, i => !planted[i]), clean);
        Assert.Equal(planted.Count(p => p), report.Steps[0].Removed);
        Assert.Equal(clean.Count, report.OutputCount);
    }

    [Fact]
    public void Simd_non_finite_kernel_matches_the_scalar_reference_on_random_planes()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            var count = random.Next(1, 300);
            var planes = new float[random.Next(1, 20)][];
            for (var p = 0; p < planes.Length; p++)
            {
                planes[p] = new float[count];
                for (var i = 0; i < count; i++)
                    planes[p][i] = random.Next(40) == 0 ? float.NaN : random.Next(60) == 0 ? float.NegativeInfinity : (float)random.NextDouble();
            }
            var aliveScalar = new bool[count];
            for (var i = 0; i < count; i++)
                aliveScalar[i] = random.Next(5) != 0;
            var aliveSimd = (bool[])aliveScalar.Clone();
            var start = random.Next(count);
            var end = random.Next(start, count + 1);

            var removedScalar = NonFiniteKernel.MarkScalar(planes, aliveScalar, start, end);
            var removedSimd = NonFiniteKernel.MarkSimd(planes, aliveSimd, start, end);

            Assert.Equal(aliveScalar, aliveSimd);
            Assert.Equal(removedScalar, removedSimd);
        }
    }

    [Fact]
    public void Degenerate_removal_drops_tiny_overflowing_and_zero_rotation_splats()
    {
        var cloud = CleaningScenes.Random(200, 3);
        cloud.ScaleY[10] = -30;           // exp = 9.4e-14 < 1e-9
        cloud.ScaleZ[20] = 100;           // exp overflows
        (cloud.RotationW[30], cloud.RotationX[30], cloud.RotationY[30], cloud.RotationZ[30]) = (0, 0, 0, 0);
        (cloud.RotationW[40], cloud.RotationX[40], cloud.RotationY[40], cloud.RotationZ[40]) = (1e-8f, 0, 0, 0);
        cloud.ScaleX[50] = -20;           // exp = 2.1e-9: kept at the default floor
        int[] planted = [10, 20, 30, 40];

        var (clean, report) = cloud.CleanInTest(c => c.RemoveDegenerate());

        AssertSurvivors(cloud, Mask(cloud, i => Array.IndexOf(planted, i) < 0), clean);
        Assert.Equal(4, report.Steps[0].Removed);
    }

    [Fact]
    public void Opacity_threshold_keeps_exactly_the_splats_whose_alpha_reaches_it()
    {
        var cloud = CleaningScenes.Random(2000, 4);
        var random = new Random(9);
        for (var i = 0; i < cloud.Count; i++)
            cloud.Opacity[i] = ((float)random.NextDouble() * 12) - 6;
        cloud.Opacity[7] = float.NaN;

        var (clean, _) = cloud.CleanInTest(c => c.MinOpacity(0.3f));

        AssertSurvivors(cloud, Mask(cloud, i => cloud.Alpha(i) >= 0.3f), clean);
        Assert.InRange(clean.Count, 1050, 1250); // logit >= ln(0.3/0.7) = -0.85: about 57% of [-6, 6]
    }

    [Fact]
    public void Scale_thresholds_judge_the_largest_axis_in_world_units()
    {
        var cloud = CleaningScenes.Random(2000, 5);
        var random = new Random(10);
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.ScaleX[i] = ((float)random.NextDouble() * 8) - 6;
            cloud.ScaleY[i] = ((float)random.NextDouble() * 8) - 6;
            cloud.ScaleZ[i] = ((float)random.NextDouble() * 8) - 6;
        }
        static double Largest(GaussianCloud c, int i) => Math.Exp(Math.Max(c.ScaleX[i], Math.Max(c.ScaleY[i], c.ScaleZ[i])));

        var (clean, report) = cloud.CleanInTest(c => c.MaxScale(2f).MinScale(0.05f));

        AssertSurvivors(cloud, Mask(cloud, i => Largest(cloud, i) <= 2 && Largest(cloud, i) >= 0.05), clean);
        Assert.Equal(2, report.Steps.Count);
        Assert.Equal(cloud.Count - report.Steps[0].Removed, report.Steps[0].Remaining);
        Assert.Equal(report.Steps[0].Remaining - report.Steps[1].Removed, report.Steps[1].Remaining);
    }

    [Fact]
    public void Box_sphere_and_plane_crops_keep_exactly_the_centres_inside()
    {
        var cloud = CleaningScenes.Random(3000, 6);
        cloud.X[5] = float.NaN;
        var min = new Vector3(0.1f, 0.2f, 0.0f);
        var max = new Vector3(0.9f, 0.8f, 0.7f);
        var center = new Vector3(0.5f, 0.5f, 0.5f);

        var box = cloud.CleanInTest(c => c.CropToBox(min, max)).Cloud;
        AssertSurvivors(cloud, Mask(cloud, i => cloud.X[i] >= 0.1f && cloud.X[i] <= 0.9f && cloud.Y[i] >= 0.2f && cloud.Y[i] <= 0.8f && cloud.Z[i] >= 0 && cloud.Z[i] <= 0.7f), box);

        var sphere = cloud.CleanInTest(c => c.CropToSphere(center, 0.4f)).Cloud;
        AssertSurvivors(cloud, Mask(cloud, i => Math.Pow(cloud.X[i] - 0.5, 2) + Math.Pow(cloud.Y[i] - 0.5, 2) + Math.Pow(cloud.Z[i] - 0.5, 2) <= 0.16), sphere);

        // The half-space x + y >= 1 (normal (1,1,0), offset -1): the side the normal points to.
        var plane = cloud.CleanInTest(c => c.CropToPlane(new Vector3(1, 1, 0), -1)).Cloud;
        AssertSurvivors(cloud, Mask(cloud, i => cloud.X[i] + cloud.Y[i] - 1 >= 0), plane);

        var outside = cloud.CleanInTest(c => c.CropToBox(min, max, keepInside: false)).Cloud;
        AssertSurvivors(cloud, Mask(cloud, i => !(cloud.X[i] >= 0.1f && cloud.X[i] <= 0.9f && cloud.Y[i] >= 0.2f && cloud.Y[i] <= 0.8f && cloud.Z[i] >= 0 && cloud.Z[i] <= 0.7f)), outside);
    }

    [Fact]
    public void Removing_a_pedestrians_oriented_box_drops_only_the_splats_in_it()
    {
        var cloud = CleaningScenes.Random(4000, 7);
        // A 0.2 x 0.6 x 0.2 box turned 45 degrees about z, at the middle.
        var center = new Vector3(0.5f, 0.5f, 0.5f);
        var rotation = Quaternion.CreateFromAxisAngle(Vector3.UnitZ, MathF.PI / 4);
        var region = SplatRegion.OrientedBox(center, new Vector3(0.1f, 0.3f, 0.1f), rotation);

        var (clean, report) = cloud.CleanInTest(c => c.RemoveInside(region).RemoveInside(SplatRegion.Box(new Vector3(0, 0, 0), new Vector3(0.1f, 0.1f, 1))));

        // Independent reference: project onto the box's world axes (columns of the rotation matrix).
        var m = Matrix4x4.CreateFromQuaternion(rotation);
        var ax = new Vector3(m.M11, m.M12, m.M13);
        var ay = new Vector3(m.M21, m.M22, m.M23);
        var az = new Vector3(m.M31, m.M32, m.M33);
        bool InPedestrian(int i)
        {
            var d = new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]) - center;
            return Math.Abs(Vector3.Dot(d, ax)) <= 0.1f + 1e-6f && Math.Abs(Vector3.Dot(d, ay)) <= 0.3f + 1e-6f && Math.Abs(Vector3.Dot(d, az)) <= 0.1f + 1e-6f;
        }
        bool InCorner(int i) => cloud.X[i] <= 0.1f && cloud.Y[i] <= 0.1f;
        var keep = Mask(cloud, i => !InPedestrian(i) && !InCorner(i));
        AssertSurvivors(cloud, keep, clean);
        Assert.True(report.Steps[0].Removed > 50);
        Assert.True(report.Steps[1].Removed > 10);
    }

    [Fact]
    public void Steps_run_in_order_on_the_survivors_and_the_report_adds_up()
    {
        var cloud = CleaningScenes.Random(1000, 8);
        for (var i = 0; i < 100; i++)
            cloud.Opacity[i] = -10;     // transparent
        for (var i = 50; i < 150; i++)
            cloud.X[i] = 5;             // outside the crop; 50 of them already transparent

        var (clean, report) = cloud.CleanInTest(c => c.MinOpacity(0.05f).CropToBox(Vector3.Zero, Vector3.One));

        Assert.Equal(100, report.Steps[0].Removed);
        Assert.Equal(50, report.Steps[1].Removed);
        Assert.Equal(850, clean.Count);
        Assert.Equal(850, report.OutputCount);
        Assert.Equal(150, report.Removed);
        Assert.Contains("opacity", report.Steps[0].Name, StringComparison.Ordinal);
        Assert.Contains("crop to box", report.Steps[1].Name, StringComparison.Ordinal);
        Assert.Contains("850", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_cloud_is_not_modified_and_an_empty_run_copies_it()
    {
        var cloud = CleaningScenes.Random(100, 9);
        var before = cloud.Clone();
        cloud.X[0] = float.NaN;
        before.X[0] = float.NaN;

        var (clean, report) = cloud.CleanInTest(new CleaningOptions());
        cloud.CleanInTest(c => c.RemoveNonFinite().RemoveOutliers().RemoveFloaters());

        Assert.Empty(report.Steps);
        Assert.Equal(100, clean.Count);
        for (var p = 0; p < cloud.Planes.Length; p++)
            Assert.Equal(before.Planes[p], cloud.Planes[p]);
        Assert.NotSame(cloud.X.ToArray(), clean.X.ToArray());
    }

    [Fact]
    public void Out_of_range_parameters_are_rejected_before_anything_runs()
    {
        var cloud = CleaningScenes.Random(10, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.CleanInTest(c => c.MinOpacity(1.5f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.CleanInTest(c => c.MaxScale(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.CleanInTest(c => c.RemoveOutliers(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.CleanInTest(c => c.RemoveFloaters(voxelSize: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.CleanInTest(c => c.CropToSphere(Vector3.Zero, -1)));
        Assert.Throws<ArgumentException>(() => SplatRegion.Box(Vector3.One, Vector3.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.CleanInTest(new CleaningOptions { Steps = [new OpacityThresholdStep(float.NaN)] }));
    }
}
