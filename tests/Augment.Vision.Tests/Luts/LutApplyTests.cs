namespace Augment.Vision.Tests.Luts;

public class LutApplyTests
{
    public static TheoryData<LutInterpolation> Interpolations => [LutInterpolation.Tetrahedral, LutInterpolation.Trilinear];

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void Identity_lut_leaves_pixels_unchanged_within_1e_6(LutInterpolation interpolation)
    {
        using var frame = LutTestData.RandomFrame(67, 23, seed: 1);
        using var result = frame.ApplyLut(Lut3D.Identity(17), interpolation);
        AssertClose(frame.Data, result.Data, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void Lut_sampled_from_an_affine_map_reproduces_it_at_arbitrary_points_within_1e_5(LutInterpolation interpolation)
    {
        using var frame = LutTestData.RandomFrame(101, 37, seed: 2);
        var lut = LutTestData.Sampled(9, LutTestData.Affine);
        using var result = frame.ApplyLut(lut, interpolation);
        for (var i = 0; i < frame.PixelCount; i++)
        {
            var (r, g, b) = LutTestData.Affine(frame.Plane(0)[i], frame.Plane(1)[i], frame.Plane(2)[i]);
            Assert.Equal(r, result.Plane(0)[i], 1e-5f);
            Assert.Equal(g, result.Plane(1)[i], 1e-5f);
            Assert.Equal(b, result.Plane(2)[i], 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void Affine_map_over_a_custom_domain_is_reproduced_and_inputs_outside_it_are_clamped(LutInterpolation interpolation)
    {
        var lut = new Lut3D(5);
        lut.SetDomain([-0.5f, 0f, 0.25f], [1.5f, 2f, 0.75f]);
        lut.Fill(LutTestData.Affine);
        using var frame = LutTestData.RandomFrame(40, 30, seed: 3, low: -1f, high: 2.5f);
        using var result = frame.ApplyLut(lut, interpolation);
        for (var i = 0; i < frame.PixelCount; i++)
        {
            var r = Math.Clamp(frame.Plane(0)[i], -0.5f, 1.5f);
            var g = Math.Clamp(frame.Plane(1)[i], 0f, 2f);
            var b = Math.Clamp(frame.Plane(2)[i], 0.25f, 0.75f);
            var expected = LutTestData.Affine(r, g, b);
            Assert.Equal(expected.R, result.Plane(0)[i], 1e-5f);
            Assert.Equal(expected.G, result.Plane(1)[i], 1e-5f);
            Assert.Equal(expected.B, result.Plane(2)[i], 1e-5f);
        }
    }

    [Fact]
    public void Tetrahedral_kernel_matches_an_independent_barycentric_evaluation_on_random_data()
    {
        // Independent oracle: the point's barycentric weights from sorting its fractions, with the
        // lattice read through a plain (r, g, b) accessor rather than precomputed strides.
        var lut = LutTestData.Sampled(7, LutTestData.WarmContrast);
        var random = new Random(4);
        Span<float> output = stackalloc float[3];
        for (var k = 0; k < 2000; k++)
        {
            float r = random.NextSingle(), g = random.NextSingle(), b = random.NextSingle();
            LutKernels.ApplyReference(lut, LutInterpolation.Tetrahedral, [r], [g], [b], output[..1], output.Slice(1, 1), output.Slice(2, 1));
            var expected = Barycentric(lut, r, g, b);
            for (var c = 0; c < 3; c++)
                Assert.Equal(expected[c], output[c], 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void Fast_kernel_equals_scalar_reference_on_random_data_within_1e_5(LutInterpolation interpolation)
    {
        var lut = LutTestData.Sampled(33, LutTestData.WarmContrast);
        // Odd width: a scalar tail after the SIMD blocks; values beyond the domain and a NaN exercise the clamps.
        using var frame = LutTestData.RandomFrame(203, 41, seed: 5, low: -0.2f, high: 1.2f);
        frame.Plane(0)[17] = float.NaN;
        frame.Plane(2)[18] = float.PositiveInfinity;
        frame.Plane(1)[19] = 1f;
        using var fast = ImageFrame.CreateLike(frame);
        using var reference = ImageFrame.CreateLike(frame);
        LutKernels.ApplyFast(lut, interpolation, frame.Plane(0), frame.Plane(1), frame.Plane(2), fast.Plane(0), fast.Plane(1), fast.Plane(2));
        LutKernels.ApplyReference(lut, interpolation, frame.Plane(0), frame.Plane(1), frame.Plane(2), reference.Plane(0), reference.Plane(1), reference.Plane(2));
        AssertClose(reference.Data, fast.Data, 1e-5f);
    }

    [Fact]
    public void Trilinear_and_tetrahedral_agree_on_the_lattice_points_and_differ_between_them()
    {
        var lut = LutTestData.Sampled(5, LutTestData.WarmContrast);
        using var onLattice = ImageFrame.Create(5, 1, 3);
        for (var i = 0; i < 5; i++)
        {
            onLattice.Plane(0)[i] = i / 4f;
            onLattice.Plane(1)[i] = (4 - i) / 4f;
            onLattice.Plane(2)[i] = (i % 2) / 4f;
        }
        using var tetra = onLattice.ApplyLut(lut, LutInterpolation.Tetrahedral);
        using var tri = onLattice.ApplyLut(lut, LutInterpolation.Trilinear);
        AssertClose(tetra.Data, tri.Data, 1e-6f);

        using var between = LutTestData.RandomFrame(64, 4, seed: 6);
        using var tetra2 = between.ApplyLut(lut, LutInterpolation.Tetrahedral);
        using var tri2 = between.ApplyLut(lut, LutInterpolation.Trilinear);
        var maxDifference = 0f;
        for (var i = 0; i < tetra2.Data.Length; i++)
            maxDifference = Math.Max(maxDifference, Math.Abs(tetra2.Data[i] - tri2.Data[i]));
        Assert.True(maxDifference > 1e-4f, $"the two interpolations should differ off the lattice (max {maxDifference}).");
    }

    [Fact]
    public void Parallel_run_equals_single_threaded_run_and_alpha_is_untouched()
    {
        var lut = LutTestData.Sampled(17, LutTestData.WarmContrast);
        using var many = LutTestData.RandomFrame(300, 257, seed: 7, hasAlpha: true, budget: ComputeBudget.Default with { MaxThreads = 4 });
        using var one = LutTestData.RandomFrame(300, 257, seed: 7, hasAlpha: true, budget: ComputeBudget.SingleThreaded);
        using var a = many.ApplyLut(lut);
        using var b = one.ApplyLut(lut);
        Assert.True(a.Data.SequenceEqual(b.Data));
        Assert.True(a.Alpha.SequenceEqual(many.Alpha));
        Assert.Equal(many.ColorSpace, a.ColorSpace);
    }

    [Fact]
    public void In_place_application_equals_the_copying_one()
    {
        var lut = LutTestData.Sampled(33, LutTestData.WarmContrast);
        using var frame = LutTestData.RandomFrame(129, 65, seed: 8);
        using var copy = frame.ApplyLut(lut, LutInterpolation.Trilinear);
        frame.ApplyLutInPlace(lut, LutInterpolation.Trilinear);
        Assert.True(copy.Data.SequenceEqual(frame.Data));
    }

    [Fact]
    public void A_frame_without_three_colour_channels_is_rejected()
    {
        using var gray = ImageFrame.Create(4, 4, 1);
        var error = Assert.Throws<ArgumentException>(() => gray.ApplyLut(Lut3D.Identity(2)));
        Assert.Contains("three colour channels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(257)]
    public void Lattice_size_outside_2_to_256_is_rejected(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lut3D(size));

    private static float[] Barycentric(Lut3D lut, float r, float g, float b)
    {
        var n = lut.Size;
        float[] p = [r * (n - 1), g * (n - 1), b * (n - 1)];
        int[] cell = new int[3];
        float[] f = new float[3];
        for (var a = 0; a < 3; a++)
        {
            cell[a] = Math.Min((int)Math.Floor(p[a]), n - 2);
            f[a] = p[a] - cell[a];
        }
        int[] order = [0, 1, 2];
        Array.Sort(order, (x, y) => f[y].CompareTo(f[x]));
        int[] corner = [cell[0], cell[1], cell[2]];
        var result = new float[3];
        var weights = new[] { 1 - f[order[0]], f[order[0]] - f[order[1]], f[order[1]] - f[order[2]], f[order[2]] };
        for (var step = 0; step < 4; step++)
        {
            if (step > 0)
                corner[order[step - 1]]++;
            for (var c = 0; c < 3; c++)
                result[c] += weights[step] * lut.Lattice[(((corner[2] * n) + corner[1]) * n + corner[0]) * 3 + c];
        }
        return result;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                Assert.Fail($"sample {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
        }
    }
}
