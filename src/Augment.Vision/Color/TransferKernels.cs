using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Vision;

/// <summary>
/// Transfer-function kernels: a double-precision scalar reference per curve and a SIMD span kernel
/// that widens eight floats to two <see cref="Vector256{T}"/> of doubles, evaluates the same formula
/// with <see cref="Vector256.Log(Vector256{double})"/> / <see cref="Vector256.Exp(Vector256{double})"/>
/// (pow = exp(y ln x)) and narrows back. Computing in double keeps the vector result within a float
/// ulp or two of the scalar reference even for PQ's exponent of 78.84.
/// </summary>
internal static class TransferKernels
{
    // IEC 61966-2-1 sRGB.
    internal const double SrgbEncodedKnee = 0.04045;
    internal const double SrgbLinearKnee = 0.0031308;

    // SMPTE ST 2084 constants, exactly as the standard writes them.
    internal const double PqM1 = 2610.0 / 16384.0;
    internal const double PqM2 = 2523.0 / 4096.0 * 128.0;
    internal const double PqC1 = 3424.0 / 4096.0;
    internal const double PqC2 = 2413.0 / 4096.0 * 32.0;
    internal const double PqC3 = 2392.0 / 4096.0 * 32.0;

    // ITU-R BT.2100 HLG constants; c = 0.5 - a ln(4a).
    internal const double HlgA = 0.17883277;
    internal const double HlgB = 1.0 - 4.0 * HlgA;
    internal static readonly double HlgC = 0.5 - HlgA * Math.Log(4.0 * HlgA);

    // ---- scalar references -------------------------------------------------------------------

    internal static double SrgbToLinear(double v)
    {
        var a = Math.Abs(v);
        var l = a <= SrgbEncodedKnee ? a / 12.92 : Math.Pow((a + 0.055) / 1.055, 2.4);
        return Math.CopySign(l, v);
    }

    internal static double SrgbFromLinear(double l)
    {
        var a = Math.Abs(l);
        var v = a <= SrgbLinearKnee ? a * 12.92 : 1.055 * Math.Pow(a, 1.0 / 2.4) - 0.055;
        return Math.CopySign(v, l);
    }

    internal static double Bt1886ToLinear(double v) => Math.CopySign(Math.Pow(Math.Abs(v), 2.4), v);

    internal static double Bt1886FromLinear(double l) => Math.CopySign(Math.Pow(Math.Abs(l), 1.0 / 2.4), l);

    /// <summary>ST 2084 EOTF: signal 0..1 to luminance / 10000 cd/m².</summary>
    internal static double PqEotf(double e)
    {
        e = Math.Clamp(e, 0.0, 1.0);
        var p = Math.Pow(e, 1.0 / PqM2);
        return Math.Pow(Math.Max(p - PqC1, 0.0) / (PqC2 - PqC3 * p), 1.0 / PqM1);
    }

    /// <summary>ST 2084 inverse EOTF: luminance / 10000 cd/m² to signal 0..1.</summary>
    internal static double PqInverseEotf(double y)
    {
        y = Math.Clamp(y, 0.0, 1.0);
        var p = Math.Pow(y, PqM1);
        return Math.Pow((PqC1 + PqC2 * p) / (1.0 + PqC3 * p), PqM2);
    }

    /// <summary>BT.2100 HLG OETF: scene light E (0..1) to signal E'.</summary>
    internal static double HlgOetf(double e)
    {
        e = Math.Max(e, 0.0);
        return e <= 1.0 / 12.0 ? Math.Sqrt(3.0 * e) : HlgA * Math.Log(12.0 * e - HlgB) + HlgC;
    }

    /// <summary>BT.2100 HLG inverse OETF: signal E' to scene light E.</summary>
    internal static double HlgInverseOetf(double v)
    {
        v = Math.Max(v, 0.0);
        return v <= 0.5 ? v * v / 3.0 : (Math.Exp((v - HlgC) / HlgA) + HlgB) / 12.0;
    }

    // ---- span dispatch --------------------------------------------------------------------------

