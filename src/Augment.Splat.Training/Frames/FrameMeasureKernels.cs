using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Augment.Splat.Training;

/// <summary>
/// Per-frame image measures on a luma plane (values in [0, 1], row-major), one pass over the rows:
/// <list type="bullet">
/// <item>variance of the Laplacian (3x3 kernel [0,1,0; 1,-4,1; 0,1,0]; Pech-Pacheco et al. 2000, "Diatom autofocusing
/// in brightfield microscopy"), the focus measure OpenCV users know as <c>cv2.Laplacian(img, CV_64F).var()</c>;</item>
/// <item>Tenengrad, the mean squared 3x3 Sobel gradient magnitude (Krotkov 1987; Pertuz et al. 2013, "Analysis of focus
/// measure operators for shape-from-focus", without a threshold);</item>
/// <item>the gradient structure tensor sums Σgx², Σgy², Σgxgy (Bigün and Granlund 1987) for the directional blur
/// measure;</item>
/// <item>exposure: mean luma and the counts of pixels clipped dark or bright.</item>
/// </list>
/// Borders reflect without repeating the edge pixel (OpenCV's BORDER_REFLECT_101), so the numbers equal OpenCV's on the
/// same image. Per-row partial sums go to a buffer and are added in row order, so results do not depend on threading.
/// </summary>
internal static class FrameMeasureKernels
{
    /// <summary>Luma at or below this is clipped dark (2/255).</summary>
    public const float DarkClip = 2f / 255f;

    /// <summary>Luma at or above this is clipped bright (253/255).</summary>
    public const float BrightClip = 253f / 255f;

    /// <summary>Doubles per row in the partial-sum buffer.</summary>
    internal const int RowFields = 9;

    /// <summary>Rec. 709 luma Y' = 0.2126 R' + 0.7152 G' + 0.0722 B' of a 3-channel frame's planes.</summary>
    public static void Luma(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> luma)
    {
        TensorPrimitives.Multiply(r, 0.2126f, luma);
        TensorPrimitives.FusedMultiplyAdd(g, 0.7152f, luma, luma);
        TensorPrimitives.FusedMultiplyAdd(b, 0.0722f, luma, luma);
    }

    /// <summary>Box-averages <paramref name="source"/> by an integer <paramref name="factor"/> (area downscale; trailing pixels that do not fill a box are dropped).</summary>
    public static void Downscale(ReadOnlySpan<float> source, int width, int height, int factor, Span<float> target)
    {
        var tw = width / factor;
        var th = height / factor;
        if (factor == 1)
        {
            source[..(width * height)].CopyTo(target);
            return;
        }
        var scale = 1f / (factor * factor);
        for (var ty = 0; ty < th; ty++)
        {
            var row = target.Slice(ty * tw, tw);
            row.Clear();
            for (var dy = 0; dy < factor; dy++)
            {
                var src = source.Slice(((ty * factor) + dy) * width, tw * factor);
                for (var tx = 0; tx < tw; tx++)
                {
                    var sum = 0f;
                    var s = src.Slice(tx * factor, factor);
                    for (var dx = 0; dx < factor; dx++)
                        sum += s[dx];
                    row[tx] += sum;
                }
            }
            TensorPrimitives.Multiply(row, scale, row);
        }
    }

    /// <summary>Measures one luma plane with the SIMD kernel, rows split over up to <paramref name="maxThreads"/> threads.</summary>
    public static FrameMeasures Measure(float[] luma, int width, int height, int maxThreads)
    {
        CheckSize(luma.Length, width, height);
        var rows = new double[height * RowFields];
        if (maxThreads <= 1 || width * height < 1 << 16)
        {
            for (var y = 0; y < height; y++)
                MeasureRow(luma, width, height, y, rows.AsSpan(y * RowFields, RowFields));
        }
        else
        {
            Parallel.For(0, height, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
                y => MeasureRow(luma, width, height, y, rows.AsSpan(y * RowFields, RowFields)));
        }
        return Combine(rows, width, height);
    }

    /// <summary>The scalar reference: the same measures pixel by pixel with explicit border reflection.</summary>
    public static FrameMeasures MeasureReference(ReadOnlySpan<float> luma, int width, int height)
    {
        CheckSize(luma.Length, width, height);
        var rows = new double[height * RowFields];
        for (var y = 0; y < height; y++)
        {
            var acc = rows.AsSpan(y * RowFields, RowFields);
            var ym = Reflect(y - 1, height);
            var yp = Reflect(y + 1, height);
            for (var x = 0; x < width; x++)
            {
                var xm = Reflect(x - 1, width);
                var xp = Reflect(x + 1, width);
                double c = luma[(y * width) + x];
                var lap = (double)luma[(ym * width) + x] + luma[(yp * width) + x] + luma[(y * width) + xm] + luma[(y * width) + xp] - (4 * c);
                var gx = (double)luma[(ym * width) + xp] - luma[(ym * width) + xm] + (2.0 * (luma[(y * width) + xp] - luma[(y * width) + xm])) + luma[(yp * width) + xp] - luma[(yp * width) + xm];
                var gy = (double)luma[(yp * width) + xm] - luma[(ym * width) + xm] + (2.0 * (luma[(yp * width) + x] - luma[(ym * width) + x])) + luma[(yp * width) + xp] - luma[(ym * width) + xp];
                acc[0] += lap;
                acc[1] += lap * lap;
                acc[2] += gx * gx;
                acc[3] += gy * gy;
                acc[4] += gx * gy;
                acc[5] += c;
                if (c <= DarkClip) acc[6]++;
                if (c >= BrightClip) acc[7]++;
            }
        }
        return Combine(rows, width, height);
    }

