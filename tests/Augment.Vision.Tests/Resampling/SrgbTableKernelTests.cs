namespace Augment.Vision.Tests.Resampling;

/// <summary>The table-driven sRGB transfer used by resize against the double-precision IEC 61966-2-1 formula.</summary>
public class SrgbTableKernelTests
{
    [Fact]
    public void Decoding_and_encoding_stay_within_1e_6_of_the_formula_over_0_to_1()
    {
        const int n = 1 << 20;
        var values = new float[n + 7];
        for (var i = 0; i < values.Length; i++)
            values[i] = Math.Min(1f, i / (float)n);
        // Dense around the knees, where the curve bends hardest.
        for (var i = 0; i < 4096; i++)
        {
            values[i] = 0.04045f * (0.9f + (0.2f * i / 4096f));
            values[n - 1 - i] = 0.0031308f * (0.9f + (0.2f * i / 4096f));
        }
        var decoded = new float[values.Length];
        var encoded = new float[values.Length];
        SrgbTableKernels.ToLinear(values, decoded);
        SrgbTableKernels.FromLinear(values, encoded);
        double worstDecode = 0, worstEncode = 0;
        for (var i = 0; i < values.Length; i++)
        {
            worstDecode = Math.Max(worstDecode, Math.Abs(decoded[i] - TransferFunctions.ToLinear(TransferFunction.Srgb, values[i])));
            worstEncode = Math.Max(worstEncode, Math.Abs(encoded[i] - TransferFunctions.FromLinear(TransferFunction.Srgb, values[i])));
        }
        Assert.True(worstDecode < 1e-6, $"decode error {worstDecode:E2}");
        Assert.True(worstEncode < 1e-6, $"encode error {worstEncode:E2}");
    }

    [Fact]
    public void Out_of_range_and_NaN_values_take_the_exact_extended_formula()
    {
        float[] values = [-0.5f, 1.25f, float.NaN, 0.5f, 2f, -0.01f, 0.2f, 1f, 3f];
        var decoded = new float[values.Length];
        var encoded = new float[values.Length];
        SrgbTableKernels.ToLinear(values, decoded);
        SrgbTableKernels.FromLinear(values, encoded);
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                Assert.True(float.IsNaN(decoded[i]) && float.IsNaN(encoded[i]));
                continue;
            }
            Assert.Equal(TransferFunctions.ToLinear(TransferFunction.Srgb, values[i]), decoded[i], 1e-6);
            Assert.Equal(TransferFunctions.FromLinear(TransferFunction.Srgb, values[i]), encoded[i], 1e-6);
        }
    }
}
