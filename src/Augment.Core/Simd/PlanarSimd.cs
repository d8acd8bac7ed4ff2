using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment;

/// <summary>
/// Generic interleaved &lt;-&gt; planar loops shared by the pixel and sample kernels. A block is
/// <c>C</c> 16-byte vectors of interleaved elements (<c>16 / elementSize</c> pixels or frames):
/// <see cref="ChannelShuffle"/> transposes it and the converter widens or narrows each channel.
/// Floats and 32-bit PCM with 2-3 channels go through <see cref="Permute512"/> first where AVX-512 runs.
/// Each loop does whole blocks only and returns how many pixels it did; the caller finishes the
/// tail with the scalar reference, so tails are exact by construction.
/// Callers validate lengths first: these loops read and write through unchecked references.
/// </summary>
internal static class PlanarSimd
{
    /// <summary>Whether the vector loops run in hardware; when false callers use the scalar kernels.</summary>
    public static bool IsAccelerated => ChannelShuffle.IsAccelerated;

    /// <summary>
    /// Interleaved elements to float planes for 1..4 channels. Plane of interleaved channel k starts at
    /// <c>order[k] * planeStride</c>. Returns the pixels done (a multiple of the block), 0 for other channel counts.
    /// </summary>
    public static int Deinterleave<TWiden>(ref byte source, ref float planes, int planeStride, int count, ReadOnlySpan<int> order)
        where TWiden : struct, IWidenToFloat
    {
        var size = TWiden.ElementSize;
        var block = 16 / size;
        var done = count - count % block;
        var m = ChannelShuffle.For(size);
        switch (order.Length)
        {
            case 1:
            {
                ref var d0 = ref Plane(ref planes, order[0], planeStride);
                for (nint i = 0; i < done; i += block)
                    TWiden.Store(Vector128.LoadUnsafe(ref source, (nuint)(i * size)), ref Unsafe.Add(ref d0, i));
                return done;
            }
            case 2:
            {
                ref var d0 = ref Plane(ref planes, order[0], planeStride);
                ref var d1 = ref Plane(ref planes, order[1], planeStride);
                nint start = size == 4 && Permute512.IsAccelerated ? Permute512.Deinterleave<TWiden>(ref source, ref d0, ref d1, ref d1, count, 2) : 0;
                for (var i = start; i < done; i += block)
                {
                    ref var s = ref Unsafe.Add(ref source, i * 2 * size);
                    ChannelShuffle.Deinterleave2(Vector128.LoadUnsafe(ref s), Vector128.LoadUnsafe(ref s, 16), m, out var c0, out var c1);
                    TWiden.Store(c0, ref Unsafe.Add(ref d0, i));
                    TWiden.Store(c1, ref Unsafe.Add(ref d1, i));
                }
                return done;
            }
            case 3:
            {
                ref var d0 = ref Plane(ref planes, order[0], planeStride);
                ref var d1 = ref Plane(ref planes, order[1], planeStride);
                ref var d2 = ref Plane(ref planes, order[2], planeStride);
                nint start = size == 4 && Permute512.IsAccelerated ? Permute512.Deinterleave<TWiden>(ref source, ref d0, ref d1, ref d2, count, 3) : 0;
                for (var i = start; i < done; i += block)
                {
                    ref var s = ref Unsafe.Add(ref source, i * 3 * size);
                    ChannelShuffle.Deinterleave3(
                        Vector128.LoadUnsafe(ref s), Vector128.LoadUnsafe(ref s, 16), Vector128.LoadUnsafe(ref s, 32), m,
                        out var c0, out var c1, out var c2);
                    TWiden.Store(c0, ref Unsafe.Add(ref d0, i));
                    TWiden.Store(c1, ref Unsafe.Add(ref d1, i));
                    TWiden.Store(c2, ref Unsafe.Add(ref d2, i));
                }
                return done;
            }
            case 4:
            {
                ref var d0 = ref Plane(ref planes, order[0], planeStride);
                ref var d1 = ref Plane(ref planes, order[1], planeStride);
                ref var d2 = ref Plane(ref planes, order[2], planeStride);
                ref var d3 = ref Plane(ref planes, order[3], planeStride);
                for (nint i = 0; i < done; i += block)
                {
                    ref var s = ref Unsafe.Add(ref source, i * 4 * size);
                    ChannelShuffle.Deinterleave4(
                        Vector128.LoadUnsafe(ref s), Vector128.LoadUnsafe(ref s, 16), Vector128.LoadUnsafe(ref s, 32), Vector128.LoadUnsafe(ref s, 48), m, size,
                        out var c0, out var c1, out var c2, out var c3);
                    TWiden.Store(c0, ref Unsafe.Add(ref d0, i));
                    TWiden.Store(c1, ref Unsafe.Add(ref d1, i));
                    TWiden.Store(c2, ref Unsafe.Add(ref d2, i));
                    TWiden.Store(c3, ref Unsafe.Add(ref d3, i));
                }
                return done;
            }
            default:
                return 0;
        }
    }

