namespace Augment.Vision.Tests.Matching;

public sealed class LatticeRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // An affine map in the sRGB-encoded space (the LUT's own coordinates).
    private static readonly double[,] Matrix = { { 0.85, 0.10, 0.02 }, { 0.05, 0.92, 0.06 }, { -0.03, 0.08, 1.05 } };
    private static readonly double[] Offset = { 0.04, -0.02, 0.03 };

    private static (double, double, double) Affine(double r, double g, double b) => (
        Matrix[0, 0] * r + Matrix[0, 1] * g + Matrix[0, 2] * b + Offset[0],
        Matrix[1, 0] * r + Matrix[1, 1] * g + Matrix[1, 2] * b + Offset[1],
        Matrix[2, 0] * r + Matrix[2, 1] * g + Matrix[2, 2] * b + Offset[2]);

    /// <summary>A smooth non-linear grade: per-channel gamma, then a saturation boost about the mean.</summary>
    internal static (double, double, double) Grade(double r, double g, double b)
    {
        r = Math.Pow(r, 0.8);
        g = Math.Pow(g, 1.1);
        b = Math.Pow(b, 0.9);
        var mean = (r + g + b) / 3;
        const double saturation = 1.2;
        return (mean + saturation * (r - mean), mean + saturation * (g - mean), mean + saturation * (b - mean));
    }

    private static (float R, float G, float B) Evaluate(Lut3D lut, float r, float g, float b)
    {
        Span<float> o = stackalloc float[3];
        LutKernels.ApplyReference(lut, LutInterpolation.Tetrahedral, [r], [g], [b], o[..1], o.Slice(1, 1), o.Slice(2, 1));
        return (o[0], o[1], o[2]);
    }

    [Fact]
    public void Fit_from_24_chart_pairs_under_an_affine_map_reproduces_it_everywhere_within_1e_3()
    {
        var pairs = new ColorPairs();
        for (var p = 0; p < ColorChecker.Patches; p++)
        {
            var (r, g, b) = ColorChecker.Patch(p);
            var (x, y, z) = Affine(r, g, b);
            pairs.Add(r, g, b, (float)x, (float)y, (float)z);
        }
        var fit = LatticeRegression.Fit(pairs, 33, 1e-3, ComputeBudget.Default, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"iterations {fit.Iterations}, residual {fit.RelativeResidual:E2}");

        var random = new Random(7);
        double worst = 0;
        for (var i = 0; i < 10_000; i++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            var (er, eg, eb) = Affine(r, g, b);
            var (lr, lg, lb) = Evaluate(fit.Lut, r, g, b);
            worst = Math.Max(worst, Math.Max(Math.Abs(lr - er), Math.Max(Math.Abs(lg - eg), Math.Abs(lb - eb))));
        }
        Assert.True(worst < 1e-3, $"worst error {worst:E2} over the cube");
    }

    [Fact]
    public void Fit_from_20k_scattered_samples_of_a_smooth_grade_matches_it_within_2e_3_mean()
    {
        var random = new Random(11);
        var pairs = new ColorPairs(20_000);
        for (var i = 0; i < 20_000; i++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            var (x, y, z) = Grade(r, g, b);
            pairs.Add(r, g, b, (float)x, (float)y, (float)z);
        }
        var fit = LatticeRegression.Fit(pairs, 33, 1e-6, ComputeBudget.Default, Ct);

        double sum = 0;
        var count = 0;
        for (var i = 0; i < 10_000; i++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            var (er, eg, eb) = Grade(r, g, b);
            var (lr, lg, lb) = Evaluate(fit.Lut, r, g, b);
            sum += Math.Abs(lr - er) + Math.Abs(lg - eg) + Math.Abs(lb - eb);
            count += 3;
        }
        var mean = sum / count;
        TestContext.Current.TestOutputHelper?.WriteLine($"iterations {fit.Iterations}, residual {fit.RelativeResidual:E2}, mean abs error {mean:E2}");
        Assert.True(mean < 2e-3, $"mean abs error {mean:E2}");
    }

    [Fact]
    public void A_very_smooth_fit_is_the_least_squares_affine_fit()
    {
        var random = new Random(5);
        var pairs = new ColorPairs(3000);
        // Normal equations of the weighted affine least-squares fit, per channel: (XᵀWX) β = XᵀW y.
        var normal = new double[4, 4];
        var rhs = new double[3, 4];
        for (var i = 0; i < 3000; i++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            var (x, y, z) = Grade(r, g, b);
            var w = 0.5f + random.NextSingle();
            pairs.Add(r, g, b, (float)x, (float)y, (float)z, w);
            double[] row = [r, g, b, 1];
            double[] target = [(float)x, (float)y, (float)z];
            for (var j = 0; j < 4; j++)
            {
                for (var k = 0; k < 4; k++)
                    normal[j, k] += w * row[j] * row[k];
                for (var c = 0; c < 3; c++)
                    rhs[c, j] += w * row[j] * target[c];
            }
        }
        var beta = new double[3][];
        for (var c = 0; c < 3; c++)
            beta[c] = Solve4(normal, [rhs[c, 0], rhs[c, 1], rhs[c, 2], rhs[c, 3]]);

        var fit = LatticeRegression.Fit(pairs, 17, 1e3, ComputeBudget.Default, Ct, maxIterations: 1000, tolerance: 1e-9);
        TestContext.Current.TestOutputHelper?.WriteLine($"iterations {fit.Iterations}, residual {fit.RelativeResidual:E2}");
        double worst = 0;
        for (var i = 0; i < 2000; i++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            var (lr, lg, lb) = Evaluate(fit.Lut, r, g, b);
            float[] lut = [lr, lg, lb];
            for (var c = 0; c < 3; c++)
            {
                var expected = beta[c][0] * r + beta[c][1] * g + beta[c][2] * b + beta[c][3];
                worst = Math.Max(worst, Math.Abs(lut[c] - expected));
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"worst deviation from the affine least-squares fit {worst:E2}");
        Assert.True(worst < 1e-5, $"worst deviation from the affine least-squares fit {worst:E2}");
    }

    [Fact]
    public void Without_pairs_the_fit_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => LatticeRegression.Fit(new ColorPairs(), 33, 1e-3, ComputeBudget.Default, Ct));
        var pairs = new ColorPairs();
        pairs.Add(0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => LatticeRegression.Fit(pairs, 8, 1e-3, ComputeBudget.Default, Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatticeRegression.Fit(pairs, 33, -1, ComputeBudget.Default, Ct));
    }

    [Fact]
    public void The_fit_does_not_depend_on_the_thread_count()
    {
        var random = new Random(3);
        var pairs = new ColorPairs();
        for (var i = 0; i < 5000; i++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            var (x, y, z) = Grade(r, g, b);
            pairs.Add(r, g, b, (float)x, (float)y, (float)z);
        }
        var one = LatticeRegression.Fit(pairs, 33, 1e-5, ComputeBudget.SingleThreaded, Ct);
        var many = LatticeRegression.Fit(pairs, 33, 1e-5, ComputeBudget.Default with { MaxThreads = 4 }, Ct);
        Assert.Equal(one.Lut.Lattice.ToArray(), many.Lut.Lattice.ToArray());
    }

    /// <summary>Gaussian elimination with partial pivoting on a 4x4 system.</summary>
    private static double[] Solve4(double[,] a, double[] b)
    {
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < 4; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < 4; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                    pivot = row;
            }
            for (var k = 0; k < 4; k++)
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            (x[col], x[pivot]) = (x[pivot], x[col]);
            for (var row = col + 1; row < 4; row++)
            {
                var f = m[row, col] / m[col, col];
                for (var k = col; k < 4; k++)
                    m[row, k] -= f * m[col, k];
                x[row] -= f * x[col];
            }
        }
        for (var row = 3; row >= 0; row--)
        {
            for (var k = row + 1; k < 4; k++)
                x[row] -= m[row, k] * x[k];
            x[row] /= m[row, row];
        }
        return x;
    }
}
