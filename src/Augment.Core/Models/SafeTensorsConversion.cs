using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment;

/// <summary>
/// Converts little-endian tensor bytes (F16, BF16, F32, F64) to float32. The scalar methods are the
/// reference the tests hold the fast ones to.
/// </summary>
internal static class SafeTensorsConversion
{
    /// <summary>Whether <paramref name="dtype"/> converts to float32.</summary>
    public static bool CanConvertToSingle(SafeTensorsDType dtype) =>
        dtype is SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.F32 or SafeTensorsDType.F64;

    /// <summary>Converts <paramref name="source"/> (whole elements) into the start of <paramref name="destination"/>.</summary>
    public static void ToSingle(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (!BitConverter.IsLittleEndian)
        {
            ToSingleScalar(dtype, source, destination);
            return;
        }
        switch (dtype)
        {
            case SafeTensorsDType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafeTensorsDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case SafeTensorsDType.BF16:
                BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(source), destination);
                break;
            default:
                ToSingleScalar(dtype, source, destination);
                break;
        }
    }

    /// <summary>Scalar reference: one element at a time through <see cref="BinaryPrimitives"/>.</summary>
    public static void ToSingleScalar(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case SafeTensorsDType.F32:
                for (var i = 0; i < source.Length / 4; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case SafeTensorsDType.F16:
                for (var i = 0; i < source.Length / 2; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                break;
            case SafeTensorsDType.BF16:
                for (var i = 0; i < source.Length / 2; i++)
                    destination[i] = BFloat16BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]));
                break;
            case SafeTensorsDType.F64:
                for (var i = 0; i < source.Length / 8; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Only F16, BF16, F32 and F64 convert to float32.");
        }
    }

    /// <summary>bfloat16 is the upper half of a float32, so widening is a 16-bit shift (exact, NaN payloads kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BFloat16BitsToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>SIMD bfloat16 to float32: widen 16-bit lanes to 32 and shift them into the upper half.</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        var n = (nuint)source.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector256<ushort>.Count <= n; i += (nuint)Vector256<ushort>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, i));
                Vector256.ShiftLeft(lower, 16).StoreUnsafe(ref dst, i);
                Vector256.ShiftLeft(upper, 16).StoreUnsafe(ref dst, i + (nuint)Vector256<uint>.Count);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector128<ushort>.Count <= n; i += (nuint)Vector128<ushort>.Count)
            {
                var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref src, i));
                Vector128.ShiftLeft(lower, 16).StoreUnsafe(ref dst, i);
                Vector128.ShiftLeft(upper, 16).StoreUnsafe(ref dst, i + (nuint)Vector128<uint>.Count);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dst, i) = (uint)Unsafe.Add(ref src, i) << 16;
    }
}
