namespace Augment.Splat.Tests.Cleaning;

/// <summary>Constructed clouds with known bad splats planted at known indices.</summary>
internal static class CleaningScenes
{
    /// <summary>A cloud of random but sane splats: positions in [0,1)^3, scales e^-4..e^-3, opaque, random rotations, SH degree 1 and one extra.</summary>
    public static GaussianCloud Random(int count, int seed, int shDegree = 1)
    {
        var random = new Random(seed);
        var cloud = GaussianCloud.Create(count, shDegree, ["confidence"]);
        foreach (var plane in cloud.Planes)
        {
            for (var i = 0; i < count; i++)
                plane[i] = (float)random.NextDouble();
        }
        for (var i = 0; i < count; i++)
        {
            cloud.ScaleX[i] = -4 + (float)random.NextDouble();
            cloud.ScaleY[i] = -4 + (float)random.NextDouble();
            cloud.ScaleZ[i] = -4 + (float)random.NextDouble();
            cloud.Opacity[i] = 2 + (float)random.NextDouble();
            cloud.RotationW[i] = 0.5f + (float)random.NextDouble();
        }
        return cloud;
    }

    /// <summary>Writes a uniform random cube of splats at [start, start + count) around <paramref name="center"/>.</summary>
    public static void FillCube(GaussianCloud cloud, Random random, int start, int count, float cx, float cy, float cz, float edge)
    {
        for (var i = start; i < start + count; i++)
        {
            cloud.X[i] = cx + (((float)random.NextDouble() - 0.5f) * edge);
            cloud.Y[i] = cy + (((float)random.NextDouble() - 0.5f) * edge);
            cloud.Z[i] = cz + (((float)random.NextDouble() - 0.5f) * edge);
        }
    }

    /// <summary>
    /// Two dense 1-unit cubes of 4,000 splats each, 3 units apart, then <paramref name="floaterClusters"/> small
    /// clusters of 6 splats each (radius 0.03) and <paramref name="isolated"/> single splats, all at least 4 units away
    /// from the cubes. Returns the cloud and, per splat, whether it was planted (a floater or an isolated outlier).
    /// </summary>
    public static (GaussianCloud Cloud, bool[] Planted) DenseWithFloaters(int seed, int floaterClusters, int isolated)
    {
        var random = new Random(seed);
        const int PerCube = 4000;
        var count = (2 * PerCube) + (6 * floaterClusters) + isolated;
        var cloud = GaussianCloud.Create(count);
        FillCube(cloud, random, 0, PerCube, 0, 0, 0, 1);
        FillCube(cloud, random, PerCube, PerCube, 3, 0, 0, 1);
        var planted = new bool[count];
        var next = 2 * PerCube;
        for (var f = 0; f < floaterClusters; f++)
        {
            var (cx, cy, cz) = FarPoint(random, f);
            FillCube(cloud, random, next, 6, cx, cy, cz, 0.06f);
            planted.AsSpan(next, 6).Fill(true);
            next += 6;
        }
        for (var s = 0; s < isolated; s++)
        {
            var (cx, cy, cz) = FarPoint(random, floaterClusters + s);
            cloud.X[next] = cx;
            cloud.Y[next] = cy;
            cloud.Z[next] = cz;
            planted[next++] = true;
        }
        for (var i = 0; i < count; i++)
        {
            cloud.Opacity[i] = 1;
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = -4;
        }
        return (cloud, planted);
    }

    /// <summary>Points on a ring of radius 6-9 units around the cubes' middle, in alternating heights: far from the cubes and from each other.</summary>
    private static (float X, float Y, float Z) FarPoint(Random random, int index)
    {
        var angle = index * 2.399963;
        var radius = 6 + (3 * random.NextDouble());
        return ((float)(1.5 + (radius * Math.Cos(angle))), (float)((index % 3) - 1) * 2, (float)(radius * Math.Sin(angle)));
    }
}