    /// <summary>
    /// Float planes to interleaved elements for 1..4 channels; the mirror of <see cref="Deinterleave"/>.
    /// </summary>
    public static int Interleave<TNarrow>(ref float planes, int planeStride, ref byte destination, int count, ReadOnlySpan<int> order)
        where TNarrow : struct, INarrowFromFloat
    {
        var size = TNarrow.ElementSize;
        var block = 16 / size;
        var done = count - count % block;
        var m = ChannelShuffle.For(size);
        switch (order.Length)
        {
            case 1:
            {
                ref var s0 = ref Plane(ref planes, order[0], planeStride);
                for (nint i = 0; i < done; i += block)
                    TNarrow.Load(ref Unsafe.Add(ref s0, i)).StoreUnsafe(ref destination, (nuint)(i * size));
                return done;
            }
            case 2:
            {
                ref var s0 = ref Plane(ref planes, order[0], planeStride);
                ref var s1 = ref Plane(ref planes, order[1], planeStride);
                nint start = size == 4 && Permute512.IsAccelerated ? Permute512.Interleave<TNarrow>(ref s0, ref s1, ref s1, ref destination, count, 2) : 0;
                for (var i = start; i < done; i += block)
                {
                    ChannelShuffle.Interleave2(TNarrow.Load(ref Unsafe.Add(ref s0, i)), TNarrow.Load(ref Unsafe.Add(ref s1, i)), m, out var a, out var b);
                    ref var d = ref Unsafe.Add(ref destination, i * 2 * size);
                    a.StoreUnsafe(ref d);
                    b.StoreUnsafe(ref d, 16);
                }
                return done;
            }
            case 3:
            {
                ref var s0 = ref Plane(ref planes, order[0], planeStride);
                ref var s1 = ref Plane(ref planes, order[1], planeStride);
                ref var s2 = ref Plane(ref planes, order[2], planeStride);
                nint start = size == 4 && Permute512.IsAccelerated ? Permute512.Interleave<TNarrow>(ref s0, ref s1, ref s2, ref destination, count, 3) : 0;
                for (var i = start; i < done; i += block)
                {
                    ChannelShuffle.Interleave3(
                        TNarrow.Load(ref Unsafe.Add(ref s0, i)), TNarrow.Load(ref Unsafe.Add(ref s1, i)), TNarrow.Load(ref Unsafe.Add(ref s2, i)), m,
                        out var a, out var b, out var c);
                    ref var d = ref Unsafe.Add(ref destination, i * 3 * size);
                    a.StoreUnsafe(ref d);
                    b.StoreUnsafe(ref d, 16);
                    c.StoreUnsafe(ref d, 32);
                }
                return done;
            }
            case 4:
            {
                ref var s0 = ref Plane(ref planes, order[0], planeStride);
                ref var s1 = ref Plane(ref planes, order[1], planeStride);
                ref var s2 = ref Plane(ref planes, order[2], planeStride);
                ref var s3 = ref Plane(ref planes, order[3], planeStride);
                for (nint i = 0; i < done; i += block)
                {
                    ChannelShuffle.Interleave4(
                        TNarrow.Load(ref Unsafe.Add(ref s0, i)), TNarrow.Load(ref Unsafe.Add(ref s1, i)),
                        TNarrow.Load(ref Unsafe.Add(ref s2, i)), TNarrow.Load(ref Unsafe.Add(ref s3, i)), m, size,
                        out var a, out var b, out var c, out var d);
                    ref var o = ref Unsafe.Add(ref destination, i * 4 * size);
                    a.StoreUnsafe(ref o);
                    b.StoreUnsafe(ref o, 16);
                    c.StoreUnsafe(ref o, 32);
                    d.StoreUnsafe(ref o, 48);
                }
                return done;
            }
            default:
                return 0;
        }
    }

