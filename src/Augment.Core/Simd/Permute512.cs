using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment;

/// <summary>
/// AVX-512 loops for 4-byte elements (float, 32-bit PCM) with 2 or 3 channels, 16 pixels at a time.
/// A two-source permute (<c>vpermt2ps</c>) picks any 16 of 32 elements, so a channel of 16 pixels is
/// one permute for 2 channels and two for 3, where the 16-byte shuffles need nine. Called by
/// <see cref="PlanarSimd"/> ahead of its 16-byte loops, which finish the remaining blocks.
/// </summary>
internal static class Permute512
{
    /// <summary>Whether these loops run: 512-bit vectors accelerated and AVX-512F present.</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    // Deinterleave: channel k of pixel i is element C*i + k of the block (0..31 across two vectors).
    private static readonly Vector512<int> Even = Indices(i => 2 * i);
    private static readonly Vector512<int> Odd = Indices(i => 2 * i + 1);

    // Three channels: first gather what lies in a and b (element < 32), then replace the rest from c.
    private static readonly Vector512<int> Take0 = Indices(i => 3 * i < 32 ? 3 * i : 0);
    private static readonly Vector512<int> Take1 = Indices(i => 3 * i + 1 < 32 ? 3 * i + 1 : 0);
    private static readonly Vector512<int> Take2 = Indices(i => 3 * i + 2 < 32 ? 3 * i + 2 : 0);
    private static readonly Vector512<int> Fill0 = Indices(i => 3 * i < 32 ? i : 16 + 3 * i - 32);
    private static readonly Vector512<int> Fill1 = Indices(i => 3 * i + 1 < 32 ? i : 16 + 3 * i + 1 - 32);
    private static readonly Vector512<int> Fill2 = Indices(i => 3 * i + 2 < 32 ? i : 16 + 3 * i + 2 - 32);

    // Interleave: output element g of vector j is pixel (16j + g) / C, channel (16j + g) % C.
    private static readonly Vector512<int> ZipLow = Indices(g => g % 2 == 0 ? g / 2 : 16 + g / 2);
    private static readonly Vector512<int> ZipHigh = Indices(g => g % 2 == 0 ? 8 + g / 2 : 16 + 8 + g / 2);

    // Three channels: channels 0 and 1 from (c0, c1) first, then channel 2 from c2.
    private static readonly Vector512<int> Pair0 = PairIndices(0);
    private static readonly Vector512<int> Pair1 = PairIndices(1);
    private static readonly Vector512<int> Pair2 = PairIndices(2);
    private static readonly Vector512<int> Third0 = ThirdIndices(0);
    private static readonly Vector512<int> Third1 = ThirdIndices(1);
    private static readonly Vector512<int> Third2 = ThirdIndices(2);

    /// <summary>Deinterleaves whole 16-pixel blocks of 2 or 3 channels; returns the pixels done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Deinterleave<TWiden>(ref byte source, ref float d0, ref float d1, ref float d2, int count, int channels)
        where TWiden : struct, IWidenToFloat
    {
        var done = count - count % 16;
        ref var s = ref Unsafe.As<byte, float>(ref source);
        if (channels == 2)
        {
            for (nint i = 0; i < done; i += 16)
            {
                var a = Vector512.LoadUnsafe(ref s, (nuint)(2 * i));
                var b = Vector512.LoadUnsafe(ref s, (nuint)(2 * i + 16));
                TWiden.Widen16(Avx512F.PermuteVar16x32x2(a, Even, b)).StoreUnsafe(ref d0, (nuint)i);
                TWiden.Widen16(Avx512F.PermuteVar16x32x2(a, Odd, b)).StoreUnsafe(ref d1, (nuint)i);
            }
        }
        else
        {
            for (nint i = 0; i < done; i += 16)
            {
                var a = Vector512.LoadUnsafe(ref s, (nuint)(3 * i));
                var b = Vector512.LoadUnsafe(ref s, (nuint)(3 * i + 16));
                var c = Vector512.LoadUnsafe(ref s, (nuint)(3 * i + 32));
                TWiden.Widen16(Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(a, Take0, b), Fill0, c)).StoreUnsafe(ref d0, (nuint)i);
                TWiden.Widen16(Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(a, Take1, b), Fill1, c)).StoreUnsafe(ref d1, (nuint)i);
                TWiden.Widen16(Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(a, Take2, b), Fill2, c)).StoreUnsafe(ref d2, (nuint)i);
            }
        }
        return done;
    }

    /// <summary>Interleaves whole 16-pixel blocks of 2 or 3 float planes into 4-byte elements; returns the pixels done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Interleave<TNarrow>(ref float s0, ref float s1, ref float s2, ref byte destination, int count, int channels)
        where TNarrow : struct, INarrowFromFloat
    {
        var done = count - count % 16;
        ref var d = ref Unsafe.As<byte, float>(ref destination);
        if (channels == 2)
        {
            for (nint i = 0; i < done; i += 16)
            {
                var c0 = TNarrow.Narrow16(Vector512.LoadUnsafe(ref s0, (nuint)i));
                var c1 = TNarrow.Narrow16(Vector512.LoadUnsafe(ref s1, (nuint)i));
                Avx512F.PermuteVar16x32x2(c0, ZipLow, c1).StoreUnsafe(ref d, (nuint)(2 * i));
                Avx512F.PermuteVar16x32x2(c0, ZipHigh, c1).StoreUnsafe(ref d, (nuint)(2 * i + 16));
            }
        }
        else
        {
            for (nint i = 0; i < done; i += 16)
            {
                var c0 = TNarrow.Narrow16(Vector512.LoadUnsafe(ref s0, (nuint)i));
                var c1 = TNarrow.Narrow16(Vector512.LoadUnsafe(ref s1, (nuint)i));
                var c2 = TNarrow.Narrow16(Vector512.LoadUnsafe(ref s2, (nuint)i));
                Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(c0, Pair0, c1), Third0, c2).StoreUnsafe(ref d, (nuint)(3 * i));
                Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(c0, Pair1, c1), Third1, c2).StoreUnsafe(ref d, (nuint)(3 * i + 16));
                Avx512F.PermuteVar16x32x2(Avx512F.PermuteVar16x32x2(c0, Pair2, c1), Third2, c2).StoreUnsafe(ref d, (nuint)(3 * i + 32));
            }
        }
        return done;
    }

    private static Vector512<int> Indices(Func<int, int> index)
    {
        Span<int> values = stackalloc int[16];
        for (var i = 0; i < 16; i++) values[i] = index(i);
        return Vector512.Create((ReadOnlySpan<int>)values);
    }

    // Output vector j, element g: interleaved element 16j + g is pixel p = (16j + g) / 3, channel (16j + g) % 3.
    private static Vector512<int> PairIndices(int j) => Indices(g =>
    {
        var e = 16 * j + g;
        return (e % 3) switch { 0 => e / 3, 1 => 16 + e / 3, _ => 0 };
    });

    private static Vector512<int> ThirdIndices(int j) => Indices(g =>
    {
        var e = 16 * j + g;
        return e % 3 == 2 ? 16 + e / 3 : g;
    });
}
