namespace Augment.Vision.Tests.Matching;

public sealed class ToLutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ColorMatchMethod.Reinhard)]
    [InlineData(ColorMatchMethod.Mkl)]
    [InlineData(ColorMatchMethod.Histogram)]
    [InlineData(ColorMatchMethod.SlicedOt)]
    [InlineData(ColorMatchMethod.Lut)]
    public void A_baked_33_point_LUT_applies_like_the_transform_within_1_over_255(ColorMatchMethod method)
    {
        using var source = MatchImages.Textured(160, 120, seed: 50);
        using var other = MatchImages.Textured(150, 100, seed: 52);
        using var reference = MatchImages.Affine(other, new ColorMatrix3x3(0.8, 0.1, 0.0, 0.05, 0.7, 0.1, 0.0, 0.1, 1.1), (0.04, 0.02, -0.01));
        // 256 histogram bins: finer curves follow sampling noise that no 33-point lattice can hold.
        var transform = ColorMatch.Fit(source, reference, o => o.UseMethod(method).WithHistogramBins(256), Ct);
        var lut = transform.ToLut(33, cancellationToken: Ct);

        // An 8-bit image: the textured test frame quantised to k/255 in sRGB.
        using var linear = MatchImages.Textured(128, 96, seed: 51);
        using var image = linear.ConvertColorSpace(ColorSpace.Srgb, Ct);
        foreach (ref var v in image.Data)
            v = MathF.Round(Math.Clamp(v, 0f, 1f) * 255f) / 255f;

        using var direct = transform.Apply(image, cancellationToken: Ct);
        using var baked = image.ApplyLut(lut);
        var differences = new double[direct.Data.Length];
        double sum = 0;
        for (var i = 0; i < direct.Data.Length; i++)
        {
            differences[i] = Math.Abs(Math.Clamp(direct.Data[i], 0f, 1f) - baked.Data[i]);
            sum += differences[i];
        }
        Array.Sort(differences);
        var p999 = differences[(int)(0.999 * (differences.Length - 1))];
        var worst = differences[^1];
        TestContext.Current.TestOutputHelper?.WriteLine($"{method}: mean {sum / differences.Length * 255:F4}/255, 99.9th percentile {p999 * 255:F3}/255, worst {worst * 255:F3}/255");
        Assert.True(p999 <= 1.0 / 255, $"{method}: 99.9% of values within {p999 * 255:F3}/255");
        Assert.True(worst <= 2.0 / 255, $"{method}: worst {worst * 255:F3}/255");
    }

    [Fact]
    public void Skin_protection_keeps_a_skin_coloured_lattice_point_nearly_still_and_moves_a_sky_point_fully()
    {
        using var cast = MatchImages.Scene(160, 120, cast: true);
        using var clean = MatchImages.Scene(160, 120, cast: false);
        var transform = ColorMatch.Fit(cast, clean, o => o.UseMethod(ColorMatchMethod.Mkl), Ct);
        const int size = 18; // lattice step 1/17 = 15/255: light skin (195,150,135) is on the lattice
        var plain = transform.ToLut(size, cancellationToken: Ct);
        var protectedLut = transform.ToLut(size, skinProtection: 1.0, cancellationToken: Ct);

        double Move(Lut3D lut, int r, int g, int b)
        {
            var i = ((b * size + g) * size + r) * 3;
            var step = 1.0 / (size - 1);
            return Math.Abs(lut.Lattice[i] - r * step) + Math.Abs(lut.Lattice[i + 1] - g * step) + Math.Abs(lut.Lattice[i + 2] - b * step);
        }

        // Light skin ≈ sRGB (195, 150, 135) → nodes (13, 10, 9); a sky blue ≈ (90, 120, 165) → (6, 8, 11).
        var skinPlain = Move(plain, 13, 10, 9);
        var skinProtected = Move(protectedLut, 13, 10, 9);
        var skyPlain = Move(plain, 6, 8, 11);
        var skyProtected = Move(protectedLut, 6, 8, 11);
        TestContext.Current.TestOutputHelper?.WriteLine($"skin moves {skinPlain:F4} → {skinProtected:F4}; sky {skyPlain:F4} → {skyProtected:F4}");
        Assert.True(skinPlain > 0.03, $"the grade should move skin without protection ({skinPlain:F4})");
        Assert.True(skinProtected < 0.2 * skinPlain, $"skin moved {skinProtected:F4} with protection vs {skinPlain:F4}");
        Assert.Equal(skyPlain, skyProtected, 1e-6);
    }

    [Fact]
    public void Bad_bake_arguments_are_rejected()
    {
        using var frame = MatchImages.Textured(32, 32, seed: 3);
        var transform = ColorMatch.Fit(frame, frame, cancellationToken: Ct);
        Assert.Throws<ArgumentOutOfRangeException>(() => transform.ToLut(1, cancellationToken: Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => transform.ToLut(257, cancellationToken: Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => transform.ToLut(33, 1.5, Ct));
    }
}
