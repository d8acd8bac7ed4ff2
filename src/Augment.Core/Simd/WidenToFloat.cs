using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment;

/// <summary>
/// The element-to-float conversions. Each is an exact integer-to-float conversion followed by one
/// multiplication by the same constant the scalar kernel uses, so results are bit-identical.
/// AVX-512 and AVX2 widen with <c>vpmovzx</c>/<c>vpmovsx</c>; other hardware uses the portable
/// <see cref="Vector128"/> widening (SSE4.1, AdvSimd).
/// </summary>
internal static class WidenToFloat
{
    /// <summary>0..255 to 0..1.</summary>
    internal readonly struct UnitByte : IWidenToFloat
    {
        public static int ElementSize => 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<byte> elements, ref float destination)
        {
            const float scale = PixelKernels.Inv255;
            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            {
                var f = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(elements));
                (f * Vector512.Create(scale)).StoreUnsafe(ref destination);
            }
            else if (Avx2.IsSupported)
            {
                var s = Vector256.Create(scale);
                var lo = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(elements));
                var hi = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(elements, 8)));
                (lo * s).StoreUnsafe(ref destination);
                (hi * s).StoreUnsafe(ref destination, 8);
            }
            else
            {
                var s = Vector128.Create(scale);
                var w0 = Vector128.WidenLower(elements);
                var w1 = Vector128.WidenUpper(elements);
                (Vector128.ConvertToSingle(Vector128.WidenLower(w0).AsInt32()) * s).StoreUnsafe(ref destination);
                (Vector128.ConvertToSingle(Vector128.WidenUpper(w0).AsInt32()) * s).StoreUnsafe(ref destination, 4);
                (Vector128.ConvertToSingle(Vector128.WidenLower(w1).AsInt32()) * s).StoreUnsafe(ref destination, 8);
                (Vector128.ConvertToSingle(Vector128.WidenUpper(w1).AsInt32()) * s).StoreUnsafe(ref destination, 12);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load4(ref byte source)
        {
            var v = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref source)).AsByte();
            var w = Vector128.WidenLower(Vector128.WidenLower(v)).AsInt32();
            return Vector128.ConvertToSingle(w) * PixelKernels.Inv255;
        }

        public static Vector512<float> Widen16(Vector512<float> bits) => throw new NotSupportedException("Only 4-byte elements take the 512-bit permute path.");
    }

    /// <summary>0..65535 to 0..1.</summary>
    internal readonly struct UnitUInt16 : IWidenToFloat
    {
        public static int ElementSize => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<byte> elements, ref float destination)
        {
            const float scale = PixelKernels.Inv65535;
            var u = elements.AsUInt16();
            if (Avx2.IsSupported)
            {
                (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(u)) * Vector256.Create(scale)).StoreUnsafe(ref destination);
            }
            else
            {
                var s = Vector128.Create(scale);
                (Vector128.ConvertToSingle(Vector128.WidenLower(u).AsInt32()) * s).StoreUnsafe(ref destination);
                (Vector128.ConvertToSingle(Vector128.WidenUpper(u).AsInt32()) * s).StoreUnsafe(ref destination, 4);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load4(ref byte source)
        {
            var v = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref source)).AsUInt16();
            return Vector128.ConvertToSingle(Vector128.WidenLower(v).AsInt32()) * PixelKernels.Inv65535;
        }

        public static Vector512<float> Widen16(Vector512<float> bits) => throw new NotSupportedException("Only 4-byte elements take the 512-bit permute path.");
    }

    /// <summary>-32768..32767 to -1..1 (divides by 32768).</summary>
    internal readonly struct Pcm16 : IWidenToFloat
    {
        public static int ElementSize => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<byte> elements, ref float destination)
        {
            const float scale = SampleKernels.Inv32768;
            var v = elements.AsInt16();
            if (Avx2.IsSupported)
            {
                (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(v)) * Vector256.Create(scale)).StoreUnsafe(ref destination);
            }
            else
            {
                var s = Vector128.Create(scale);
                (Vector128.ConvertToSingle(Vector128.WidenLower(v)) * s).StoreUnsafe(ref destination);
                (Vector128.ConvertToSingle(Vector128.WidenUpper(v)) * s).StoreUnsafe(ref destination, 4);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load4(ref byte source)
        {
            var v = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref source)).AsInt16();
            return Vector128.ConvertToSingle(Vector128.WidenLower(v)) * SampleKernels.Inv32768;
        }

        public static Vector512<float> Widen16(Vector512<float> bits) => throw new NotSupportedException("Only 4-byte elements take the 512-bit permute path.");
    }

    /// <summary>32-bit PCM to -1..1 (divides by 2^31; the int-to-float step rounds to nearest even, as the scalar cast does).</summary>
    internal readonly struct Pcm32 : IWidenToFloat
    {
        public static int ElementSize => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<byte> elements, ref float destination) =>
            (Vector128.ConvertToSingle(elements.AsInt32()) * SampleKernels.Inv2Pow31).StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load4(ref byte source) =>
            Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref source).AsInt32()) * SampleKernels.Inv2Pow31;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Widen16(Vector512<float> bits) =>
            Vector512.ConvertToSingle(bits.AsInt32()) * SampleKernels.Inv2Pow31;
    }

    /// <summary>Floats copied bit for bit.</summary>
    internal readonly struct Float : IWidenToFloat
    {
        public static int ElementSize => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<byte> elements, ref float destination) =>
            elements.AsSingle().StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load4(ref byte source) => Vector128.LoadUnsafe(ref source).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Widen16(Vector512<float> bits) => bits;
    }
}
