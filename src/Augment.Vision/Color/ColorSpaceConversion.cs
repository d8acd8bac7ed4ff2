using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Vision;

/// <summary>
/// Converts rows of R, G, B planes between <see cref="ColorSpace"/>s in place:
/// decode (transfer) → HLG OOTF → one 3x3 matrix (primaries and luminance scale) → inverse HLG OOTF → encode.
/// Each space is linear in a unit of its own (SDR: 1 = 203 cd/m²; PQ: 1 = 10000 cd/m²; HLG display
/// light: 1 = 1000 cd/m²), and the matrix carries the ratio of the units.
/// </summary>
internal sealed class ColorSpaceConversion
{
    // BT.2100 luminance weights of Rec.2020 primaries, used by the HLG OOTF.
    private const float LumaR = 0.2627f;
    private const float LumaG = 0.6780f;
    private const float LumaB = 0.0593f;

    private readonly TransferFunction? _decode;
    private readonly TransferFunction? _encode;
    private readonly bool _sourceHlg;
    private readonly bool _targetHlg;
    private readonly ColorMatrix3x3 _matrix;
    private readonly bool _matrixIsIdentity;

    internal ColorSpaceConversion(ColorSpace source, ColorSpace target)
    {
        var (decode, sourcePrimaries, sourceUnitNits) = Describe(source, nameof(source));
        var (encode, targetPrimaries, targetUnitNits) = Describe(target, nameof(target));
        _decode = decode;
        _encode = encode;
        _sourceHlg = source == ColorSpace.Rec2020Hlg;
        _targetHlg = target == ColorSpace.Rec2020Hlg;
        _matrix = ColorPrimaries.RgbToRgb(sourcePrimaries, targetPrimaries).Scale(sourceUnitNits / targetUnitNits);
        _matrixIsIdentity = _matrix == ColorMatrix3x3.Identity;
    }

    internal bool NeedsScratch => _sourceHlg || _targetHlg;

    /// <summary>Transfer, primaries and the luminance of linear 1.0 for a colour space.</summary>
    internal static (TransferFunction? Transfer, RgbPrimaries Primaries, double UnitNits) Describe(ColorSpace space, string parameter) => space switch
    {
        ColorSpace.Srgb => (TransferFunction.Srgb, RgbPrimaries.Rec709, HdrReference.SdrWhiteNits),
        ColorSpace.LinearSrgb => (null, RgbPrimaries.Rec709, HdrReference.SdrWhiteNits),
        ColorSpace.Rec709 => (TransferFunction.Bt1886, RgbPrimaries.Rec709, HdrReference.SdrWhiteNits),
        ColorSpace.LinearRec2020 => (null, RgbPrimaries.Rec2020, HdrReference.SdrWhiteNits),
        ColorSpace.Rec2020Pq => (TransferFunction.Pq, RgbPrimaries.Rec2020, HdrReference.PqPeakNits),
        ColorSpace.Rec2020Hlg => (TransferFunction.Hlg, RgbPrimaries.Rec2020, HdrReference.HlgPeakNits),
        _ => throw new ArgumentException($"Colour space {space} has no defined colorimetry; tag the frame before converting.", parameter),
    };

    /// <summary>Converts one row of each colour plane in place. <paramref name="scratch"/> holds a row when <see cref="NeedsScratch"/>.</summary>
    internal void ConvertRow(Span<float> r, Span<float> g, Span<float> b, Span<float> scratch)
    {
        if (_decode is { } decode)
        {
            TransferKernels.ToLinear(decode, r, r);
            TransferKernels.ToLinear(decode, g, g);
            TransferKernels.ToLinear(decode, b, b);
        }

        // BT.2100 HLG OOTF, normalised to the nominal peak: Fd/Lw = Ys^(γ-1) · E.
        if (_sourceHlg)
            ApplyLuminanceGain(r, g, b, scratch, HdrReference.HlgSystemGamma - 1.0);

        if (!_matrixIsIdentity)
            ApplyMatrix(_matrix, r, g, b);

        // Inverse OOTF: E = F · Yd^((1-γ)/γ) with F and Yd relative to the nominal peak.
        if (_targetHlg)
            ApplyLuminanceGain(r, g, b, scratch, (1.0 - HdrReference.HlgSystemGamma) / HdrReference.HlgSystemGamma);

        if (_encode is { } encode)
        {
            TransferKernels.FromLinear(encode, r, r);
            TransferKernels.FromLinear(encode, g, g);
            TransferKernels.FromLinear(encode, b, b);
        }
    }

