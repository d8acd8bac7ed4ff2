using System.Numerics;

namespace Augment.Vision;

/// <summary>
/// BT.709 limited-range ("TV") conversion between planar RGB floats and YUV planes of 8 to 16 bits,
/// with 2x2 chroma averaging and centre-sited bilinear upsampling for 4:2:0. Matrix from ITU-R
/// BT.709-6 items 3.2-3.3 (Kr = 0.2126, Kb = 0.0722); quantisation from item 3.4: at N bits
/// Y = (16 + 219 E'y) x 2^(N-8), C = (128 + 224 E'c) x 2^(N-8), which is what ffmpeg's
/// yuv4xxp10le formats hold (Y 64..940, Cb/Cr 64..960 at 10 bits).
/// </summary>
internal static class YuvKernels
{
    private const float Kr = 0.2126f;
    private const float Kb = 0.0722f;
    private const float Kg = 1f - Kr - Kb;

    /// <summary>RGB (0..1, non-linear) to 8-bit Y, Cb, Cr planes. Chroma planes are (w+1)/2 x (h+1)/2 when <paramref name="subsample"/>.</summary>
    public static void RgbToYuv(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, int width, int height, bool subsample,
        Span<byte> y, Span<byte> u, Span<byte> v) =>
        RgbToYuv(r, g, b, width, height, subsample, y, u, v, bits: 8);

    /// <summary>8-bit Y, Cb, Cr planes to RGB floats (not clamped: out-of-gamut codes give values outside 0..1).</summary>
    public static void YuvToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> u, ReadOnlySpan<byte> v, int width, int height, bool subsampled,
        Span<float> r, Span<float> g, Span<float> b) =>
        YuvToRgb(y, u, v, width, height, subsampled, r, g, b, bits: 8);

    /// <summary>RGB (0..1, non-linear) to <paramref name="bits"/>-bit Y, Cb, Cr planes (samples in the low bits).</summary>
    public static void RgbToYuv<T>(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, int width, int height, bool subsample,
        Span<T> y, Span<T> u, Span<T> v, int bits)
        where T : unmanaged, IBinaryInteger<T>
    {
        var scale = (float)(1 << (bits - 8));
        var max = (float)((1 << bits) - 1);
        var lumaScale = 219f * scale;
        var chromaScale = 224f * scale;
        var lumaOffset = 16f * scale;
        var chromaOffset = 128f * scale;
        for (var i = 0; i < width * height; i++)
            y[i] = Quantize<T>(lumaOffset + lumaScale * Luma(r[i], g[i], b[i]), max);
        if (!subsample)
        {
            for (var i = 0; i < width * height; i++)
            {
                var luma = Luma(r[i], g[i], b[i]);
                u[i] = Quantize<T>(chromaOffset + chromaScale * (b[i] - luma) / (2f * (1f - Kb)), max);
                v[i] = Quantize<T>(chromaOffset + chromaScale * (r[i] - luma) / (2f * (1f - Kr)), max);
            }
            return;
        }
        var chromaWidth = (width + 1) / 2;
        var chromaHeight = (height + 1) / 2;
        for (var cy = 0; cy < chromaHeight; cy++)
        {
            for (var cx = 0; cx < chromaWidth; cx++)
            {
                // Average the (up to) four colour-difference values the chroma sample covers.
                float cb = 0, cr = 0;
                var n = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    var yy = 2 * cy + dy;
                    if (yy >= height)
                        continue;
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var xx = 2 * cx + dx;
                        if (xx >= width)
                            continue;
                        var i = yy * width + xx;
                        var luma = Luma(r[i], g[i], b[i]);
                        cb += (b[i] - luma) / (2f * (1f - Kb));
                        cr += (r[i] - luma) / (2f * (1f - Kr));
                        n++;
                    }
                }
                u[cy * chromaWidth + cx] = Quantize<T>(chromaOffset + chromaScale * cb / n, max);
                v[cy * chromaWidth + cx] = Quantize<T>(chromaOffset + chromaScale * cr / n, max);
            }
        }
    }

    /// <summary><paramref name="bits"/>-bit Y, Cb, Cr planes to RGB floats (not clamped).</summary>
    public static void YuvToRgb<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> u, ReadOnlySpan<T> v, int width, int height, bool subsampled,
        Span<float> r, Span<float> g, Span<float> b, int bits)
        where T : unmanaged, IBinaryInteger<T>
    {
        var scale = (float)(1 << (bits - 8));
        var lumaOffset = 16f * scale;
        var chromaOffset = 128f * scale;
        var lumaRange = 219f * scale;
        var chromaRange = 224f * scale;
        var chromaWidth = subsampled ? (width + 1) / 2 : width;
        var chromaHeight = subsampled ? (height + 1) / 2 : height;
        for (var py = 0; py < height; py++)
        {
            // Chroma sample j sits at luma position 2j + 0.5 (centred, as in 420jpeg), so luma row py
            // blends its own chroma row (weight 3/4) with the neighbour on its side (1/4).
            var cy0 = subsampled ? py / 2 : py;
            var cy1 = subsampled ? Math.Clamp(py % 2 == 0 ? cy0 - 1 : cy0 + 1, 0, chromaHeight - 1) : py;
            for (var px = 0; px < width; px++)
            {
                float cb, cr;
                if (subsampled)
                {
                    var cx0 = px / 2;
                    var cx1 = Math.Clamp(px % 2 == 0 ? cx0 - 1 : cx0 + 1, 0, chromaWidth - 1);
                    cb = Bilinear(u, chromaWidth, cx0, cx1, cy0, cy1);
                    cr = Bilinear(v, chromaWidth, cx0, cx1, cy0, cy1);
                }
                else
                {
                    cb = Sample(u[py * width + px]);
                    cr = Sample(v[py * width + px]);
                }
                var i = py * width + px;
                var luma = (Sample(y[i]) - lumaOffset) / lumaRange;
                var pb = (cb - chromaOffset) / chromaRange;
                var pr = (cr - chromaOffset) / chromaRange;
                var red = luma + 2f * (1f - Kr) * pr;
                var blue = luma + 2f * (1f - Kb) * pb;
                r[i] = red;
                b[i] = blue;
                g[i] = (luma - Kr * red - Kb * blue) / Kg;
            }
        }
    }

    private static float Sample<T>(T value) where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(value);

    private static float Bilinear<T>(ReadOnlySpan<T> plane, int stride, int x0, int x1, int y0, int y1)
        where T : unmanaged, IBinaryInteger<T> =>
        0.5625f * Sample(plane[y0 * stride + x0]) + 0.1875f * Sample(plane[y0 * stride + x1])
        + 0.1875f * Sample(plane[y1 * stride + x0]) + 0.0625f * Sample(plane[y1 * stride + x1]);

    private static float Luma(float r, float g, float b) => Kr * r + Kg * g + Kb * b;

    private static T Quantize<T>(float value, float max) where T : unmanaged, IBinaryInteger<T> =>
        float.IsNaN(value) ? T.Zero : T.CreateTruncating((int)Math.Clamp(MathF.Round(value, MidpointRounding.AwayFromZero), 0f, max));
}
