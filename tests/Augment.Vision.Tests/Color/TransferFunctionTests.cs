using Augment.Vision;

namespace Augment.Vision.Tests.Color;

public class TransferFunctionTests
{
    public static TheoryData<TransferFunction> AllFunctions => [TransferFunction.Srgb, TransferFunction.Bt1886, TransferFunction.Pq, TransferFunction.Hlg];

    [Theory]
    [InlineData(0.01, 0.508078)]   // 100 cd/m², about code 520 of 1023
    [InlineData(0.1, 0.751827)]    // 1000 cd/m²
    [InlineData(1.0, 1.0)]         // 10000 cd/m²
    public void Pq_inverse_EOTF_matches_published_code_values_to_1e_6(double luminance, double expected) =>
        Assert.Equal(expected, TransferFunctions.FromLinear(TransferFunction.Pq, luminance), 1e-6);

    [Fact]
    public void Pq_inverse_EOTF_of_black_is_c1_to_the_m2()
    {
        var expected = Math.Pow(3424.0 / 4096.0, 2523.0 / 4096.0 * 128.0);
        Assert.Equal(expected, TransferFunctions.FromLinear(TransferFunction.Pq, 0.0), 1e-15);
        Assert.Equal(7.309559e-7, expected, 1e-12);
    }

    [Fact]
    public void Pq_EOTF_of_code_520_of_1023_is_about_100_nits()
    {
        var nits = TransferFunctions.ToLinear(TransferFunction.Pq, 520.0 / 1023.0) * 10000.0;
        Assert.InRange(nits, 100.0, 101.0);
    }

    [Fact]
    public void Hlg_OETF_of_one_twelfth_is_one_half_and_of_one_is_one()
    {
        Assert.Equal(0.5, TransferFunctions.FromLinear(TransferFunction.Hlg, 1.0 / 12.0), 1e-12);
        Assert.Equal(1.0, TransferFunctions.FromLinear(TransferFunction.Hlg, 1.0), 1e-6);
    }

    [Fact]
    public void Hlg_branches_meet_at_the_knee()
    {
        var below = TransferFunctions.FromLinear(TransferFunction.Hlg, 1.0 / 12.0 - 1e-12);
        var above = TransferFunctions.FromLinear(TransferFunction.Hlg, 1.0 / 12.0 + 1e-12);
        Assert.Equal(below, above, 1e-9);
    }

    [Fact]
    public void Srgb_is_continuous_at_the_0_04045_knee()
    {
        var linearBranch = 0.04045 / 12.92;
        var powerBranch = Math.Pow((0.04045 + 0.055) / 1.055, 2.4);
        Assert.Equal(linearBranch, powerBranch, 1e-7);
        Assert.Equal(TransferFunctions.ToLinear(TransferFunction.Srgb, 0.04045 - 1e-12), TransferFunctions.ToLinear(TransferFunction.Srgb, 0.04045 + 1e-12), 1e-7);
        Assert.Equal(TransferFunctions.FromLinear(TransferFunction.Srgb, 0.0031308 - 1e-12), TransferFunctions.FromLinear(TransferFunction.Srgb, 0.0031308 + 1e-12), 1e-6);
    }

    [Fact]
    public void Srgb_decodes_mid_grey_128_to_the_published_0_2158605()
    {
        Assert.Equal(0.2158605, TransferFunctions.ToLinear(TransferFunction.Srgb, 128.0 / 255.0), 1e-6);
    }

    [Fact]
    public void Bt1886_is_a_pure_2_4_power()
    {
        Assert.Equal(Math.Pow(0.5, 2.4), TransferFunctions.ToLinear(TransferFunction.Bt1886, 0.5), 1e-15);
        Assert.Equal(0.5, TransferFunctions.FromLinear(TransferFunction.Bt1886, Math.Pow(0.5, 2.4)), 1e-12);
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void Scalar_round_trip_encode_of_decode_is_identity_over_0_to_1(TransferFunction function)
    {
        for (var i = 0; i <= 10000; i++)
        {
            var x = i / 10000.0;
            // PQ codes below c1^m2 (7.3e-7) all mean zero luminance.
            var expected = function == TransferFunction.Pq ? Math.Max(x, TransferFunctions.FromLinear(function, 0)) : x;
            Assert.Equal(expected, TransferFunctions.FromLinear(function, TransferFunctions.ToLinear(function, x)), 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void Span_round_trip_in_float_is_identity_within_1e_6(TransferFunction function)
    {
        const int Count = 4099;
        var x = new float[Count];
        for (var i = 0; i < Count; i++)
            x[i] = i / (float)(Count - 1);
        var linear = new float[Count];
        var back = new float[Count];
        TransferFunctions.ToLinear(function, x, linear);
        TransferFunctions.FromLinear(function, linear, back);
        for (var i = 0; i < Count; i++)
            Assert.True(Math.Abs(back[i] - x[i]) <= 1e-6, $"{function} at {x[i]}: {back[i]}");
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void Simd_decode_matches_scalar_reference_on_random_data_within_2e_6_relative(TransferFunction function)
    {
        var source = RandomValues(1003, seed: 11, min: -0.2f, max: 1.2f);
        var fast = new float[source.Length];
        var reference = new float[source.Length];
        TransferFunctions.ToLinear(function, source, fast);
        TransferKernels.ToLinearReference(function, source, reference);
        AssertClose(reference, fast, source);
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void Simd_encode_matches_scalar_reference_on_random_data_within_2e_6_relative(TransferFunction function)
    {
        var source = RandomValues(1003, seed: 12, min: -0.2f, max: 1.2f);
        // Include exact zeros and knee values, where the vector branches switch.
        source[0] = 0f;
        source[1] = 0.0031308f;
        source[2] = 1f / 12f;
        source[3] = 1e-20f;
        var fast = new float[source.Length];
        var reference = new float[source.Length];
        TransferFunctions.FromLinear(function, source, fast);
        TransferKernels.FromLinearReference(function, source, reference);
        AssertClose(reference, fast, source);
    }

    [Fact]
    public void Span_kernel_runs_in_place()
    {
        var values = RandomValues(37, seed: 5, min: 0f, max: 1f);
        var expected = new float[values.Length];
        TransferKernels.ToLinearReference(TransferFunction.Srgb, values, expected);
        TransferFunctions.ToLinear(TransferFunction.Srgb, values, values);
        AssertClose(expected, values, expected);
    }

    [Fact]
    public void Span_kernel_rejects_a_short_destination() =>
        Assert.Throws<ArgumentException>(() => TransferFunctions.ToLinear(TransferFunction.Pq, new float[8], new float[7]));

    internal static float[] RandomValues(int count, int seed, float min, float max)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = min + (max - min) * random.NextSingle();
        return values;
    }

    private static void AssertClose(float[] expected, float[] actual, float[] input)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 2e-6 * Math.Abs(expected[i]) + 1e-9;
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"at {i} (input {input[i]}): expected {expected[i]}, got {actual[i]}");
        }
    }
}
