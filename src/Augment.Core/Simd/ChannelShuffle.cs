using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Augment;

/// <summary>
/// Transposes between interleaved and planar order inside 16-byte vectors, for 2, 3 and 4 channels
/// of 1-, 2- or 4-byte elements. <c>C</c> vectors of interleaved elements (16 bytes each, so
/// <c>16 / elementSize</c> pixels) become <c>C</c> vectors holding one channel each, and back.
/// Byte shuffles are SSSE3 <c>pshufb</c> on x64 and <c>tbl</c> on ARM64; both give zero for an
/// index with the high bit set, which the 3-channel masks use to merge three sources with OR.
/// </summary>
internal static class ChannelShuffle
{
    // Index that makes pshufb and tbl write zero.
    private const byte Zero = 0x80;

    /// <summary>Whether the byte shuffles and interleaving unpacks run in hardware.</summary>
    public static bool IsAccelerated => Sse41.IsSupported || AdvSimd.Arm64.IsSupported;

    // Grouping masks for 2 and 4 channels, per element size (index 1, 2, 4; 0 and 3 unused).
    private static readonly Masks Bytes = new(1);
    private static readonly Masks Shorts = new(2);
    private static readonly Masks Words = new(4);

    /// <summary>The masks for elements of <paramref name="elementSize"/> bytes (1, 2 or 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Masks For(int elementSize) => elementSize switch
    {
        1 => Bytes,
        2 => Shorts,
        _ => Words,
    };

