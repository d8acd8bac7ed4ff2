using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment;

/// <summary>
/// The float-to-element conversions, each the vector form of a scalar rule in
/// <see cref="PixelKernels"/> or <see cref="SampleKernels"/>, with the same operations in the same
/// order (no fused multiply-add) so that results are bit-identical.
/// NaN is removed with a mask before any min/max: the <c>*Native</c> min/max follow the hardware
/// (x64 <c>minps</c> returns its second operand for NaN, ARM returns NaN), so they only ever see numbers.
/// </summary>
internal static class NarrowFromFloat
{
    /// <summary>0..1 to 0..255: clamp, scale, add 0.5, truncate; NaN and negatives give 0.</summary>
    internal readonly struct UnitByte : INarrowFromFloat
    {
        public static int ElementSize => 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref float source)
        {
            const float scale = 255f;
            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            {
                var i = Avx512F.ConvertToVector512Int32WithTruncation(Unit(Vector512.LoadUnsafe(ref source), scale));
                return Avx512F.ConvertToVector128Byte(i); // vpmovdb keeps the low byte; values are 0..255
            }
            if (Avx2.IsSupported)
            {
                var i0 = Avx.ConvertToVector256Int32WithTruncation(Unit(Vector256.LoadUnsafe(ref source), scale));
                var i1 = Avx.ConvertToVector256Int32WithTruncation(Unit(Vector256.LoadUnsafe(ref source, 8), scale));
                var s0 = Sse2.PackSignedSaturate(i0.GetLower(), i0.GetUpper());
                var s1 = Sse2.PackSignedSaturate(i1.GetLower(), i1.GetUpper());
                return Sse2.PackUnsignedSaturate(s0, s1);
            }
            var a = Vector128.ConvertToInt32Native(Unit(Vector128.LoadUnsafe(ref source), scale));
            var b = Vector128.ConvertToInt32Native(Unit(Vector128.LoadUnsafe(ref source, 4), scale));
            var c = Vector128.ConvertToInt32Native(Unit(Vector128.LoadUnsafe(ref source, 8), scale));
            var d = Vector128.ConvertToInt32Native(Unit(Vector128.LoadUnsafe(ref source, 12), scale));
            return Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).AsByte();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store4(Vector128<float> samples, ref byte destination)
        {
            var i = Vector128.ConvertToInt32Native(Unit(samples, 255f));
            var bytes = Vector128.Narrow(Vector128.Narrow(i, i), Vector128<short>.Zero).AsUInt32();
            Unsafe.WriteUnaligned(ref destination, bytes.ToScalar());
        }

        public static Vector512<float> Narrow16(Vector512<float> samples) => throw new NotSupportedException("Only 4-byte elements take the 512-bit permute path.");
    }

    /// <summary>0..1 to 0..65535: clamp, scale, add 0.5, truncate; NaN and negatives give 0.</summary>
    internal readonly struct UnitUInt16 : INarrowFromFloat
    {
        public static int ElementSize => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref float source)
        {
            const float scale = 65535f;
            if (Avx2.IsSupported)
            {
                var i = Avx.ConvertToVector256Int32WithTruncation(Unit(Vector256.LoadUnsafe(ref source), scale));
                return Sse41.PackUnsignedSaturate(i.GetLower(), i.GetUpper()).AsByte();
            }
            var a = Vector128.ConvertToInt32Native(Unit(Vector128.LoadUnsafe(ref source), scale));
            var b = Vector128.ConvertToInt32Native(Unit(Vector128.LoadUnsafe(ref source, 4), scale));
            return Vector128.Narrow(a.AsUInt32(), b.AsUInt32()).AsByte();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store4(Vector128<float> samples, ref byte destination)
        {
            var i = Vector128.ConvertToInt32Native(Unit(samples, 65535f)).AsUInt32();
            Unsafe.WriteUnaligned(ref destination, Vector128.Narrow(i, i).AsUInt64().ToScalar());
        }

        public static Vector512<float> Narrow16(Vector512<float> samples) => throw new NotSupportedException("Only 4-byte elements take the 512-bit permute path.");
    }

    /// <summary>-1..1 to 16-bit PCM: scale by 32768, round half away from zero, clamp; NaN gives 0.</summary>
    internal readonly struct Pcm16 : INarrowFromFloat
    {
        public static int ElementSize => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref float source)
        {
            if (Avx2.IsSupported)
            {
                var x = Vector256.LoadUnsafe(ref source) * 32768f;
                x &= Vector256.Equals(x, x);
                x = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-32768f)), Vector256.Create(32767f));
                var i = Avx.ConvertToVector256Int32WithTruncation(x + ((x & Vector256.Create(-0f)) | Vector256.Create(JustBelowHalf)));
                return Sse2.PackSignedSaturate(i.GetLower(), i.GetUpper()).AsByte();
            }
            var a = RoundToInt16Range(Vector128.LoadUnsafe(ref source));
            var b = RoundToInt16Range(Vector128.LoadUnsafe(ref source, 4));
            return Vector128.Narrow(a, b).AsByte(); // values already lie in -32768..32767
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store4(Vector128<float> samples, ref byte destination)
        {
            var i = RoundToInt16Range(samples);
            Unsafe.WriteUnaligned(ref destination, Vector128.Narrow(i, i).AsUInt64().ToScalar());
        }

        // 0.5 less one ulp. trunc(x + copysign(JustBelowHalf, x)) rounds half away from zero exactly
        // (as MathF.Round does): with 0.5 itself, 0.49999997 + 0.5 would round up to 1 before truncation.
        private const float JustBelowHalf = 0.49999997f;

        // Clamping before rounding equals the scalar's rounding before clamping: the bounds are
        // integers and rounding is monotonic. NaN is masked to 0 first, so the min/max see numbers only.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> RoundToInt16Range(Vector128<float> v)
        {
            var x = v * 32768f;
            x &= Vector128.Equals(x, x);
            x = Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(-32768f)), Vector128.Create(32767f));
            var rounded = x + ((x & Vector128.Create(-0f)) | Vector128.Create(JustBelowHalf));
            return Vector128.ConvertToInt32Native(rounded); // truncates toward zero, like cvttps2dq
        }

        public static Vector512<float> Narrow16(Vector512<float> samples) => throw new NotSupportedException("Only 4-byte elements take the 512-bit permute path.");
    }

    /// <summary>Floats copied bit for bit.</summary>
    internal readonly struct Float : INarrowFromFloat
    {
        public static int ElementSize => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref float source) => Vector128.LoadUnsafe(ref source).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store4(Vector128<float> samples, ref byte destination) =>
            samples.StoreUnsafe(ref Unsafe.As<byte, float>(ref destination));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Narrow16(Vector512<float> samples) => samples;
    }

    // The scalar ToByte/ToUInt16 rule before truncation: v >= 0 ? min(v, 1) * scale + 0.5 : 0 + 0.5.
    // The mask zeroes NaN and negatives (a NaN compares false), so MinNative never sees a NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Unit(Vector512<float> v, float scale) =>
        Vector512.MinNative(v & Vector512.GreaterThanOrEqual(v, Vector512<float>.Zero), Vector512<float>.One) * scale + Vector512.Create(0.5f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Unit(Vector256<float> v, float scale) =>
        Vector256.MinNative(v & Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero), Vector256<float>.One) * scale + Vector256.Create(0.5f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Unit(Vector128<float> v, float scale) =>
        Vector128.MinNative(v & Vector128.GreaterThanOrEqual(v, Vector128<float>.Zero), Vector128<float>.One) * scale + Vector128.Create(0.5f);
}
