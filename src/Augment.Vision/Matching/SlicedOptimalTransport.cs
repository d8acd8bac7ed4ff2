namespace Augment.Vision;

/// <summary>
/// Iterative distribution transfer (Pitié, Kokaram and Dahyot, "N-dimensional probability density
/// function transfer and its application to colour transfer", ICCV 2005; CVIU 107, 2007): each
/// iteration rotates the colour space by a random orthonormal basis and, along each of its three
/// axes, moves every source sample to the reference's quantile of the sample's rank (the 1D optimal
/// transport); repeated over many rotations, the source's 3D distribution converges to the
/// reference's (the sliced Wasserstein distance falls toward zero). The 1D maps are histogram CDF
/// matches (<see cref="HistogramCurve"/>, linear within bins), as in Pitié's paper, which costs O(n)
/// per axis instead of a sort.
/// </summary>
internal static class SlicedOptimalTransport
{
    public const int Bins = 2048;

    /// <summary>Moves the source samples (in place) toward the reference distribution; both in the same space (OKLab here).</summary>
    public static void Transport(ColorSamples source, ColorSamples reference, int iterations, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var n = source.Count;
        var m = reference.Count;
        var projected = new float[n];
        var mapped = new float[n];
        var referenceProjected = new float[m];
        var sourceCounts = new double[Bins];
        var referenceCounts = new double[Bins];
        Span<double> basis = stackalloc double[9];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RandomRotation(random, basis);
            for (var axis = 0; axis < 3; axis++)
            {
                var e0 = (float)basis[3 * axis];
                var e1 = (float)basis[(3 * axis) + 1];
                var e2 = (float)basis[(3 * axis) + 2];
                var (sourceLow, sourceHigh) = Project(source, e0, e1, e2, projected);
                var (referenceLow, referenceHigh) = Project(reference, e0, e1, e2, referenceProjected);
                Histogram(projected, sourceLow, sourceHigh, sourceCounts);
                Histogram(referenceProjected, referenceLow, referenceHigh, referenceCounts);
                var curve = HistogramCurve.Build(sourceCounts, sourceLow, sourceHigh, referenceCounts, referenceLow, referenceHigh);
                projected.CopyTo(mapped, 0);
                curve.Apply(mapped, 1f);
                float[] x = source.X, y = source.Y, z = source.Z;
                for (var i = 0; i < n; i++)
                {
                    var d = mapped[i] - projected[i];
                    x[i] += d * e0;
                    y[i] += d * e1;
                    z[i] += d * e2;
                }
            }
        }
    }

    /// <summary>
    /// The sliced Wasserstein-2 distance between two sample sets: the root mean over
    /// <paramref name="directions"/> random unit directions of the squared 1D W2 distance (sorted
    /// projections compared at equal quantiles). For tests and diagnostics.
    /// </summary>
    public static double SlicedWasserstein(ColorSamples first, ColorSamples second, int directions, int seed)
    {
        var random = new Random(seed);
        var a = new float[first.Count];
        var b = new float[second.Count];
        Span<double> basis = stackalloc double[9];
        double sum = 0;
        for (var d = 0; d < directions; d++)
        {
            RandomRotation(random, basis);
            var e0 = (float)basis[0];
            var e1 = (float)basis[1];
            var e2 = (float)basis[2];
            Project(first, e0, e1, e2, a);
            Project(second, e0, e1, e2, b);
            Array.Sort(a);
            Array.Sort(b);
            const int quantiles = 1000;
            double squared = 0;
            for (var q = 0; q < quantiles; q++)
            {
                var t = (q + 0.5) / quantiles;
                var diff = a[(int)(t * a.Length)] - b[(int)(t * b.Length)];
                squared += diff * diff;
            }
            sum += squared / quantiles;
        }
        return Math.Sqrt(sum / directions);
    }

    private static (double Low, double High) Project(ColorSamples samples, float e0, float e1, float e2, float[] output)
    {
        float[] x = samples.X, y = samples.Y, z = samples.Z;
        var low = float.PositiveInfinity;
        var high = float.NegativeInfinity;
        for (var i = 0; i < output.Length; i++)
        {
            var p = (x[i] * e0) + (y[i] * e1) + (z[i] * e2);
            output[i] = p;
            low = Math.Min(low, p);
            high = Math.Max(high, p);
        }
        // A flat projection still needs a bin width (as in ChannelHistograms).
        var minimumWidth = Math.Max(Math.Abs(low), 1f) * 1e-6f;
        if (high - low < minimumWidth)
        {
            low -= minimumWidth / 2;
            high += minimumWidth / 2;
        }
        return (low, high);
    }

    private static void Histogram(float[] values, double low, double high, double[] counts)
    {
        Array.Clear(counts);
        var scale = counts.Length / (high - low);
        var last = counts.Length - 1;
        foreach (var v in values)
            counts[Math.Clamp((int)((v - low) * scale), 0, last)] += 1.0;
    }

    /// <summary>A random orthonormal basis (rows): Gram–Schmidt on three Gaussian vectors (Box–Muller), which is uniform over rotations and reflections.</summary>
    internal static void RandomRotation(Random random, Span<double> basis)
    {
        for (var i = 0; i < 9; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            basis[i] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
        for (var row = 0; row < 3; row++)
        {
            var v = basis.Slice(3 * row, 3);
            for (var previous = 0; previous < row; previous++)
            {
                var e = basis.Slice(3 * previous, 3);
                var dot = (v[0] * e[0]) + (v[1] * e[1]) + (v[2] * e[2]);
                v[0] -= dot * e[0];
                v[1] -= dot * e[1];
                v[2] -= dot * e[2];
            }
            var norm = Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]));
            v[0] /= norm;
            v[1] /= norm;
            v[2] /= norm;
        }
    }
}