    internal static void ToLinear(TransferFunction function, ReadOnlySpan<float> source, Span<float> destination)
    {
        switch (function)
        {
            case TransferFunction.Srgb: Apply(default(SrgbToLinearOp), source, destination); break;
            case TransferFunction.Bt1886: Apply(new SignedPowOp(2.4), source, destination); break;
            case TransferFunction.Pq: Apply(default(PqEotfOp), source, destination); break;
            case TransferFunction.Hlg: Apply(default(HlgInverseOetfOp), source, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown transfer function.");
        }
    }

    internal static void FromLinear(TransferFunction function, ReadOnlySpan<float> source, Span<float> destination)
    {
        switch (function)
        {
            case TransferFunction.Srgb: Apply(default(SrgbFromLinearOp), source, destination); break;
            case TransferFunction.Bt1886: Apply(new SignedPowOp(1.0 / 2.4), source, destination); break;
            case TransferFunction.Pq: Apply(default(PqInverseEotfOp), source, destination); break;
            case TransferFunction.Hlg: Apply(default(HlgOetfOp), source, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown transfer function.");
        }
    }

    /// <summary>The scalar reference over a span (the test oracle for the SIMD kernels).</summary>
    internal static void ToLinearReference(TransferFunction function, ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = (float)TransferFunctions.ToLinear(function, source[i]);
    }

    /// <summary>The scalar reference over a span (the test oracle for the SIMD kernels).</summary>
    internal static void FromLinearReference(TransferFunction function, ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = (float)TransferFunctions.FromLinear(function, source[i]);
    }

    /// <summary>x^y for x ≥ 0 on a span (used by the HLG OOTF), SIMD.</summary>
    internal static void Pow(ReadOnlySpan<float> source, double exponent, Span<float> destination) =>
        Apply(new SignedPowOp(exponent), source, destination);

    /// <summary>Applies <paramref name="function"/> element-wise; source and destination may be the same span.</summary>
    internal static void Apply<TFunction>(TFunction function, ReadOnlySpan<float> source, Span<float> destination)
        where TFunction : struct, IDoubleFunction
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("Destination is shorter than source.", nameof(destination));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            var last = source.Length - Vector256<float>.Count;
            for (; i <= last; i += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                Vector256.Narrow(function.Vector(lower), function.Vector(upper)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
            destination[i] = (float)function.Scalar(source[i]);
    }

    // ---- vector helpers -------------------------------------------------------------------------

    /// <summary>x^y for x ≥ 0 (0 at x = 0), as exp(y ln x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PowNonNegative(Vector256<double> x, double y)
    {
        var result = Vector256.Exp(Vector256.Log(x) * y);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), result, Vector256<double>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> WithSignOf(Vector256<double> magnitude, Vector256<double> sign) =>
        magnitude | (sign & Vector256.Create(-0.0));

    private readonly struct SrgbToLinearOp : IDoubleFunction
    {
        public double Scalar(double x) => SrgbToLinear(x);

        public Vector256<double> Vector(Vector256<double> x)
        {
            var a = Vector256.Abs(x);
            var linear = a / 12.92;
            var power = PowNonNegative((a + Vector256.Create(0.055)) / 1.055, 2.4);
            var l = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a, Vector256.Create(SrgbEncodedKnee)), linear, power);
            return WithSignOf(l, x);
        }
    }

    private readonly struct SrgbFromLinearOp : IDoubleFunction
    {
        public double Scalar(double x) => SrgbFromLinear(x);

        public Vector256<double> Vector(Vector256<double> x)
        {
            var a = Vector256.Abs(x);
            var linear = a * 12.92;
            var power = PowNonNegative(a, 1.0 / 2.4) * 1.055 - Vector256.Create(0.055);
            var v = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a, Vector256.Create(SrgbLinearKnee)), linear, power);
            return WithSignOf(v, x);
        }
    }

    /// <summary>sign(x) |x|^y; BT.1886 with exponent 2.4 or 1/2.4.</summary>
    private readonly struct SignedPowOp(double exponent) : IDoubleFunction
    {
        public double Scalar(double x) => Math.CopySign(Math.Pow(Math.Abs(x), exponent), x);

        public Vector256<double> Vector(Vector256<double> x) => WithSignOf(PowNonNegative(Vector256.Abs(x), exponent), x);
    }

    private readonly struct PqEotfOp : IDoubleFunction
    {
        public double Scalar(double x) => PqEotf(x);

        public Vector256<double> Vector(Vector256<double> x)
        {
            var e = Vector256.Min(Vector256.Max(x, Vector256<double>.Zero), Vector256<double>.One);
            var p = PowNonNegative(e, 1.0 / PqM2);
            var ratio = Vector256.Max(p - Vector256.Create(PqC1), Vector256<double>.Zero) / (Vector256.Create(PqC2) - p * PqC3);
            return PowNonNegative(ratio, 1.0 / PqM1);
        }
    }

    private readonly struct PqInverseEotfOp : IDoubleFunction
    {
        public double Scalar(double x) => PqInverseEotf(x);

        public Vector256<double> Vector(Vector256<double> x)
        {
            var y = Vector256.Min(Vector256.Max(x, Vector256<double>.Zero), Vector256<double>.One);
            var p = PowNonNegative(y, PqM1);
            // The base is ≥ c1 > 0, so the plain exp/log form is safe here.
            var ratio = (Vector256.Create(PqC1) + p * PqC2) / (Vector256<double>.One + p * PqC3);
            return Vector256.Exp(Vector256.Log(ratio) * PqM2);
        }
    }

    private readonly struct HlgOetfOp : IDoubleFunction
    {
        public double Scalar(double x) => HlgOetf(x);

        public Vector256<double> Vector(Vector256<double> x)
        {
            var e = Vector256.Max(x, Vector256<double>.Zero);
            var low = Vector256.Sqrt(e * 3.0);
            // Below the knee 12e - b can be ≤ 0; clamp it so the unused lane never holds NaN.
            var argument = Vector256.Max(e * 12.0 - Vector256.Create(HlgB), Vector256.Create(double.Epsilon));
            var high = Vector256.Log(argument) * HlgA + Vector256.Create(HlgC);
            return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(e, Vector256.Create(1.0 / 12.0)), low, high);
        }
    }

    private readonly struct HlgInverseOetfOp : IDoubleFunction
    {
        public double Scalar(double x) => HlgInverseOetf(x);

        public Vector256<double> Vector(Vector256<double> x)
        {
            var v = Vector256.Max(x, Vector256<double>.Zero);
            var low = v * v / 3.0;
            var high = (Vector256.Exp((v - Vector256.Create(HlgC)) / HlgA) + Vector256.Create(HlgB)) / 12.0;
            return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256.Create(0.5)), low, high);
        }
    }
}
