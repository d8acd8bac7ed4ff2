namespace Augment.Vision;

/// <summary>Row kernels of <see cref="HdrMapping"/>: scalar, double precision per pixel, in place on planar rows.</summary>
internal static class HdrKernels
{
    private static readonly ColorMatrix3x3 Rec2020ToRec709 = ColorPrimaries.RgbToRgb(RgbPrimaries.Rec2020, RgbPrimaries.Rec709);
    private static readonly ColorMatrix3x3 Rec709ToRec2020 = ColorPrimaries.RgbToRgb(RgbPrimaries.Rec709, RgbPrimaries.Rec2020);

    /// <summary>
    /// HDR→SDR on one row: input linear Rec.2020 with 1.0 = <see cref="HdrReference.SdrWhiteNits"/>, output
    /// encoded per <see cref="HdrToSdrOptions.Output"/> (Rec.709 primaries), clipped to 0..1.
    /// </summary>
    internal static void ToSdrRow(in Bt2390Eetf eetf, HdrToSdrOptions options, Span<float> red, Span<float> green, Span<float> blue)
    {
        var m = Rec2020ToRec709;
        var rhoHdr = Bt2446MethodA.Rho(options.SourceMaxNits);
        var rhoSdr = Bt2446MethodA.Rho(100.0);
        for (var i = 0; i < red.Length; i++)
        {
            double r = red[i] * HdrReference.SdrWhiteNits, g = green[i] * HdrReference.SdrWhiteNits, b = blue[i] * HdrReference.SdrWhiteNits;
            if (options.Method == HdrToSdrMethod.Bt2390Eetf)
            {
                // Rec.2020 → Rec.709 first, then the EETF on max(R, G, B) with one gain for all three
                // channels: RGB ratios (hue, saturation) are kept and no in-gamut channel passes the
                // target peak. (BT.2390 allows per-channel or ICtCp-I application; per-channel shifts hues.)
                (r, g, b) = m.Transform(r, g, b);
                var peak = Math.Max(r, Math.Max(g, b));
                var gain = peak > 0.0 ? eetf.MapNits(peak) / peak / options.TargetMaxNits : 0.0;
                r *= gain;
                g *= gain;
                b *= gain;
            }
            else
            {
                var scale = 1.0 / options.SourceMaxNits;
                var (rp, gp, bp) = Bt2446MethodA.Forward(r * scale, g * scale, b * scale, rhoHdr, rhoSdr);
                (r, g, b) = m.Transform(
                    TransferKernels.Bt1886ToLinear(Math.Max(rp, 0.0)),
                    TransferKernels.Bt1886ToLinear(Math.Max(gp, 0.0)),
                    TransferKernels.Bt1886ToLinear(Math.Max(bp, 0.0)));
            }

            // Hard clip to the SDR cube: out-of-Rec.709-gamut colours clip per channel.
            red[i] = (float)Encode(options.Output, Math.Clamp(r, 0.0, 1.0));
            green[i] = (float)Encode(options.Output, Math.Clamp(g, 0.0, 1.0));
            blue[i] = (float)Encode(options.Output, Math.Clamp(b, 0.0, 1.0));
        }
    }

    /// <summary>
    /// SDR→HDR on one row: input linear Rec.709 (1.0 = SDR white), output linear Rec.2020 with
    /// 1.0 = <see cref="HdrReference.SdrWhiteNits"/> (the frame is then encoded to PQ or HLG).
    /// </summary>
    internal static void ToHdrRow(double peakNits, Span<float> red, Span<float> green, Span<float> blue)
    {
        var m = Rec709ToRec2020;
        var scale = peakNits / HdrReference.SdrWhiteNits;
        for (var i = 0; i < red.Length; i++)
        {
            var (r, g, b) = m.Transform(red[i], green[i], blue[i]);
            // Method A takes Rec.2020 R'G'B' with a 1/2.4 power (BT.1886 display).
            var (rh, gh, bh) = Bt2446MethodA.Inverse(
                TransferKernels.Bt1886FromLinear(Math.Clamp(r, 0.0, 1.0)),
                TransferKernels.Bt1886FromLinear(Math.Clamp(g, 0.0, 1.0)),
                TransferKernels.Bt1886FromLinear(Math.Clamp(b, 0.0, 1.0)));
            red[i] = (float)(rh * scale);
            green[i] = (float)(gh * scale);
            blue[i] = (float)(bh * scale);
        }
    }

    /// <summary>Clamps a row to 0..1 so that the values fit 16-bit integer images; NaN becomes 0.</summary>
    internal static void ClampUnit(Span<float> row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            // The HLG inverse OOTF computes 0·0^(−1/6) for black pixels, which is NaN: black is 0.
            var v = row[i];
            row[i] = v > 0f ? Math.Min(v, 1f) : 0f;
        }
    }

    private static double Encode(ColorSpace output, double linear) => output switch
    {
        ColorSpace.Srgb => TransferKernels.SrgbFromLinear(linear),
        ColorSpace.Rec709 => TransferKernels.Bt1886FromLinear(linear),
        _ => linear,
    };
}