    private static void CheckSize(int length, int width, int height)
    {
        if (width < 3 || height < 3)
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}: frame measures need at least 3x3 pixels.");
        if (length < width * height)
            throw new ArgumentException($"luma holds {length} values, fewer than {width}x{height}.", nameof(length));
    }

    /// <summary>Reflect-101 index (−1 → 1, n → n − 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Reflect(int i, int n) => i < 0 ? -i : i >= n ? (2 * n) - 2 - i : i;

    private static FrameMeasures Combine(ReadOnlySpan<double> rows, int width, int height)
    {
        Span<double> total = stackalloc double[RowFields];
        total.Clear();
        for (var y = 0; y < height; y++)
        {
            for (var f = 0; f < RowFields; f++)
                total[f] += rows[(y * RowFields) + f];
        }
        double n = (double)width * height;
        var lapMean = total[0] / n;
        var lapVariance = Math.Max(0, (total[1] / n) - (lapMean * lapMean));
        return new FrameMeasures(
            LaplacianVariance: lapVariance,
            Tenengrad: (total[2] + total[3]) / n,
            Gxx: total[2] / n,
            Gyy: total[3] / n,
            Gxy: total[4] / n,
            MeanLuma: total[5] / n,
            DarkFraction: total[6] / n,
            BrightFraction: total[7] / n);
    }

    /// <summary>One row: SIMD over the interior columns, scalar at the two border columns.</summary>
    private static void MeasureRow(float[] luma, int width, int height, int y, Span<double> acc)
    {
        var up = luma.AsSpan(Reflect(y - 1, height) * width, width);
        var mid = luma.AsSpan(y * width, width);
        var down = luma.AsSpan(Reflect(y + 1, height) * width, width);
        double lapSum = 0, lapSq = 0, gxx = 0, gyy = 0, gxy = 0, lumaSum = 0, dark = 0, bright = 0;
        var x = 1;
        var lanes = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && width - 2 >= lanes)
        {
            var four = new Vector<float>(4f);
            var two = new Vector<float>(2f);
            var darkLimit = new Vector<float>(DarkClip);
            var brightLimit = new Vector<float>(BrightClip);
            // Float lanes accumulate one row at most (a few thousand terms), then widen to double.
            var vLap = Vector<float>.Zero;
            var vLapSq = Vector<float>.Zero;
            var vGxx = Vector<float>.Zero;
            var vGyy = Vector<float>.Zero;
            var vGxy = Vector<float>.Zero;
            var vLuma = Vector<float>.Zero;
            var vDark = Vector<int>.Zero;
            var vBright = Vector<int>.Zero;
            for (; x + lanes <= width - 1; x += lanes)
            {
                var um = new Vector<float>(up[(x - 1)..]);
                var u0 = new Vector<float>(up[x..]);
                var up1 = new Vector<float>(up[(x + 1)..]);
                var mm = new Vector<float>(mid[(x - 1)..]);
                var m0 = new Vector<float>(mid[x..]);
                var mp = new Vector<float>(mid[(x + 1)..]);
                var dm = new Vector<float>(down[(x - 1)..]);
                var d0 = new Vector<float>(down[x..]);
                var dp = new Vector<float>(down[(x + 1)..]);
                var lap = u0 + d0 + mm + mp - (four * m0);
                var gx = (up1 - um) + (two * (mp - mm)) + (dp - dm);
                var gy = (dm - um) + (two * (d0 - u0)) + (dp - up1);
                vLap += lap;
                vLapSq += lap * lap;
                vGxx += gx * gx;
                vGyy += gy * gy;
                vGxy += gx * gy;
                vLuma += m0;
                vDark -= Vector.LessThanOrEqual(m0, darkLimit);
                vBright -= Vector.GreaterThanOrEqual(m0, brightLimit);
            }
            lapSum = Vector.Sum(vLap);
            lapSq = Vector.Sum(vLapSq);
            gxx = Vector.Sum(vGxx);
            gyy = Vector.Sum(vGyy);
            gxy = Vector.Sum(vGxy);
            lumaSum = Vector.Sum(vLuma);
            dark = Vector.Sum(vDark);
            bright = Vector.Sum(vBright);
        }
        // Border columns and the tail, with reflection.
        ScalarColumn(up, mid, down, width, 0, ref lapSum, ref lapSq, ref gxx, ref gyy, ref gxy, ref lumaSum, ref dark, ref bright);
        for (; x < width; x++)
            ScalarColumn(up, mid, down, width, x, ref lapSum, ref lapSq, ref gxx, ref gyy, ref gxy, ref lumaSum, ref dark, ref bright);
        acc[0] = lapSum;
        acc[1] = lapSq;
        acc[2] = gxx;
        acc[3] = gyy;
        acc[4] = gxy;
        acc[5] = lumaSum;
        acc[6] = dark;
        acc[7] = bright;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarColumn(ReadOnlySpan<float> up, ReadOnlySpan<float> mid, ReadOnlySpan<float> down, int width, int x,
        ref double lapSum, ref double lapSq, ref double gxx, ref double gyy, ref double gxy, ref double lumaSum, ref double dark, ref double bright)
    {
        var xm = Reflect(x - 1, width);
        var xp = Reflect(x + 1, width);
        var c = mid[x];
        var lap = up[x] + down[x] + mid[xm] + mid[xp] - (4f * c);
        var gx = (up[xp] - up[xm]) + (2f * (mid[xp] - mid[xm])) + (down[xp] - down[xm]);
        var gy = (down[xm] - up[xm]) + (2f * (down[x] - up[x])) + (down[xp] - up[xp]);
        lapSum += lap;
        lapSq += lap * lap;
        gxx += gx * gx;
        gyy += gy * gy;
        gxy += gx * gy;
        lumaSum += c;
        if (c <= DarkClip) dark++;
        if (c >= BrightClip) bright++;
    }
}