    /// <summary>
    /// Interleaved elements to float planes for any channel count of 4 or more (plane c at
    /// <c>c * planeStride</c>), four frames at a time: each group of four channels is a 4x4 transpose
    /// of floats. The last group starts at <c>channels - 4</c> and may overlap the one before; the
    /// overlapping channels are simply written twice with the same values.
    /// </summary>
    public static int DeinterleaveGroups<TWiden>(ref byte source, ref float planes, int planeStride, int count, int channels)
        where TWiden : struct, IWidenToFloat
    {
        if (channels < 4) return 0;
        var size = TWiden.ElementSize;
        var done = count - count % 4;
        var frameBytes = (nint)channels * size;
        for (nint i = 0; i < done; i += 4)
        {
            ref var frame = ref Unsafe.Add(ref source, i * frameBytes);
            for (var k = 0; ; k += 4)
            {
                if (k > channels - 4) k = channels - 4;
                ref var s = ref Unsafe.Add(ref frame, (nint)k * size);
                ChannelShuffle.Transpose4x4(
                    TWiden.Load4(ref s).AsByte(),
                    TWiden.Load4(ref Unsafe.Add(ref s, frameBytes)).AsByte(),
                    TWiden.Load4(ref Unsafe.Add(ref s, 2 * frameBytes)).AsByte(),
                    TWiden.Load4(ref Unsafe.Add(ref s, 3 * frameBytes)).AsByte(),
                    out var c0, out var c1, out var c2, out var c3);
                ref var d = ref Unsafe.Add(ref planes, (nint)k * planeStride + i);
                c0.AsSingle().StoreUnsafe(ref d);
                c1.AsSingle().StoreUnsafe(ref d, (nuint)planeStride);
                c2.AsSingle().StoreUnsafe(ref d, (nuint)(2 * (nint)planeStride));
                c3.AsSingle().StoreUnsafe(ref d, (nuint)(3 * (nint)planeStride));
                if (k == channels - 4) break;
            }
        }
        return done;
    }

    /// <summary>Float planes to interleaved elements for 4 or more channels; the mirror of <see cref="DeinterleaveGroups"/>.</summary>
    public static int InterleaveGroups<TNarrow>(ref float planes, int planeStride, ref byte destination, int count, int channels)
        where TNarrow : struct, INarrowFromFloat
    {
        if (channels < 4) return 0;
        var size = TNarrow.ElementSize;
        var done = count - count % 4;
        var frameBytes = (nint)channels * size;
        for (nint i = 0; i < done; i += 4)
        {
            ref var frame = ref Unsafe.Add(ref destination, i * frameBytes);
            for (var k = 0; ; k += 4)
            {
                if (k > channels - 4) k = channels - 4;
                ref var s = ref Unsafe.Add(ref planes, (nint)k * planeStride + i);
                ChannelShuffle.Transpose4x4(
                    Vector128.LoadUnsafe(ref s).AsByte(),
                    Vector128.LoadUnsafe(ref s, (nuint)planeStride).AsByte(),
                    Vector128.LoadUnsafe(ref s, (nuint)(2 * (nint)planeStride)).AsByte(),
                    Vector128.LoadUnsafe(ref s, (nuint)(3 * (nint)planeStride)).AsByte(),
                    out var f0, out var f1, out var f2, out var f3);
                ref var d = ref Unsafe.Add(ref frame, (nint)k * size);
                TNarrow.Store4(f0.AsSingle(), ref d);
                TNarrow.Store4(f1.AsSingle(), ref Unsafe.Add(ref d, frameBytes));
                TNarrow.Store4(f2.AsSingle(), ref Unsafe.Add(ref d, 2 * frameBytes));
                TNarrow.Store4(f3.AsSingle(), ref Unsafe.Add(ref d, 3 * frameBytes));
                if (k == channels - 4) break;
            }
        }
        return done;
    }

    /// <summary>The first byte of a span of unmanaged elements, for the byte-addressed loops.</summary>
    public static ref byte AsBytes<T>(ReadOnlySpan<T> span) where T : unmanaged =>
        ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span));

    /// <inheritdoc cref="AsBytes{T}(ReadOnlySpan{T})"/>
    public static ref byte AsBytes<T>(Span<T> span) where T : unmanaged =>
        ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float Plane(ref float planes, int plane, int planeStride) =>
        ref Unsafe.Add(ref planes, (nint)plane * planeStride);
}