    /// <summary>Multiplies each pixel by Y^exponent, Y its Rec.2020 luminance clamped at 0 (gain 0 at Y = 0, also for negative exponents).</summary>
    private static void ApplyLuminanceGain(Span<float> r, Span<float> g, Span<float> b, Span<float> scratch, double exponent)
    {
        var gain = scratch[..r.Length];
        for (var i = 0; i < gain.Length; i++)
            gain[i] = MathF.Max(LumaR * r[i] + LumaG * g[i] + LumaB * b[i], 0f);
        TransferKernels.Pow(gain, exponent, gain);
        for (var i = 0; i < gain.Length; i++)
        {
            // A negative exponent (inverse OOTF) gives 0^e = inf at black; the pixel is black either way.
            var k = float.IsFinite(gain[i]) ? gain[i] : 0f;
            r[i] *= k;
            g[i] *= k;
            b[i] *= k;
        }
    }

    /// <summary>Reference and fast path in one: eight pixels per step with Vector256, scalar tail.</summary>
    internal static void ApplyMatrix(ColorMatrix3x3 m, Span<float> r, Span<float> g, Span<float> b)
    {
        float m11 = (float)m.M11, m12 = (float)m.M12, m13 = (float)m.M13;
        float m21 = (float)m.M21, m22 = (float)m.M22, m23 = (float)m.M23;
        float m31 = (float)m.M31, m32 = (float)m.M32, m33 = (float)m.M33;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rr = ref MemoryMarshal.GetReference(r);
            ref var gg = ref MemoryMarshal.GetReference(g);
            ref var bb = ref MemoryMarshal.GetReference(b);
            for (; i <= r.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref rr, (nuint)i);
                var y = Vector256.LoadUnsafe(ref gg, (nuint)i);
                var z = Vector256.LoadUnsafe(ref bb, (nuint)i);
                (x * m11 + y * m12 + z * m13).StoreUnsafe(ref rr, (nuint)i);
                (x * m21 + y * m22 + z * m23).StoreUnsafe(ref gg, (nuint)i);
                (x * m31 + y * m32 + z * m33).StoreUnsafe(ref bb, (nuint)i);
            }
        }

        for (; i < r.Length; i++)
        {
            float x = r[i], y = g[i], z = b[i];
            r[i] = x * m11 + y * m12 + z * m13;
            g[i] = x * m21 + y * m22 + z * m23;
            b[i] = x * m31 + y * m32 + z * m33;
        }
    }

    /// <summary>Converts the colour planes of <paramref name="frame"/> in place, parallel over bands of rows within its budget.</summary>
    internal void ConvertFrame(ImageFrame frame, CancellationToken cancellationToken)
    {
        var width = frame.Width;
        if (NeedsScratch)
            frame.Budget.EnsureAllocation((long)Math.Min(frame.Height, frame.Budget.MaxThreads) * width * sizeof(float), "Colour conversion scratch rows");

        RowBands.Run(frame, (first, end) =>
        {
            var rented = NeedsScratch ? ArrayPool<float>.Shared.Rent(width) : null;
            try
            {
                var scratch = rented is null ? Span<float>.Empty : rented.AsSpan(0, width);
                for (var y = first; y < end; y++)
                    ConvertRow(frame.Row(0, y), frame.Row(1, y), frame.Row(2, y), scratch);
            }
            finally
            {
                if (rented is not null)
                    ArrayPool<float>.Shared.Return(rented);
            }
        }, cancellationToken);
    }
}