    // ---- two channels ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave2(Vector128<byte> a, Vector128<byte> b, Masks m, out Vector128<byte> c0, out Vector128<byte> c1)
    {
        // Each vector becomes [channel 0 | channel 1] halves; the 64-bit unpacks join the halves.
        a = Shuffle(a, m.Group2);
        b = Shuffle(b, m.Group2);
        c0 = UnpackLow64(a, b);
        c1 = UnpackHigh64(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave2(Vector128<byte> c0, Vector128<byte> c1, Masks m, out Vector128<byte> a, out Vector128<byte> b)
    {
        a = Shuffle(UnpackLow64(c0, c1), m.Ungroup2);
        b = Shuffle(UnpackHigh64(c0, c1), m.Ungroup2);
    }

    // ---- three channels: each output merges up to three shuffled sources ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave3(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c, Masks m,
        out Vector128<byte> c0, out Vector128<byte> c1, out Vector128<byte> c2)
    {
        c0 = Shuffle(a, m.Gather0) | Shuffle(b, m.Gather1) | Shuffle(c, m.Gather2);
        c1 = Shuffle(a, m.Gather3) | Shuffle(b, m.Gather4) | Shuffle(c, m.Gather5);
        c2 = Shuffle(a, m.Gather6) | Shuffle(b, m.Gather7) | Shuffle(c, m.Gather8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave3(Vector128<byte> c0, Vector128<byte> c1, Vector128<byte> c2, Masks m,
        out Vector128<byte> a, out Vector128<byte> b, out Vector128<byte> c)
    {
        a = Shuffle(c0, m.Scatter0) | Shuffle(c1, m.Scatter1) | Shuffle(c2, m.Scatter2);
        b = Shuffle(c0, m.Scatter3) | Shuffle(c1, m.Scatter4) | Shuffle(c2, m.Scatter5);
        c = Shuffle(c0, m.Scatter6) | Shuffle(c1, m.Scatter7) | Shuffle(c2, m.Scatter8);
    }

    // ---- four channels: group each vector by channel, then a 4x4 transpose of 32-bit words ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave4(Vector128<byte> x0, Vector128<byte> x1, Vector128<byte> x2, Vector128<byte> x3, Masks m, int elementSize,
        out Vector128<byte> c0, out Vector128<byte> c1, out Vector128<byte> c2, out Vector128<byte> c3)
    {
        // For 4-byte elements the grouping is the identity (elementSize is a JIT-time constant in the callers).
        if (elementSize != 4)
        {
            x0 = Shuffle(x0, m.Group4);
            x1 = Shuffle(x1, m.Group4);
            x2 = Shuffle(x2, m.Group4);
            x3 = Shuffle(x3, m.Group4);
        }
        Transpose4x4(x0, x1, x2, x3, out c0, out c1, out c2, out c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave4(Vector128<byte> c0, Vector128<byte> c1, Vector128<byte> c2, Vector128<byte> c3, Masks m, int elementSize,
        out Vector128<byte> x0, out Vector128<byte> x1, out Vector128<byte> x2, out Vector128<byte> x3)
    {
        Transpose4x4(c0, c1, c2, c3, out x0, out x1, out x2, out x3);
        if (elementSize != 4)
        {
            x0 = Shuffle(x0, m.Ungroup4);
            x1 = Shuffle(x1, m.Ungroup4);
            x2 = Shuffle(x2, m.Ungroup4);
            x3 = Shuffle(x3, m.Ungroup4);
        }
    }

    /// <summary>Transposes a 4x4 matrix of 32-bit words held in four vectors (rows to columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose4x4(Vector128<byte> r0, Vector128<byte> r1, Vector128<byte> r2, Vector128<byte> r3,
        out Vector128<byte> c0, out Vector128<byte> c1, out Vector128<byte> c2, out Vector128<byte> c3)
    {
        var t0 = UnpackLow32(r0, r1);
        var t1 = UnpackLow32(r2, r3);
        var t2 = UnpackHigh32(r0, r1);
        var t3 = UnpackHigh32(r2, r3);
        c0 = UnpackLow64(t0, t1);
        c1 = UnpackHigh64(t0, t1);
        c2 = UnpackLow64(t2, t3);
        c3 = UnpackHigh64(t2, t3);
    }

    // ---- primitives: one instruction each on x64 and ARM64; a plain fallback elsewhere ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Shuffle(Vector128<byte> v, Vector128<byte> indices)
    {
        if (Ssse3.IsSupported) return Ssse3.Shuffle(v, indices);
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.VectorTableLookup(v, indices);
        return Vector128.Shuffle(v, indices); // out-of-range indices give zero here too
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> UnpackLow32(Vector128<byte> a, Vector128<byte> b)
    {
        if (Sse2.IsSupported) return Sse2.UnpackLow(a.AsUInt32(), b.AsUInt32()).AsByte();
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.ZipLow(a.AsUInt32(), b.AsUInt32()).AsByte();
        var x = a.AsUInt32();
        var y = b.AsUInt32();
        return Vector128.Create(x[0], y[0], x[1], y[1]).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> UnpackHigh32(Vector128<byte> a, Vector128<byte> b)
    {
        if (Sse2.IsSupported) return Sse2.UnpackHigh(a.AsUInt32(), b.AsUInt32()).AsByte();
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.ZipHigh(a.AsUInt32(), b.AsUInt32()).AsByte();
        var x = a.AsUInt32();
        var y = b.AsUInt32();
        return Vector128.Create(x[2], y[2], x[3], y[3]).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> UnpackLow64(Vector128<byte> a, Vector128<byte> b)
    {
        if (Sse2.IsSupported) return Sse2.UnpackLow(a.AsUInt64(), b.AsUInt64()).AsByte();
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.ZipLow(a.AsUInt64(), b.AsUInt64()).AsByte();
        return Vector128.Create(a.AsUInt64()[0], b.AsUInt64()[0]).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> UnpackHigh64(Vector128<byte> a, Vector128<byte> b)
    {
        if (Sse2.IsSupported) return Sse2.UnpackHigh(a.AsUInt64(), b.AsUInt64()).AsByte();
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.ZipHigh(a.AsUInt64(), b.AsUInt64()).AsByte();
        return Vector128.Create(a.AsUInt64()[1], b.AsUInt64()[1]).AsByte();
    }

    /// <summary>Shuffle masks for one element size, computed once from the layouts they encode.</summary>
    internal sealed class Masks
    {
        public Masks(int elementSize)
        {
            Group2 = GroupMask(2, elementSize);
            Ungroup2 = UngroupMask(2, elementSize);
            Group4 = GroupMask(4, elementSize);
            Ungroup4 = UngroupMask(4, elementSize);
            // Gather{k*3+j}: the bytes of source vector j that belong to channel k, at their planar place.
            Gather0 = GatherMask3(0, 0, elementSize);
            Gather1 = GatherMask3(1, 0, elementSize);
            Gather2 = GatherMask3(2, 0, elementSize);
            Gather3 = GatherMask3(0, 1, elementSize);
            Gather4 = GatherMask3(1, 1, elementSize);
            Gather5 = GatherMask3(2, 1, elementSize);
            Gather6 = GatherMask3(0, 2, elementSize);
            Gather7 = GatherMask3(1, 2, elementSize);
            Gather8 = GatherMask3(2, 2, elementSize);
            // Scatter{j*3+k}: the bytes of channel k that belong to output vector j, at their interleaved place.
            Scatter0 = ScatterMask3(0, 0, elementSize);
            Scatter1 = ScatterMask3(1, 0, elementSize);
            Scatter2 = ScatterMask3(2, 0, elementSize);
            Scatter3 = ScatterMask3(0, 1, elementSize);
            Scatter4 = ScatterMask3(1, 1, elementSize);
            Scatter5 = ScatterMask3(2, 1, elementSize);
            Scatter6 = ScatterMask3(0, 2, elementSize);
            Scatter7 = ScatterMask3(1, 2, elementSize);
            Scatter8 = ScatterMask3(2, 2, elementSize);
        }

        // Reorders one vector of 2- or 4-channel pixels into runs, one per channel; Ungroup is the inverse.
        public readonly Vector128<byte> Group2, Ungroup2, Group4, Ungroup4;

        public readonly Vector128<byte> Gather0, Gather1, Gather2, Gather3, Gather4, Gather5, Gather6, Gather7, Gather8;

        public readonly Vector128<byte> Scatter0, Scatter1, Scatter2, Scatter3, Scatter4, Scatter5, Scatter6, Scatter7, Scatter8;

        // Output element q of a grouped vector: channel q / perVector, pixel q % perVector.
        private static Vector128<byte> GroupMask(int channels, int size)
        {
            Span<byte> mask = stackalloc byte[16];
            var pixels = 16 / size / channels;
            for (var b = 0; b < 16; b++)
            {
                var q = b / size;
                var source = q % pixels * channels + q / pixels;
                mask[b] = (byte)(source * size + b % size);
            }
            return Vector128.Create((ReadOnlySpan<byte>)mask);
        }

        private static Vector128<byte> UngroupMask(int channels, int size)
        {
            Span<byte> mask = stackalloc byte[16];
            var pixels = 16 / size / channels;
            for (var b = 0; b < 16; b++)
            {
                var g = b / size;
                var grouped = g % channels * pixels + g / channels;
                mask[b] = (byte)(grouped * size + b % size);
            }
            return Vector128.Create((ReadOnlySpan<byte>)mask);
        }

        // Three vectors hold E = 16 / size pixels; pixel i, channel k is interleaved element 3i + k.
        private static Vector128<byte> GatherMask3(int sourceVector, int channel, int size)
        {
            Span<byte> mask = stackalloc byte[16];
            var perVector = 16 / size;
            for (var b = 0; b < 16; b++)
            {
                var g = 3 * (b / size) + channel;
                mask[b] = g / perVector == sourceVector ? (byte)(g % perVector * size + b % size) : Zero;
            }
            return Vector128.Create((ReadOnlySpan<byte>)mask);
        }

        private static Vector128<byte> ScatterMask3(int channel, int outputVector, int size)
        {
            Span<byte> mask = stackalloc byte[16];
            var perVector = 16 / size;
            for (var b = 0; b < 16; b++)
            {
                var g = outputVector * perVector + b / size;
                mask[b] = g % 3 == channel ? (byte)(g / 3 * size + b % size) : Zero;
            }
            return Vector128.Create((ReadOnlySpan<byte>)mask);
        }
    }
}
