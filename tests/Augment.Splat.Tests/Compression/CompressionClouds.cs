namespace Augment.Splat.Tests.Compression;

/// <summary>Generated clouds for the compression tests.</summary>
internal static class CompressionClouds
{
    /// <summary>
    /// <paramref name="count"/> splats with SH of <paramref name="shDegree"/>: DC uniform in [dcLow, dcHigh], rest
    /// coefficients uniform in ±<paramref name="restAmplitude"/>; positions in a 4 x 4 x 4 box, small scales, opaque.
    /// </summary>
    public static GaussianCloud Random(int count, int shDegree, int seed, float dcLow = -1.5f, float dcHigh = 1.5f, float restAmplitude = 0.5f)
    {
        var random = new Random(seed);
        var cloud = GaussianCloud.Create(count, shDegree);
        for (var i = 0; i < count; i++)
        {
            cloud.X[i] = (float)((random.NextDouble() * 4) - 2);
            cloud.Y[i] = (float)((random.NextDouble() * 4) - 2);
            cloud.Z[i] = (float)((random.NextDouble() * 4) - 2);
            cloud.ScaleX[i] = (float)((random.NextDouble() * 2) - 4);
            cloud.ScaleY[i] = (float)((random.NextDouble() * 2) - 4);
            cloud.ScaleZ[i] = (float)((random.NextDouble() * 2) - 4);
            cloud.RotationW[i] = (float)random.NextDouble() + 0.1f;
            cloud.RotationX[i] = (float)(random.NextDouble() - 0.5);
            cloud.RotationY[i] = (float)(random.NextDouble() - 0.5);
            cloud.RotationZ[i] = (float)(random.NextDouble() - 0.5);
            cloud.Opacity[i] = (float)((random.NextDouble() * 6) - 1);
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = dcLow + ((dcHigh - dcLow) * (float)random.NextDouble());
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = restAmplitude * (float)((2 * random.NextDouble()) - 1);
            }
        }
        cloud.NormalizeRotations();
        return cloud;
    }

    /// <summary>Uniformly random unit directions (normalised Gaussian triples), independent of any Fibonacci set.</summary>
    public static System.Numerics.Vector3[] RandomDirections(int count, int seed)
    {
        var random = new Random(seed);
        var directions = new System.Numerics.Vector3[count];
        for (var i = 0; i < count; i++)
        {
            System.Numerics.Vector3 v;
            do
            {
                v = new System.Numerics.Vector3(Gaussian(random), Gaussian(random), Gaussian(random));
            }
            while (v.LengthSquared() < 1e-6f);
            directions[i] = System.Numerics.Vector3.Normalize(v);
        }
        return directions;
    }

    /// <summary>The clamped colour max(0, SH(d) + 0.5) of one channel of splat <paramref name="index"/>, in double, from the 3DGS basis.</summary>
    public static double ClampedColour(GaussianCloud cloud, int index, int channel, System.Numerics.Vector3 d)
    {
        Span<float> basis = stackalloc float[16];
        ShBasis.Evaluate(d, cloud.ShDegree, basis);
        var f = 0.5 + ((double)basis[0] * cloud.ShDc(channel)[index]);
        for (var k = 0; k < cloud.ShRestCount; k++)
            f += (double)basis[k + 1] * cloud.ShRest(channel, k)[index];
        return Math.Max(0, f);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
