using CsCheck;

namespace Augment.Core.Tests.Audio;

/// <summary>
/// The SIMD sample kernels against their scalar references (bit for bit) and against an independent
/// double-precision statement of the 16-bit rule.
/// </summary>
public class SampleKernelTests
{
    // Frames 0..300 (every tail length), 1..8 channels (the shuffle paths and the 4x4-group path).
    private static readonly Gen<(int Frames, int Channels, int Seed)> Cases = Gen.Select(Gen.Int[0, 300], Gen.Int[1, 8], Gen.Int);

    [Fact]
    public void Pcm16_to_planar_equals_scalar_bit_for_bit() =>
        Cases.Sample((frames, channels, seed) =>
        {
            var random = new Random(seed);
            var src = new short[frames * channels];
            for (var i = 0; i < src.Length; i++) src[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
            AssertSameBits(
                Planar(frames, channels, p => SampleKernels.DeinterleaveScalar(src, p, frames, channels)),
                Planar(frames, channels, p => SampleKernels.Deinterleave(src, p, frames, channels)));
        });

    [Fact]
    public void Pcm32_to_planar_equals_scalar_bit_for_bit() =>
        Cases.Sample((frames, channels, seed) =>
        {
            var random = new Random(seed);
            var src = new int[frames * channels];
            for (var i = 0; i < src.Length; i++)
                src[i] = random.Next(8) == 0 ? (random.Next(2) == 0 ? int.MinValue : int.MaxValue) : random.Next(int.MinValue, int.MaxValue);
            AssertSameBits(
                Planar(frames, channels, p => SampleKernels.DeinterleaveScalar(src, p, frames, channels)),
                Planar(frames, channels, p => SampleKernels.Deinterleave(src, p, frames, channels)));
        });

    [Fact]
    public void Float_to_planar_and_back_copies_bit_for_bit() =>
        Cases.Sample((frames, channels, seed) =>
        {
            var src = Signal(frames * channels, seed);
            var simd = Planar(frames, channels, p => SampleKernels.Deinterleave(src, p, frames, channels));
            AssertSameBits(Planar(frames, channels, p => SampleKernels.DeinterleaveScalar(src, p, frames, channels)), simd);

            var back = new float[frames * channels];
            var reference = new float[frames * channels];
            SampleKernels.Interleave(simd, frames, channels, back);
            SampleKernels.InterleaveScalar(simd, frames, channels, reference);
            AssertSameBits(reference, back);
            AssertSameBits(src, back);
        });

    [Fact]
    public void Planar_to_pcm16_equals_scalar_including_NaN_infinities_and_clipping() =>
        Cases.Sample((frames, channels, seed) =>
        {
            var planes = Signal(frames * channels, seed);
            var simd = new short[frames * channels];
            var scalar = new short[frames * channels];
            SampleKernels.Interleave(planes, frames, channels, simd);
            SampleKernels.InterleaveScalar(planes, frames, channels, scalar);
            Assert.Equal(scalar, simd);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void Long_buffers_with_an_odd_tail_equal_scalar(int channels)
    {
        const int frames = 48_000 + 13;
        var random = new Random(channels);
        var pcm = new short[frames * channels];
        for (var i = 0; i < pcm.Length; i++) pcm[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        var planes = Planar(frames, channels, p => SampleKernels.Deinterleave(pcm, p, frames, channels));
        AssertSameBits(Planar(frames, channels, p => SampleKernels.DeinterleaveScalar(pcm, p, frames, channels)), planes);

        var signal = Signal(frames * channels, 99);
        var simd = new short[signal.Length];
        var scalar = new short[signal.Length];
        SampleKernels.Interleave(signal, frames, channels, simd);
        SampleKernels.InterleaveScalar(signal, frames, channels, scalar);
        Assert.Equal(scalar, simd);
    }

    [Fact]
    public void Pcm16_output_rounds_half_away_from_zero_clamps_and_maps_NaN_to_zero()
    {
        float[] values =
        [
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f, 2f, -2f, 0f, -0f,
            0.5f / 32768, -0.5f / 32768, 1.5f / 32768, 2.5f / 32768, -2.5f / 32768, 32766.5f / 32768, -32767.5f / 32768,
            MathF.BitDecrement(0.5f) / 32768, 32767.4f / 32768,
        ];
        short[] expected = [0, 32767, -32768, 32767, -32768, 32767, -32768, 0, 0, 1, -1, 2, 3, -3, 32767, -32768, 0, 32767];
        const int repeats = 9; // long enough that most values go through the vector path
        var planes = new float[values.Length * repeats];
        for (var i = 0; i < planes.Length; i++) planes[i] = values[i % values.Length];
        var pcm = new short[planes.Length];
        SampleKernels.Interleave(planes, planes.Length, 1, pcm);
        for (var i = 0; i < pcm.Length; i++)
            Assert.Equal(expected[i % values.Length], pcm[i]);
    }

    [Fact]
    public void Pcm16_output_matches_exact_rounding_next_to_every_half_step()
    {
        // Each (k + 0.5) / 32768 and its neighbouring floats; x * 32768 is exact, so double arithmetic
        // gives the true round-half-away-from-zero result to compare with.
        var samples = new List<float>();
        for (var k = -32770; k <= 32769; k++)
        {
            var tie = (k + 0.5f) / 32768f;
            samples.Add(tie);
            samples.Add(MathF.BitDecrement(tie));
            samples.Add(MathF.BitIncrement(tie));
        }
        var planes = samples.ToArray();
        var pcm = new short[planes.Length];
        SampleKernels.Interleave(planes, planes.Length, 1, pcm);
        for (var i = 0; i < planes.Length; i++)
        {
            var exact = Math.Clamp(Math.Round(planes[i] * 32768d, MidpointRounding.AwayFromZero), -32768d, 32767d);
            Assert.Equal((short)exact, pcm[i]);
        }
    }

    [Fact]
    public void Kernels_reject_spans_that_do_not_hold_every_frame()
    {
        Assert.Throws<ArgumentException>(() => SampleKernels.Deinterleave(new short[2 * 10 - 1], new float[20], 10, 2));
        Assert.Throws<ArgumentException>(() => SampleKernels.Deinterleave(new int[2 * 10], new float[19], 10, 2));
        Assert.Throws<ArgumentException>(() => SampleKernels.Interleave(new float[60], 10, 6, new short[59]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleKernels.Interleave(new float[60], 10, 0, new float[60]));
    }

    // ---- helpers ----

    private static float[] Planar(int frames, int channels, Action<float[]> kernel)
    {
        var planes = new float[frames * channels];
        planes.AsSpan().Fill(-7f);
        kernel(planes);
        return planes;
    }

    // A loud signal in -1.2..1.2 (clipping included) with NaN, infinities and signed zeros sprinkled in.
    internal static float[] Signal(int length, int seed)
    {
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 1f, -1f, 0.5f / 32768, -0.5f / 32768];
        var random = new Random(seed);
        var data = new float[length];
        for (var i = 0; i < length; i++)
            data[i] = random.Next(16) == 0 ? specials[random.Next(specials.Length)] : (float)(random.NextDouble() * 2.4 - 1.2);
        return data;
    }

    private static void AssertSameBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"Sample {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }
}
