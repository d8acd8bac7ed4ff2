namespace Augment.Vision.Tests.Skin;

public class SkinProtectionTests
{
    /// <summary>A strong teal grade in linear sRGB: red crushed, blue lifted, everything pushed cyan.</summary>
    private static ColorTransform TealGrade() => ColorTransform.ForAffine(
        ColorMatchMethod.Mkl,
        new ColorMatrix3x3(0.35, 0.10, 0.00, 0.10, 0.90, 0.20, 0.00, 0.20, 1.40),
        (0.0, 0.02, 0.05),
        1.0);

    private static double PatchDeltaE(ImageFrame first, ImageFrame second, int index)
    {
        using var a = SkinChart.Crop(first, index);
        using var b = SkinChart.Crop(second, index);
        return ColorMath.MeanDeltaE2000(a, b, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Full_protection_keeps_skin_under_3_delta_e_while_the_background_moves_over_10()
    {
        using var chart = SkinChart.Create();
        var grade = TealGrade();

        using var plain = grade.Apply(chart, null, TestContext.Current.CancellationToken);
        using var protectedResult = grade.ApplyProtectingSkin(chart, 1.0, null, TestContext.Current.CancellationToken);

        for (var i = 0; i < SkinChart.Patches.Length; i++)
        {
            var patch = SkinChart.Patches[i];
            var unprotectedMove = PatchDeltaE(chart, plain, i);
            var protectedMove = PatchDeltaE(chart, protectedResult, i);
            // The grade is strong everywhere, skin included, so protection is what keeps skin.
            Assert.True(unprotectedMove > 10, $"{patch.Name}: unprotected ΔE00 {unprotectedMove:0.00}");
            if (patch.Skin)
                Assert.True(protectedMove < 3, $"{patch.Name}: protected ΔE00 {protectedMove:0.00}");
            else
                Assert.True(protectedMove > 10, $"{patch.Name}: protected ΔE00 {protectedMove:0.00}");
        }
    }

    [Fact]
    public void Full_protection_also_holds_for_a_grade_fitted_by_colour_matching()
    {
        using var chart = SkinChart.Create();
        // A reference with a very different look: the chart through the teal grade, clipped like a file.
        using var reference = TealGrade().Apply(chart, null, TestContext.Current.CancellationToken);
        foreach (var c in new[] { 0, 1, 2 })
        {
            var plane = reference.Plane(c);
            for (var i = 0; i < plane.Length; i++)
                plane[i] = Math.Clamp(plane[i], 0f, 1f);
        }
        var fitted = ColorMatch.Fit(chart, reference, cancellationToken: TestContext.Current.CancellationToken);

        using var protectedResult = fitted.ApplyProtectingSkin(chart, 1.0, null, TestContext.Current.CancellationToken);

        for (var i = 0; i < SkinChart.Patches.Length; i++)
        {
            var patch = SkinChart.Patches[i];
            var moved = PatchDeltaE(chart, protectedResult, i);
            if (patch.Skin)
                Assert.True(moved < 3, $"{patch.Name}: protected ΔE00 {moved:0.00}");
            else
                Assert.True(moved > 10, $"{patch.Name}: protected ΔE00 {moved:0.00}");
        }
    }

    [Fact]
    public void Partial_protection_moves_skin_between_none_and_full()
    {
        using var chart = SkinChart.Create();
        var grade = TealGrade();

        using var plain = grade.Apply(chart, null, TestContext.Current.CancellationToken);
        using var half = grade.ApplyProtectingSkin(chart, 0.5, null, TestContext.Current.CancellationToken);
        using var full = grade.ApplyProtectingSkin(chart, 1.0, null, TestContext.Current.CancellationToken);

        var none = PatchDeltaE(chart, plain, 0);
        var middle = PatchDeltaE(chart, half, 0);
        var most = PatchDeltaE(chart, full, 0);
        Assert.True(most < middle && middle < none, $"{none:0.00} / {middle:0.00} / {most:0.00}");
    }

    [Fact]
    public void Protection_0_equals_the_unprotected_apply()
    {
        using var chart = SkinChart.Create();
        var grade = TealGrade();

        using var plain = grade.Apply(chart, null, TestContext.Current.CancellationToken);
        using var zero = grade.ApplyProtectingSkin(chart, 0.0, null, TestContext.Current.CancellationToken);

        Assert.Equal(plain.ColorSpace, zero.ColorSpace);
        Assert.True(plain.Data.SequenceEqual(zero.Data));
    }

    [Fact]
    public void Keep_skin_hue_puts_partially_graded_skin_back_on_its_original_hue()
    {
        using var chart = SkinChart.Create();
        var grade = TealGrade();
        var token = TestContext.Current.CancellationToken;

        using var plainHalf = grade.ApplyProtectingSkin(chart, 0.5, null, token);
        using var keptHalf = grade.ApplyProtectingSkin(chart, 0.5, new SkinMaskOptions { KeepSkinHue = true }, token);

        using var original = chart.ConvertColorSpace(ColorSpace.LinearSrgb, token);
        using var plain = plainHalf.ConvertColorSpace(ColorSpace.LinearSrgb, token);
        using var kept = keptHalf.ConvertColorSpace(ColorSpace.LinearSrgb, token);
        for (var i = 0; i < SkinChart.Patches.Length; i++)
        {
            // Patch centre, where the likelihood is 1 (skin) or 0 (not skin).
            var p = ((((i / SkinChart.Columns) * SkinChart.Patch) + 16) * chart.Width) + ((i % SkinChart.Columns) * SkinChart.Patch) + 16;
            var o = ColorMath.LinearSrgbToLab(original.Plane(0)[p], original.Plane(1)[p], original.Plane(2)[p]);
            var a = ColorMath.LinearSrgbToLab(plain.Plane(0)[p], plain.Plane(1)[p], plain.Plane(2)[p]);
            var k = ColorMath.LinearSrgbToLab(kept.Plane(0)[p], kept.Plane(1)[p], kept.Plane(2)[p]);
            if (SkinChart.Patches[i].Skin)
            {
                Assert.True(HueDegrees(o, a) > 5, $"{SkinChart.Patches[i].Name}: half-protected hue moved only {HueDegrees(o, a):0.0}°");
                Assert.True(HueDegrees(o, k) < 1, $"{SkinChart.Patches[i].Name}: kept hue is {HueDegrees(o, k):0.0}° off");
                // Lightness and chroma keep the graded values.
                Assert.Equal(a.L, k.L, 0.05);
                Assert.Equal(Math.Sqrt((a.A * a.A) + (a.B * a.B)), Math.Sqrt((k.A * k.A) + (k.B * k.B)), 0.05);
            }
            else
            {
                // Not skin: at most a trace (the likelihood of light greys is a few thousandths, not 0).
                Assert.True(ColorMath.DeltaE2000(a, k) < 0.5, $"{SkinChart.Patches[i].Name} changed by ΔE00 {ColorMath.DeltaE2000(a, k):0.000}");
            }
        }
    }

    private static double HueDegrees(CieLab first, CieLab second) =>
        Math.Abs(Math.IEEERemainder(Math.Atan2(first.B, first.A) - Math.Atan2(second.B, second.A), 2 * Math.PI)) * 180 / Math.PI;

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Protection_outside_0_1_is_rejected(double protection)
    {
        using var chart = SkinChart.Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => TealGrade().ApplyProtectingSkin(chart, protection, null, TestContext.Current.CancellationToken));
    }
}
