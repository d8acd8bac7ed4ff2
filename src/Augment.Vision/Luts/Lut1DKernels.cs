using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment.Vision;

/// <summary>
/// 1D LUT (per-channel curve) application on planar RGB spans with linear interpolation between
/// samples. <see cref="ApplyReference"/> is the scalar oracle; <see cref="ApplyFast"/> runs eight
/// pixels at a time with AVX2 gathers of the two neighbouring samples (branch-free: clamping and the
/// cell choice are min/max), and falls back to the reference for the tail and without AVX2/FMA.
/// </summary>
/// <remarks>
/// Input x maps to the sample coordinate p = (x - min) * (N - 1) / (max - min), clamped to [0, N - 1]
/// (NaN maps to 0); the cell is i = min(floor(p), N - 2) and the fraction f = p - i, exactly as
/// <see cref="LutKernels"/> locates a lattice cell, and as ffmpeg's <c>lut1d</c> with <c>interp=linear</c>.
/// </remarks>
internal static class Lut1DKernels
{
    /// <summary>Scalar reference: one sample at a time, no FMA.</summary>
    public static void ApplyReference(Lut1D lut, ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> rOut, Span<float> gOut, Span<float> bOut)
    {
        CheckLengths(r, g, b, rOut, gOut, bOut);
        ChannelReference(lut, 0, r, rOut);
        ChannelReference(lut, 1, g, gOut);
        ChannelReference(lut, 2, b, bOut);
    }

    /// <summary>Fast path: AVX2 gathers over eight samples; the reference for the tail or without AVX2.</summary>
    public static void ApplyFast(Lut1D lut, ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> rOut, Span<float> gOut, Span<float> bOut)
    {
        CheckLengths(r, g, b, rOut, gOut, bOut);
        ChannelFast(lut, 0, r, rOut);
        ChannelFast(lut, 1, g, gOut);
        ChannelFast(lut, 2, b, bOut);
    }

    private static void ChannelReference(Lut1D lut, int channel, ReadOnlySpan<float> input, Span<float> output)
    {
        var n = lut.Size;
        var values = lut.ValuesArray;
        var min = lut.DomainMin[channel];
        var scale = (n - 1) / (lut.DomainMax[channel] - min);
        for (var i = 0; i < input.Length; i++)
        {
            var p = (input[i] - min) * scale;
            // Written so that NaN fails the first test and lands on 0.
            if (!(p > 0f))
                p = 0f;
            else if (p > n - 1)
                p = n - 1;
            var cell = Math.Min((int)p, n - 2);
            var f = p - cell;
            var a = values[(cell * 3) + channel];
            output[i] = a + ((values[((cell + 1) * 3) + channel] - a) * f);
        }
    }

    private static unsafe void ChannelFast(Lut1D lut, int channel, ReadOnlySpan<float> input, Span<float> output)
    {
        var done = 0;
        if (LutKernels.FastPathSupported && input.Length >= Vector256<float>.Count)
        {
            fixed (float* values = lut.ValuesArray)
            fixed (float* source = input, target = output)
            {
                done = ChannelAvx2(values + channel, lut.Size, lut.DomainMin[channel], lut.DomainMax[channel], source, target, input.Length);
            }
        }
        if (done < input.Length)
            ChannelReference(lut, channel, input[done..], output[done..]);
    }

    // Fully optimised on first call: a frame is one call, so tiered start-up code would cost the whole first frame.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int ChannelAvx2(float* values, int n, float min, float max, float* source, float* target, int count)
    {
        var s = (n - 1) / (max - min);
        // p = (x - min) * scale is evaluated as x * scale + (-min * scale) with one FMA.
        var scale = Vector256.Create(s);
        var offset = Vector256.Create(-min * s);
        var last = Vector256.Create((float)(n - 1));
        var lastCell = Vector256.Create(n - 2);
        var three = Vector256.Create(3);
        var i = 0;
        for (; i <= count - 8; i += 8)
        {
            var p = Fma.MultiplyAdd(Avx.LoadVector256(source + i), scale, offset);
            // MAXPS returns its second operand when either is NaN, so NaN inputs land on 0 as in the reference.
            p = Avx.Min(Avx.Max(p, Vector256<float>.Zero), last);
            var cell = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(p), lastCell);
            var f = Avx.Subtract(p, Avx.ConvertToVector256Single(cell));
            var index = Avx2.MultiplyLow(cell, three);
            var a = Avx2.GatherVector256(values, index, 4);
            // The next sample of the same channel is three floats on.
            var b = Avx2.GatherVector256(values + 3, index, 4);
            Avx.Store(target + i, Fma.MultiplyAdd(Avx.Subtract(b, a), f, a));
        }
        return i;
    }

    private static void CheckLengths(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> rOut, Span<float> gOut, Span<float> bOut)
    {
        if (g.Length != r.Length || b.Length != r.Length || rOut.Length != r.Length || gOut.Length != r.Length || bOut.Length != r.Length)
            throw new ArgumentException("All six planes must have the same length.");
    }
}
