namespace Augment.Vision.Tests.Matching;

public sealed class SlicedOtTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const double SourceSigma = 0.025;
    private static readonly double[] SourceMean = [0.62, 0.0, 0.01];
    private static readonly double[] ReferenceMean = [0.57, 0.015, -0.02];
    private static readonly double[] ReferenceSigma = [0.035, 0.015, 0.02];
    private const double Angle = 0.5; // rotation of the reference's principal axes in the L–a plane

    /// <summary>Row-major R·diag(scale)·Rᵀ for the rotation R by <see cref="Angle"/> in the L–a plane.</summary>
    private static double[,] RotatedDiagonal(double[] scale)
    {
        double c = Math.Cos(Angle), s = Math.Sin(Angle);
        double[,] r = { { c, -s, 0 }, { s, c, 0 }, { 0, 0, 1 } };
        var m = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                    m[i, j] += r[i, k] * scale[k] * r[j, k];
            }
        }
        return m;
    }

    /// <summary>A frame of OKLab Gaussian colours μ + A·z (z standard normal), rejecting colours outside the sRGB gamut.</summary>
    private static ImageFrame GaussianFrame(int width, int height, double[] mean, double[,] a, int seed)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.LinearSrgb);
        var random = new Random(seed);
        for (var i = 0; i < frame.PixelCount; i++)
        {
            while (true)
            {
                var z = new double[3];
                for (var k = 0; k < 3; k++)
                    z[k] = Normal(random);
                var lab = new double[3];
                for (var r = 0; r < 3; r++)
                    lab[r] = mean[r] + a[r, 0] * z[0] + a[r, 1] * z[1] + a[r, 2] * z[2];
                var (red, green, blue) = ColorMath.OklabToLinearSrgb(new Oklab(lab[0], lab[1], lab[2]));
                if (red is < 0 or > 1 || green is < 0 or > 1 || blue is < 0 or > 1)
                    continue;
                frame.Plane(0)[i] = (float)red;
                frame.Plane(1)[i] = (float)green;
                frame.Plane(2)[i] = (float)blue;
                break;
            }
        }
        return frame;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    private static double[,] Isotropic(double sigma) => new double[,] { { sigma, 0, 0 }, { 0, sigma, 0 }, { 0, 0, sigma } };

    [Fact]
    public void Sliced_OT_between_Gaussians_approaches_the_closed_form_Gaussian_OT_map_on_held_out_colours()
    {
        using var source = GaussianFrame(256, 256, SourceMean, Isotropic(SourceSigma), seed: 1);
        using var reference = GaussianFrame(256, 256, ReferenceMean, RotatedDiagonal(ReferenceSigma), seed: 2);
        var transform = ColorMatch.Fit(source, reference, o => o.UseMethod(ColorMatchMethod.SlicedOt), Ct);

        // Closed form (Knott and Smith 1984): from an isotropic N(μs, σ²I) to N(μr, Σr) the OT map is
        // x ↦ μr + Σr^½ (x − μs) / σ, and Σr^½ = R diag(σr) Rᵀ here.
        var root = RotatedDiagonal(ReferenceSigma);
        using var heldOut = GaussianFrame(64, 32, SourceMean, Isotropic(SourceSigma * 0.7), seed: 3);
        using var mapped = transform.Apply(heldOut, cancellationToken: Ct);
        double error = 0, displacement = 0;
        for (var i = 0; i < heldOut.PixelCount; i++)
        {
            var x = ColorMath.LinearSrgbToOklab(heldOut.Plane(0)[i], heldOut.Plane(1)[i], heldOut.Plane(2)[i]);
            var y = ColorMath.LinearSrgbToOklab(mapped.Plane(0)[i], mapped.Plane(1)[i], mapped.Plane(2)[i]);
            double[] d = [x.L - SourceMean[0], x.A - SourceMean[1], x.B - SourceMean[2]];
            var expected = new double[3];
            for (var r = 0; r < 3; r++)
                expected[r] = ReferenceMean[r] + (root[r, 0] * d[0] + root[r, 1] * d[1] + root[r, 2] * d[2]) / SourceSigma;
            error += Distance(y.L - expected[0], y.A - expected[1], y.B - expected[2]);
            displacement += Distance(x.L - expected[0], x.A - expected[1], x.B - expected[2]);
        }
        error /= heldOut.PixelCount;
        displacement /= heldOut.PixelCount;
        TestContext.Current.TestOutputHelper?.WriteLine($"mean OKLab distance to the Gaussian OT map: {error:F4} (identity {displacement:F4})");
        Assert.True(error < 0.15 * displacement, $"mean distance {error:F4} vs identity {displacement:F4}");
        Assert.True(error < 0.01, $"mean OKLab distance to the closed-form map {error:F4}");
    }

    private static double Distance(double a, double b, double c) => Math.Sqrt(a * a + b * b + c * c);

    [Fact]
    public void Sliced_OT_cuts_the_sliced_Wasserstein_distance_to_the_reference_by_over_90_percent()
    {
        using var source = MatchImages.Textured(256, 160, seed: 20);
        using var other = MatchImages.Textured(200, 150, seed: 21);
        using var reference = MatchImages.Affine(other, new ColorMatrix3x3(0.6, 0.2, 0.0, 0.1, 0.5, 0.1, 0.0, 0.2, 0.9), (0.05, 0.02, 0.0));
        var transform = ColorMatch.Fit(source, reference, o => o.UseMethod(ColorMatchMethod.SlicedOt), Ct);
        using var matched = transform.Apply(source, cancellationToken: Ct);

        var before = SlicedWasserstein(source, reference);
        var after = SlicedWasserstein(matched, reference);
        TestContext.Current.TestOutputHelper?.WriteLine($"sliced W2 in OKLab: {before:F4} → {after:F4} ({100 * (1 - after / before):F1}% less)");
        Assert.True(after < 0.1 * before, $"sliced W2 {before:F4} → {after:F4}");
    }

    [Fact]
    public void Sliced_OT_recovers_a_known_transform_with_mean_delta_E2000_below_1()
    {
        // The known grade is affine in OKLab with a symmetric positive-definite matrix, so it is the
        // optimal transport map between the two images' colour distributions (Brenier: the gradient
        // of a convex quadratic), which is what sliced OT estimates.
        using var source = MatchImages.Textured(256, 200, seed: 31);
        using var reference = ImageFrame.CreateLike(source);
        for (var i = 0; i < source.PixelCount; i++)
        {
            var lab = ColorMath.LinearSrgbToOklab(source.Plane(0)[i], source.Plane(1)[i], source.Plane(2)[i]);
            var graded = new Oklab(
                0.92 * lab.L + 0.05 * lab.A + 0.03,
                0.05 * lab.L + 1.25 * lab.A + 0.10 * lab.B + 0.01 - 0.05 * 0.6,
                0.10 * lab.A + 1.20 * lab.B - 0.015);
            var (r, g, b) = ColorMath.OklabToLinearSrgb(graded);
            reference.Plane(0)[i] = (float)r;
            reference.Plane(1)[i] = (float)g;
            reference.Plane(2)[i] = (float)b;
        }
        var before = ColorMath.MeanDeltaE2000(source, reference, Ct);
        using var matched = ColorMatch.Fit(source, reference, o => o.UseMethod(ColorMatchMethod.SlicedOt), Ct).Apply(source, cancellationToken: Ct);
        var after = ColorMath.MeanDeltaE2000(matched, reference, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"sliced OT on a known pair: mean ΔE00 {before:F3} → {after:F3}");
        Assert.True(before > 3.0, $"the pair should differ visibly (ΔE00 {before:F2})");
        Assert.True(after < 1.0, $"mean ΔE00 after sliced OT {after:F3}");
    }

    [Fact]
    public void A_source_mask_draws_samples_only_from_masked_pixels()
    {
        // Left half of the source is the cast scene, right half pure green: with the mask on the left
        // half, the green must not pull the fit (the result matches the unmasked fit of the left half).
        using var cast = MatchImages.Scene(128, 96, cast: true);
        using var clean = MatchImages.Scene(128, 96, cast: false);
        using var source = ImageFrame.Create(256, 96, 3, ColorSpace.Srgb);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 96; y++)
            {
                cast.Row(c, y).CopyTo(source.Row(c, y));
                source.Row(c, y)[128..].Fill(c == 1 ? 0.9f : 0.1f);
            }
        }
        using var mask = MatchImages.LeftMask(256, 96, 0.5);
        var masked = ColorMatch.Fit(source, clean, o => o.UseMethod(ColorMatchMethod.SlicedOt).MaskSource(mask), Ct);
        var plain = ColorMatch.Fit(cast, clean, o => o.UseMethod(ColorMatchMethod.SlicedOt), Ct);
        using var a = masked.Apply(cast, cancellationToken: Ct);
        using var b = plain.Apply(cast, cancellationToken: Ct);
        var difference = ColorMath.MeanDeltaE2000(a, b, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"masked vs half-image fit: mean ΔE00 {difference:F3}");
        Assert.True(difference < 1.0, $"mean ΔE00 between the masked fit and the fit of the masked part {difference:F3}");
    }

    /// <summary>Independent sliced W2 in OKLab: 32 seeded directions, full sorts, 1000 quantiles.</summary>
    internal static double SlicedWasserstein(ImageFrame first, ImageFrame second)
    {
        var a = Oklab(first);
        var b = Oklab(second);
        var random = new Random(99);
        double sum = 0;
        const int directions = 32;
        for (var d = 0; d < directions; d++)
        {
            double x = Normal(random), y = Normal(random), z = Normal(random);
            var norm = Math.Sqrt(x * x + y * y + z * z);
            var pa = Project(a, x / norm, y / norm, z / norm);
            var pb = Project(b, x / norm, y / norm, z / norm);
            double squared = 0;
            for (var q = 0; q < 1000; q++)
            {
                var t = (q + 0.5) / 1000;
                var diff = pa[(int)(t * pa.Length)] - pb[(int)(t * pb.Length)];
                squared += diff * diff;
            }
            sum += squared / 1000;
        }
        return Math.Sqrt(sum / directions);
    }

    private static double[] Project(Oklab[] values, double x, double y, double z)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
            result[i] = values[i].L * x + values[i].A * y + values[i].B * z;
        Array.Sort(result);
        return result;
    }

    private static Oklab[] Oklab(ImageFrame frame)
    {
        using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb);
        var result = new Oklab[linear.PixelCount];
        for (var i = 0; i < result.Length; i++)
            result[i] = ColorMath.LinearSrgbToOklab(linear.Plane(0)[i], linear.Plane(1)[i], linear.Plane(2)[i]);
        return result;
    }
}
