namespace Augment.Vision.Tests.Matching;

public sealed class ColorMatchTests
{
    private const int Width = 300; // 60 000 pixels: two statistics bands
    private const int Height = 200;

    // Symmetric positive definite, so it is exactly the MKL solution for its own covariance pair.
    private static readonly ColorMatrix3x3 KnownMatrix = new(
        0.90, 0.10, 0.05,
        0.10, 0.80, 0.08,
        0.05, 0.08, 1.10);

    private static readonly (double X, double Y, double Z) KnownOffset = (0.03, -0.02, 0.04);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ColorTransform Fit(ImageFrame source, ImageFrame reference, Func<ColorMatchOptions, ColorMatchOptions>? configure = null) =>
        ColorMatch.Fit(source, reference, configure is null ? null : configure(ColorMatchOptions.Default), Ct);

    [Fact]
    public void Mkl_recovers_a_known_affine_transform_with_mean_delta_E2000_below_1()
    {
        using var source = MatchImages.Textured(Width, Height, seed: 1);
        using var reference = MatchImages.Affine(source, KnownMatrix, KnownOffset);
        var before = ColorMath.MeanDeltaE2000(source, reference, Ct);

        var transform = Fit(source, reference, o => o.UseMethod(ColorMatchMethod.Mkl));
        using var matched = transform.Apply(source, cancellationToken: Ct);
        var after = ColorMath.MeanDeltaE2000(matched, reference, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"MKL on a known affine pair: mean ΔE00 {before:F3} → {after:F4}");
        Assert.True(before > 3.0, $"the test pair should differ visibly (ΔE00 {before:F2})");
        Assert.True(after < 1.0, $"mean ΔE00 after MKL {after:F4} (before {before:F2})");
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                Assert.True(Math.Abs(transform.Matrix[r, c] - KnownMatrix[r, c]) < 1e-3, $"T[{r},{c}] = {transform.Matrix[r, c]}, M = {KnownMatrix[r, c]}");
        }
    }

    [Fact]
    public void Reinhard_output_has_the_reference_OKLab_mean_and_deviation_per_channel_to_1e_3()
    {
        using var source = MatchImages.Textured(Width, Height, seed: 2);
        using var reference = MatchImages.Affine(MatchImages.Textured(Width, Height, seed: 3), KnownMatrix.Scale(0.6), (0.1, 0.05, 0.0));

        using var matched = Fit(source, reference, o => o.UseMethod(ColorMatchMethod.Reinhard)).Apply(source, cancellationToken: Ct);

        var (referenceMean, referenceDeviation) = MatchImages.OklabStatistics(reference);
        var (sourceMean, _) = MatchImages.OklabStatistics(source);
        var (matchedMean, matchedDeviation) = MatchImages.OklabStatistics(matched);
        Assert.True(Math.Abs(sourceMean[0] - referenceMean[0]) > 0.01, "the test pair should differ in mean lightness");
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(matchedMean[c] - referenceMean[c]) < 1e-3, $"channel {c}: mean {matchedMean[c]} vs {referenceMean[c]}");
            Assert.True(Math.Abs(matchedDeviation[c] - referenceDeviation[c]) < 1e-3, $"channel {c}: deviation {matchedDeviation[c]} vs {referenceDeviation[c]}");
        }
    }

    [Fact]
    public void Histogram_matching_makes_each_sorted_OKLab_channel_match_the_reference_within_one_and_a_half_bins()
    {
        // Both CDFs are interpolated as if values spread evenly within a bin, so a matched value can
        // land up to about one reference bin off, a little more where the reference is sparser than the
        // source (1.19 bins measured here): 1.5 bins between the 0.1% and 99.9% quantiles. In the sparse
        // tails a bin may hold one pixel or none, so the extremes (4.3 bins measured) are held to six.
        const int Bins = 1024;
        using var source = MatchImages.Textured(Width, Height, seed: 4);
        using var reference = MatchImages.Affine(MatchImages.Textured(Width, Height, seed: 5), KnownMatrix, KnownOffset);

        using var matched = Fit(source, reference, o => o.UseMethod(ColorMatchMethod.Histogram).WithHistogramBins(Bins)).Apply(source, cancellationToken: Ct);

        for (var c = 0; c < 3; c++)
        {
            var expected = MatchImages.SortedOklabChannel(reference, c);
            var actual = MatchImages.SortedOklabChannel(matched, c);
            var original = MatchImages.SortedOklabChannel(source, c);
            var bin = (expected[^1] - expected[0]) / Bins;
            var tail = expected.Length / 1000;
            double body = 0, extremes = 0, before = 0;
            for (var i = 0; i < expected.Length; i++)
            {
                var error = Math.Abs(actual[i] - expected[i]);
                if (i >= tail && i < expected.Length - tail)
                    body = Math.Max(body, error);
                extremes = Math.Max(extremes, error);
                before = Math.Max(before, Math.Abs(original[i] - expected[i]));
            }
            Assert.True(before > 10 * bin, $"channel {c}: the test pair should differ by more than a few bins");
            Assert.True(body <= 1.5 * bin, $"channel {c}: worst quantile error {body / bin:F3} bins between the 0.1% and 99.9% quantiles");
            Assert.True(extremes <= 6 * bin, $"channel {c}: worst quantile error {extremes / bin:F3} bins overall");
        }
    }

    [Theory]
    [InlineData(ColorMatchMethod.Mkl)]
    [InlineData(ColorMatchMethod.Reinhard)]
    [InlineData(ColorMatchMethod.SlicedOt)]
    [InlineData(ColorMatchMethod.Lut)]
    public void Matching_a_cast_scene_to_its_clean_version_cuts_mean_delta_E2000_by_at_least_70_percent(ColorMatchMethod method)
    {
        using var cast = MatchImages.Scene(320, 240, cast: true);
        using var clean = MatchImages.Scene(320, 240, cast: false);
        var before = ColorMath.MeanDeltaE2000(cast, clean, Ct);

        using var matched = Fit(cast, clean, o => o.UseMethod(method)).Apply(cast, cancellationToken: Ct);
        var after = ColorMath.MeanDeltaE2000(matched, clean, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{method}: mean ΔE00 {before:F3} → {after:F3}");
        Assert.Equal(ColorSpace.Srgb, matched.ColorSpace);
        Assert.True(before > 5.0, $"the cast should be strong (ΔE00 {before:F2})");
        Assert.True(after <= 0.3 * before, $"{method}: mean ΔE00 {before:F2} → {after:F2} ({100 * (1 - after / before):F1}% reduction)");
    }

    [Theory]
    [InlineData(ColorMatchMethod.Mkl)]
    [InlineData(ColorMatchMethod.Reinhard)]
    [InlineData(ColorMatchMethod.Histogram)]
    [InlineData(ColorMatchMethod.SlicedOt)]
    [InlineData(ColorMatchMethod.Lut)]
    public void Strength_0_is_the_identity_and_strength_1_the_full_match(ColorMatchMethod method)
    {
        using var cast = MatchImages.Scene(160, 120, cast: true);
        using var clean = MatchImages.Scene(160, 120, cast: false);
        var full = ColorMatch.Fit(cast, clean, o => o.UseMethod(method), Ct);

        using var none = full.WithStrength(0).Apply(cast, cancellationToken: Ct);
        using var whole = full.Apply(cast, cancellationToken: Ct);
        using var fitAtOne = ColorMatch.Fit(cast, clean, new ColorMatchOptions { Method = method, Strength = 1 }, Ct).Apply(cast, cancellationToken: Ct);
        for (var i = 0; i < cast.Data.Length; i++)
        {
            Assert.Equal(cast.Data[i], none.Data[i], 2e-5f);
            Assert.Equal(whole.Data[i], fitAtOne.Data[i]);
        }
        Assert.True(ColorMath.MeanDeltaE2000(whole, cast, Ct) > 3.0, "full strength should move the colours");
    }

    [Fact]
    public void Half_strength_MKL_lands_halfway_in_linear_light()
    {
        using var source = MatchImages.Textured(120, 80, seed: 6);
        using var reference = MatchImages.Affine(source, KnownMatrix, KnownOffset);
        var transform = Fit(source, reference);
        using var full = transform.Apply(source, cancellationToken: Ct);
        using var half = transform.WithStrength(0.5).Apply(source, cancellationToken: Ct);
        for (var i = 0; i < source.Data.Length; i++)
            Assert.Equal(0.5 * (source.Data[i] + full.Data[i]), half.Data[i], 1e-5);
    }

    [Fact]
    public void A_source_mask_uses_only_masked_pixels_and_an_apply_mask_moves_only_that_region()
    {
        using var source = MatchImages.Textured(Width, Height, seed: 7);
        using var reference = MatchImages.Affine(MatchImages.Textured(Width, Height, seed: 8), KnownMatrix, KnownOffset);
        using var mask = MatchImages.LeftMask(Width, Height, 0.4);

        var transform = Fit(source, reference, o => o.MaskSource(mask));

        // Scribbling over the unmasked pixels must not change the fit.
        using var scribbled = source.Clone();
        for (var i = 0; i < scribbled.PixelCount; i++)
        {
            if (mask.Plane(0)[i] == 0f)
                scribbled.Plane(i % 3)[i] = 5f;
        }
        var again = Fit(scribbled, reference, o => o.MaskSource(mask));
        Assert.Equal(transform.Matrix, again.Matrix);
        Assert.Equal(transform.Offset, again.Offset);

        using var matched = transform.Apply(source, mask, cancellationToken: Ct);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(MatchImages.LinearMean(reference, c, null), MatchImages.LinearMean(matched, c, mask), 1e-4);
            Assert.True(Math.Abs(MatchImages.LinearMean(source, c, mask) - MatchImages.LinearMean(reference, c, null)) > 0.01, "the masked region should have had to move");
        }
        for (var i = 0; i < source.PixelCount; i++)
        {
            if (mask.Plane(0)[i] == 0f)
            {
                for (var c = 0; c < 3; c++)
                    Assert.Equal(source.Plane(c)[i], matched.Plane(c)[i]);
            }
        }
    }

    [Fact]
    public void A_reference_mask_matches_to_the_masked_reference_pixels_only()
    {
        using var source = MatchImages.Textured(Width, Height, seed: 9);
        using var reference = MatchImages.Textured(Width, Height, seed: 10);
        using var mask = MatchImages.LeftMask(Width, Height, 0.5);
        // Make the two halves of the reference different in colour.
        for (var i = 0; i < reference.PixelCount; i++)
        {
            if (mask.Plane(0)[i] > 0f)
                reference.Plane(0)[i] += 0.3f;
        }

        using var matched = Fit(source, reference, o => o.UseMethod(ColorMatchMethod.Mkl).MaskReference(mask)).Apply(source, cancellationToken: Ct);

        for (var c = 0; c < 3; c++)
            Assert.Equal(MatchImages.LinearMean(reference, c, mask), MatchImages.LinearMean(matched, c, null), 1e-4);
    }

    [Theory]
    [InlineData(ColorMatchMethod.Mkl)]
    [InlineData(ColorMatchMethod.Reinhard)]
    [InlineData(ColorMatchMethod.Histogram)]
    [InlineData(ColorMatchMethod.SlicedOt)]
    [InlineData(ColorMatchMethod.Lut)]
    public void Fit_and_apply_do_not_depend_on_the_thread_count(ColorMatchMethod method)
    {
        using var sourceOne = MatchImages.Textured(Width, Height, seed: 11, ComputeBudget.SingleThreaded);
        using var referenceOne = MatchImages.Textured(Width, Height, seed: 12, ComputeBudget.SingleThreaded);
        using var sourceMany = MatchImages.Textured(Width, Height, seed: 11, new ComputeBudget { MaxThreads = 4 });
        using var referenceMany = MatchImages.Textured(Width, Height, seed: 12, new ComputeBudget { MaxThreads = 4 });

        var one = Fit(sourceOne, referenceOne, o => o.UseMethod(method));
        var many = Fit(sourceMany, referenceMany, o => o.UseMethod(method));
        Assert.Equal(one.Matrix, many.Matrix);
        Assert.Equal(one.Offset, many.Offset);
        using var a = one.Apply(sourceOne, cancellationToken: Ct);
        using var b = many.Apply(sourceMany, cancellationToken: Ct);
        Assert.True(a.Data.SequenceEqual(b.Data));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_parameter_named()
    {
        using var frame = MatchImages.Textured(32, 32, seed: 13);
        using var gray = ImageFrame.Create(32, 32, 1, ColorSpace.Srgb);
        using var wrongMask = ImageFrame.Create(16, 16, 1, ColorSpace.Unspecified);
        using var emptyMask = ImageFrame.Create(32, 32, 1, ColorSpace.Unspecified);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fit(frame, frame, o => o.WithStrength(1.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fit(frame, frame, o => o.WithHistogramBins(4)));
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => Fit(frame, gray)).ParamName);
        Assert.Throws<ArgumentException>(() => Fit(frame, frame, o => o.MaskSource(wrongMask)));
        Assert.Throws<ArgumentException>(() => Fit(frame, frame, o => o.MaskSource(emptyMask)));
        Assert.Throws<ArgumentException>(() => Fit(frame, frame, o => o.UseMethod(ColorMatchMethod.Histogram).MaskReference(emptyMask)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fit(frame, frame).WithStrength(-0.1));
    }
}
