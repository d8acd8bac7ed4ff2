namespace Augment.Vision.Tests.Matching;

public sealed class LutMatchTests
{
    private const int Patch = 12;
    private const int Border = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A second camera with a non-linear response in the encoded space: per-channel gamma, gains, cross-talk and a lifted black.</summary>
    internal static (float R, float G, float B) CameraB(float r, float g, float b)
    {
        var rr = 0.94 * Math.Pow(r, 1.12) + 0.04 * g + 0.02;
        var gg = 0.03 * r + 0.97 * Math.Pow(g, 0.92) + 0.01;
        var bb = 0.05 * g + 0.88 * Math.Pow(b, 1.05) + 0.035;
        return ((float)rr, (float)gg, (float)bb);
    }

    private static CieLab Lab(float r, float g, float b) => ColorMath.LinearSrgbToLab(
        TransferKernels.SrgbToLinear(r), TransferKernels.SrgbToLinear(g), TransferKernels.SrgbToLinear(b));

    private static ColorCorrespondence[] PatchPairs()
    {
        var pairs = new ColorCorrespondence[ColorChecker.Patches];
        for (var p = 0; p < pairs.Length; p++)
        {
            var region = ColorChecker.PatchRegion(p, Patch, Border);
            pairs[p] = new ColorCorrespondence(region, region);
        }
        return pairs;
    }

    [Fact]
    public void Chart_correspondences_reproduce_every_patch_within_delta_E2000_1_and_stay_smooth_between_patches()
    {
        using var source = ColorChecker.Chart(Patch, Border, static (r, g, b) => (r, g, b));
        using var reference = ColorChecker.Chart(Patch, Border, CameraB);
        var transform = ColorMatch.Fit(source, reference, o => o.MatchRegions(PatchPairs()), Ct);
        Assert.Equal(ColorMatchMethod.Lut, transform.Method);
        var lut = transform.Lattice!;

        Span<float> o = stackalloc float[3];
        double worst = 0;
        for (var p = 0; p < ColorChecker.Patches; p++)
        {
            var (r, g, b) = ColorChecker.Patch(p);
            LutKernels.ApplyReference(lut, LutInterpolation.Tetrahedral, [r], [g], [b], o[..1], o.Slice(1, 1), o.Slice(2, 1));
            var (er, eg, eb) = CameraB(r, g, b);
            var delta = ColorMath.DeltaE2000(Lab(o[0], o[1], o[2]), Lab(er, eg, eb));
            worst = Math.Max(worst, delta);
        }

        // Between patches: on every segment joining two patch colours the fitted output stays within
        // the range of the two patches' outputs (plus a small margin): no ringing or overshoot.
        double overshoot = 0;
        for (var i = 0; i < ColorChecker.Patches; i++)
        {
            for (var j = i + 1; j < ColorChecker.Patches; j++)
            {
                var a = ColorChecker.Patch(i);
                var c = ColorChecker.Patch(j);
                var ea = CameraB(a.R, a.G, a.B);
                var ec = CameraB(c.R, c.G, c.B);
                for (var t = 0.1f; t < 0.95f; t += 0.1f)
                {
                    LutKernels.ApplyReference(lut, LutInterpolation.Tetrahedral,
                        [a.R + t * (c.R - a.R)], [a.G + t * (c.G - a.G)], [a.B + t * (c.B - a.B)], o[..1], o.Slice(1, 1), o.Slice(2, 1));
                    float[] low = [Math.Min(ea.R, ec.R), Math.Min(ea.G, ec.G), Math.Min(ea.B, ec.B)];
                    float[] high = [Math.Max(ea.R, ec.R), Math.Max(ea.G, ec.G), Math.Max(ea.B, ec.B)];
                    for (var k = 0; k < 3; k++)
                        overshoot = Math.Max(overshoot, Math.Max(low[k] - o[k], o[k] - high[k]));
                }
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"worst patch ΔE00 {worst:F3}; worst overshoot between patches {overshoot:F4}");
        Assert.True(worst < 1.0, $"worst patch ΔE00 {worst:F3}");
        Assert.True(overshoot < 0.02, $"output leaves the patches' range by {overshoot:F4} between patches");
    }

    [Fact]
    public void Aligned_pixel_pairs_of_one_shot_recover_a_non_linear_camera_difference()
    {
        using var linear = MatchImages.Textured(200, 150, seed: 41);
        using var source = linear.ConvertColorSpace(ColorSpace.Srgb, Ct);
        using var reference = ImageFrame.CreateLike(source);
        for (var i = 0; i < source.PixelCount; i++)
        {
            var (r, g, b) = CameraB(Math.Clamp(source.Plane(0)[i], 0f, 1f), Math.Clamp(source.Plane(1)[i], 0f, 1f), Math.Clamp(source.Plane(2)[i], 0f, 1f));
            reference.Plane(0)[i] = r;
            reference.Plane(1)[i] = g;
            reference.Plane(2)[i] = b;
        }
        var before = ColorMath.MeanDeltaE2000(source, reference, Ct);
        using var matched = ColorMatch.Fit(source, reference, o => o.UseMethod(ColorMatchMethod.Lut), Ct).Apply(source, cancellationToken: Ct);
        var after = ColorMath.MeanDeltaE2000(matched, reference, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"aligned pairs: mean ΔE00 {before:F3} → {after:F4}");
        Assert.True(before > 3.0, $"the cameras should differ visibly (ΔE00 {before:F2})");
        Assert.True(after < 0.3, $"mean ΔE00 after the aligned-pair fit {after:F4}");
    }

    [Fact]
    public void Frames_of_different_sizes_without_correspondences_fall_back_to_a_smoother_sliced_OT_fit()
    {
        using var cast = MatchImages.Scene(200, 150, cast: true);
        using var clean = MatchImages.Scene(160, 120, cast: false);
        var before = ColorMath.MeanDeltaE2000(cast, MatchImages.Scene(200, 150, cast: false), Ct);
        var transform = ColorMatch.Fit(cast, clean, o => o.UseMethod(ColorMatchMethod.Lut), Ct);
        using var cleanSameSize = MatchImages.Scene(200, 150, cast: false);
        using var matched = transform.Apply(cast, cancellationToken: Ct);
        var after = ColorMath.MeanDeltaE2000(matched, cleanSameSize, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"LUT via sliced OT: mean ΔE00 {before:F3} → {after:F3}");
        Assert.True(after < 0.3 * before, $"mean ΔE00 {before:F2} → {after:F2}");
    }

    [Fact]
    public void Bad_regions_are_rejected_naming_the_pair_index()
    {
        using var source = ColorChecker.Chart(Patch, Border, static (r, g, b) => (r, g, b));
        var good = new PixelRegion(4, 4, 8, 8);
        ColorCorrespondence[][] bad =
        [
            [new(good, good), new(new PixelRegion(source.Width - 4, 4, 8, 8), good)],
            [new(good, good), new(good, new PixelRegion(4, 4, 0, 8))],
            [new(good, good), new(new PixelRegion(-1, 4, 8, 8), good)],
            [new(good, good), new(good, good, Weight: 0)],
        ];
        foreach (var pairs in bad)
        {
            var error = Assert.Throws<ArgumentException>(() => ColorMatch.Fit(source, source, o => o.MatchRegions(pairs), Ct));
            Assert.Contains("Correspondences[1]", error.Message, StringComparison.Ordinal);
        }
    }
}
