namespace Augment.Core.Tests.Models;

public class SafeTensorsConversionTests
{
    [Fact]
    public void Fast_F16_and_BF16_conversion_equal_the_scalar_reference_for_every_bit_pattern()
    {
        // Every 16-bit pattern, offset by one byte so that the SIMD path also sees an unaligned start
        // and a length that is not a multiple of the vector width.
        var bytes = new byte[1 + (65536 * 2) + 2];
        for (var i = 0; i < 65536; i++)
        {
            bytes[1 + (2 * i)] = (byte)i;
            bytes[2 + (2 * i)] = (byte)(i >> 8);
        }
        var source = bytes.AsSpan(1, (65536 * 2) + 2);

        foreach (var dtype in new[] { SafeTensorsDType.F16, SafeTensorsDType.BF16 })
        {
            var fast = new float[65537];
            var scalar = new float[65537];
            SafeTensorsConversion.ToSingle(dtype, source, fast);
            SafeTensorsConversion.ToSingleScalar(dtype, source, scalar);
            for (var i = 0; i < fast.Length; i++)
            {
                if (float.IsNaN(scalar[i])) Assert.True(float.IsNaN(fast[i]), $"{dtype} pattern {i:X4}");
                else Assert.Equal(BitConverter.SingleToInt32Bits(scalar[i]), BitConverter.SingleToInt32Bits(fast[i]));
            }
        }
    }

    [Fact]
    public void BF16_scalar_reference_matches_truncated_float_bits()
    {
        // Independent oracle: a float whose low 16 bits are zero is exactly representable in bfloat16.
        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            var bits = (int)random.NextInt64(0, 1L << 32) & unchecked((int)0xFFFF0000);
            var destination = new float[1];
            SafeTensorsConversion.ToSingleScalar(SafeTensorsDType.BF16, [(byte)(bits >> 16), (byte)(bits >> 24)], destination);
            Assert.Equal(bits, BitConverter.SingleToInt32Bits(destination[0]));
        }
    }
}
