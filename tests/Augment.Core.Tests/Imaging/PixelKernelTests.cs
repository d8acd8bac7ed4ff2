using CsCheck;

namespace Augment.Core.Tests.Imaging;

/// <summary>
/// The SIMD pixel kernels against their scalar references (bit for bit) and against the rules
/// written out by hand: 0..255 and 0..65535 map to 0..1, and back with clamping, round half up and NaN to 0.
/// </summary>
public class PixelKernelTests
{
    // Every channel order a frame can have: identity and reversed colour (BGR, BGRA), for 1..4 channels.
    private static readonly int[][] Orders =
    [
        [0], [0, 1], [1, 0], [0, 1, 2], [2, 1, 0], [1, 2, 0], [0, 1, 2, 3], [2, 1, 0, 3], [3, 0, 2, 1],
    ];

    // Length 0..300 (blocks plus every tail), any order, a seed for the contents.
    private static readonly Gen<(int Count, int[] Order, int Seed)> Cases =
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, Orders.Length - 1], Gen.Int, (count, o, seed) => (count, Orders[o], seed));

    [Fact]
    public void Byte_to_planar_equals_scalar_bit_for_bit_for_every_order_and_length() =>
        Cases.Sample((count, order, seed) =>
        {
            var src = RandomBytes(count * order.Length, seed);
            AssertSameBits(
                Deinterleave(count, order, (p, s) => PixelKernels.Deinterleave(src, p, s, count, order)),
                Deinterleave(count, order, (p, s) => PixelKernels.DeinterleaveScalar(src, p, s, count, order)));
        });

    [Fact]
    public void UInt16_to_planar_equals_scalar_bit_for_bit_for_every_order_and_length() =>
        Cases.Sample((count, order, seed) =>
        {
            var src = RandomUInt16(count * order.Length, seed);
            AssertSameBits(
                Deinterleave(count, order, (p, s) => PixelKernels.Deinterleave(src, p, s, count, order)),
                Deinterleave(count, order, (p, s) => PixelKernels.DeinterleaveScalar(src, p, s, count, order)));
        });

    [Fact]
    public void Float_to_planar_copies_bit_for_bit_for_every_order_and_length() =>
        Cases.Sample((count, order, seed) =>
        {
            var src = RandomFloats(count * order.Length, seed);
            AssertSameBits(
                Deinterleave(count, order, (p, s) => PixelKernels.Deinterleave(src, p, s, count, order)),
                Deinterleave(count, order, (p, s) => PixelKernels.DeinterleaveScalar(src, p, s, count, order)));
        });

    [Fact]
    public void Planar_to_byte_equals_scalar_including_NaN_infinities_and_out_of_range_values() =>
        Cases.Sample((count, order, seed) =>
        {
            var planes = RandomFloats(Math.Max(1, count) * order.Length, seed);
            var simd = new byte[count * order.Length];
            var scalar = new byte[count * order.Length];
            PixelKernels.Interleave(planes, count, simd, count, order);
            PixelKernels.InterleaveScalar(planes, count, scalar, count, order);
            Assert.Equal(scalar, simd);
        });

    [Fact]
    public void Planar_to_UInt16_equals_scalar_including_NaN_infinities_and_out_of_range_values() =>
        Cases.Sample((count, order, seed) =>
        {
            var planes = RandomFloats(Math.Max(1, count) * order.Length, seed);
            var simd = new ushort[count * order.Length];
            var scalar = new ushort[count * order.Length];
            PixelKernels.Interleave(planes, count, simd, count, order);
            PixelKernels.InterleaveScalar(planes, count, scalar, count, order);
            Assert.Equal(scalar, simd);
        });

    [Fact]
    public void Planar_to_float_copies_bit_for_bit() =>
        Cases.Sample((count, order, seed) =>
        {
            var planes = RandomFloats(Math.Max(1, count) * order.Length, seed);
            var simd = new float[count * order.Length];
            var scalar = new float[count * order.Length];
            PixelKernels.Interleave(planes, count, simd, count, order);
            PixelKernels.InterleaveScalar(planes, count, scalar, count, order);
            AssertSameBits(scalar, simd);
        });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Large_runs_with_an_odd_tail_equal_scalar_in_both_directions(int channels)
    {
        const int count = 100_003;
        var order = channels == 1 ? new[] { 0 } : Orders.First(o => o.Length == channels && o[0] != 0);
        var bytes = RandomBytes(count * channels, 11);
        var words = RandomUInt16(count * channels, 12);
        var floats = RandomFloats(count * channels, 13);

        AssertSameBits(
            Deinterleave(count, order, (p, s) => PixelKernels.Deinterleave(bytes, p, s, count, order)),
            Deinterleave(count, order, (p, s) => PixelKernels.DeinterleaveScalar(bytes, p, s, count, order)));
        AssertSameBits(
            Deinterleave(count, order, (p, s) => PixelKernels.Deinterleave(words, p, s, count, order)),
            Deinterleave(count, order, (p, s) => PixelKernels.DeinterleaveScalar(words, p, s, count, order)));
        AssertSameBits(
            Deinterleave(count, order, (p, s) => PixelKernels.Deinterleave(floats, p, s, count, order)),
            Deinterleave(count, order, (p, s) => PixelKernels.DeinterleaveScalar(floats, p, s, count, order)));

        var b1 = new byte[count * channels];
        var b2 = new byte[count * channels];
        PixelKernels.Interleave(floats, count, b1, count, order);
        PixelKernels.InterleaveScalar(floats, count, b2, count, order);
        Assert.Equal(b2, b1);
        var w1 = new ushort[count * channels];
        var w2 = new ushort[count * channels];
        PixelKernels.Interleave(floats, count, w1, count, order);
        PixelKernels.InterleaveScalar(floats, count, w2, count, order);
        Assert.Equal(w2, w1);
        var f1 = new float[count * channels];
        var f2 = new float[count * channels];
        PixelKernels.Interleave(floats, count, f1, count, order);
        PixelKernels.InterleaveScalar(floats, count, f2, count, order);
        AssertSameBits(f2, f1);
    }

    [Fact]
    public void Every_byte_and_every_16_bit_value_round_trips_exactly_for_every_order()
    {
        foreach (var order in Orders)
        {
            var c = order.Length;
            var bytes = new byte[256 * c];
            for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i / c + 37 * (i % c)); // each channel sees all 256 values
            var planes = new float[256 * c];
            PixelKernels.Deinterleave(bytes, planes, 256, 256, order);
            for (var k = 0; k < c; k++)
                for (var i = 0; i < 256; i++)
                    Assert.Equal(bytes[i * c + k] * (1f / 255f), planes[order[k] * 256 + i]);
            var back = new byte[bytes.Length];
            PixelKernels.Interleave(planes, 256, back, 256, order);
            Assert.Equal(bytes, back);

            var words = new ushort[65536 * c];
            for (var i = 0; i < words.Length; i++) words[i] = (ushort)(i / c + 9973 * (i % c));
            var wide = new float[65536 * c];
            PixelKernels.Deinterleave(words, wide, 65536, 65536, order);
            var wordsBack = new ushort[words.Length];
            PixelKernels.Interleave(wide, 65536, wordsBack, 65536, order);
            Assert.Equal(words, wordsBack);
        }
    }

    [Fact]
    public void Float_to_8_and_16_bit_clamps_rounds_half_up_and_maps_NaN_to_zero()
    {
        float[] values = [float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1f, -0f, 0f, 2f, 1f, 0.5f, 1e-9f, 0.999f, -float.Epsilon];
        byte[] expected8 = [0, 0, 255, 0, 0, 0, 255, 255, 128, 0, 255, 0];
        ushort[] expected16 = [0, 0, 65535, 0, 0, 0, 65535, 65535, 32768, 0, 65469, 0];
        // Repeat past one vector block so the SIMD path, not the scalar tail, handles most of them.
        const int repeats = 11;
        var planes = new float[values.Length * repeats];
        for (var i = 0; i < planes.Length; i++) planes[i] = values[i % values.Length];
        var out8 = new byte[planes.Length];
        var out16 = new ushort[planes.Length];
        PixelKernels.Interleave(planes, planes.Length, out8, planes.Length, [0]);
        PixelKernels.Interleave(planes, planes.Length, out16, planes.Length, [0]);
        for (var i = 0; i < planes.Length; i++)
        {
            Assert.Equal(expected8[i % values.Length], out8[i]);
            Assert.Equal(expected16[i % values.Length], out16[i]);
        }
    }

    [Fact]
    public void Values_next_to_every_rounding_boundary_convert_like_the_scalar_rule()
    {
        // (k + 0.5) / scale and a few floats either side: where a truncating or fused conversion would differ.
        var samples = new List<float>();
        for (var k = -1; k <= 65535; k++)
        {
            var boundary = (k + 0.5f) / 65535f;
            var below = boundary;
            var above = boundary;
            for (var step = 0; step < 3; step++)
            {
                samples.Add(below);
                samples.Add(above);
                below = MathF.BitDecrement(below);
                above = MathF.BitIncrement(above);
            }
            if (k <= 255)
            {
                samples.Add((k + 0.5f) / 255f);
                samples.Add(MathF.BitDecrement((k + 0.5f) / 255f));
                samples.Add(MathF.BitIncrement((k + 0.5f) / 255f));
            }
        }
        var planes = samples.ToArray();
        var n = planes.Length;
        var simd8 = new byte[n];
        var scalar8 = new byte[n];
        PixelKernels.Interleave(planes, n, simd8, n, [0]);
        PixelKernels.InterleaveScalar(planes, n, scalar8, n, [0]);
        Assert.Equal(scalar8, simd8);
        var simd16 = new ushort[n];
        var scalar16 = new ushort[n];
        PixelKernels.Interleave(planes, n, simd16, n, [0]);
        PixelKernels.InterleaveScalar(planes, n, scalar16, n, [0]);
        Assert.Equal(scalar16, simd16);
    }

    [Fact]
    public void Reversed_order_puts_the_last_interleaved_channel_in_plane_zero()
    {
        // 20 BGR pixels with blue = 10, green = 20, red = 30.
        var bgr = new byte[20 * 3];
        for (var i = 0; i < 20; i++) (bgr[3 * i], bgr[3 * i + 1], bgr[3 * i + 2]) = (10, 20, 30);
        var planes = new float[60];
        PixelKernels.Deinterleave(bgr, planes, 20, 20, [2, 1, 0]);
        Assert.All(planes.AsSpan(0, 20).ToArray(), v => Assert.Equal(30 * (1f / 255f), v));
        Assert.All(planes.AsSpan(40, 20).ToArray(), v => Assert.Equal(10 * (1f / 255f), v));
    }

    [Fact]
    public void Kernels_reject_spans_too_small_for_the_pixel_count()
    {
        var planes = new float[3 * 32];
        Assert.Throws<ArgumentException>(() => PixelKernels.Deinterleave(new byte[3 * 32 - 1], planes, 32, 32, [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => PixelKernels.Deinterleave(new byte[3 * 32], new float[3 * 32 - 1], 32, 32, [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => PixelKernels.Interleave(planes, 32, new ushort[3 * 32 - 1], 32, [0, 1, 2]));
        Assert.ThrowsAny<ArgumentException>(() => PixelKernels.Interleave(planes, 16, new float[3 * 32], 32, [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => PixelKernels.Interleave(planes, 32, new byte[3 * 32], 32, [0, 1, 5]));
    }

    // ---- helpers ----

    private static float[] Deinterleave(int count, int[] order, Action<float[], int> kernel)
    {
        // Planes pre-filled with a marker so that a kernel writing too little (or too much) shows.
        var planes = new float[Math.Max(1, count) * order.Length + 7];
        planes.AsSpan().Fill(-7f);
        kernel(planes, Math.Max(1, count));
        return planes;
    }

    private static void AssertSameBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"Element {i}: expected {expected[i]:R} (0x{BitConverter.SingleToInt32Bits(expected[i]):X8}), got {actual[i]:R} (0x{BitConverter.SingleToInt32Bits(actual[i]):X8}).");
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static ushort[] RandomUInt16(int length, int seed)
    {
        var random = new Random(seed);
        var data = new ushort[length];
        for (var i = 0; i < length; i++) data[i] = (ushort)random.Next(65536);
        return data;
    }

    // Mostly -0.25..1.25 (so clamping and the rounding boundaries both matter), some special values.
    internal static float[] RandomFloats(int length, int seed)
    {
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1f, 0.5f / 255f, 0.5f / 65535f, float.Epsilon, -float.Epsilon, 1e30f, -1e30f];
        var random = new Random(seed);
        var data = new float[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = random.Next(16) == 0
                ? specials[random.Next(specials.Length)]
                : (float)(random.NextDouble() * 1.5 - 0.25);
        }
        return data;
    }
}
