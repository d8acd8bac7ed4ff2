using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// The arithmetic behind <see cref="ImageDescriptors"/>: a box-average downscale of the encoded picture, per-pixel
/// CIELAB, the colour statistics and a seeded k-means. Everything after the downscale works on at most
/// <see cref="DescriptorOptions.AnalysisSizePixels"/>² pixels, so it is plain scalar code; the downscale, which touches
/// every source pixel, adds whole rows with SIMD.
/// </summary>
internal static class DescriptorKernels
{
    private const int ChromaBinsPerUnit = 10;
    private const int ChromaBins = 2048; // C*ab of sRGB colours stays below 135, so 204.8 is ample
    private const int MaxIterations = 30;
    private const double MinimumShift = 0.05;
    private const ulong Seed = 0x9E3779B97F4A7C15UL;

    /// <summary>Size of the analysis picture: the long side scaled to at most <paramref name="maxSide"/>, never enlarged.</summary>
    internal static (int Width, int Height) TargetSize(int width, int height, int maxSide)
    {
        var longSide = Math.Max(width, height);
        if (longSide <= maxSide)
            return (width, height);
        var scale = (double)maxSide / longSide;
        return (Math.Clamp((int)Math.Round(width * scale), 1, width), Math.Clamp((int)Math.Round(height * scale), 1, height));
    }

    /// <summary>
    /// A three-channel copy of <paramref name="frame"/> of the given size, each output pixel the plain mean of the source
    /// pixels that fall in it (bins of whole pixels; a grey source is repeated in all three channels), clamped to 0..1
    /// (a bin holding NaN becomes 0).
    /// The mean is taken on the encoded values, as the statistics are defined on them; the result keeps the source's
    /// colour space.
    /// </summary>
    internal static ImageFrame BoxDownscale(ImageFrame frame, int width, int height, CancellationToken cancellationToken)
    {
        var target = ImageFrame.Create(width, height, 3, frame.ColorSpace, hasAlpha: false, frame.Budget);
        try
        {
            var columnStarts = BinStarts(frame.Width, width);
            var rowStarts = BinStarts(frame.Height, height);
            var sourceChannels = frame.ColorChannels >= 3 ? 3 : 1;
            Parallel.For(0, height, frame.Budget.ToParallelOptions(cancellationToken), () => new float[frame.Width], (y, _, sum) =>
            {
                var rowCount = rowStarts[y + 1] - rowStarts[y];
                for (var c = 0; c < sourceChannels; c++)
                {
                    var accumulator = sum.AsSpan();
                    frame.Row(c, rowStarts[y]).CopyTo(accumulator);
                    for (var sy = rowStarts[y] + 1; sy < rowStarts[y + 1]; sy++)
                        TensorPrimitives.Add(accumulator, frame.Row(c, sy), accumulator);
                    var output = target.Row(c, y);
                    for (var x = 0; x < width; x++)
                    {
                        var start = columnStarts[x];
                        var count = columnStarts[x + 1] - start;
                        var mean = TensorPrimitives.Sum<float>(accumulator.Slice(start, count)) / (count * rowCount);
                        output[x] = float.IsNaN(mean) ? 0f : Math.Clamp(mean, 0f, 1f); // NaN would poison every mean below
                    }
                }
                if (sourceChannels == 1)
                {
                    target.Row(0, y).CopyTo(target.Row(1, y));
                    target.Row(0, y).CopyTo(target.Row(2, y));
                }
                return sum;
            }, _ => { });
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    // Source index where output bin i starts: ceil(i * source / output), so that bin i holds the pixels x with
    // floor(x * output / source) == i; every bin is non-empty because output <= source.
    private static int[] BinStarts(int source, int output)
    {
        var starts = new int[output + 1];
        for (var i = 0; i <= output; i++)
            starts[i] = (int)(((long)i * source + output - 1) / output);
        return starts;
    }

    /// <summary>Measures the descriptors of a small sRGB-encoded three-channel picture.</summary>
    internal static ImageDescriptorSet Measure(ImageFrame small, int colorCount)
    {
        var n = small.PixelCount;
        var scratch = ArrayPool<float>.Shared.Rent(6 * n);
        var labels = ArrayPool<int>.Shared.Rent(n);
        var distances = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var red = small.Plane(0);
            var green = small.Plane(1);
            var blue = small.Plane(2);
            var linearRed = scratch.AsSpan(0, n);
            var linearGreen = scratch.AsSpan(n, n);
            var linearBlue = scratch.AsSpan(2 * n, n);
            var lightness = scratch.AsSpan(3 * n, n);
            var a = scratch.AsSpan(4 * n, n);
            var b = scratch.AsSpan(5 * n, n);
            TransferFunctions.ToLinear(TransferFunction.Srgb, red, linearRed);
            TransferFunctions.ToLinear(TransferFunction.Srgb, green, linearGreen);
            TransferFunctions.ToLinear(TransferFunction.Srgb, blue, linearBlue);
            ColorMath.LinearSrgbToLab(linearRed, linearGreen, linearBlue, lightness, a, b);

            var colorfulness = HaslerColorfulness(red, green, blue);
            var (meanL, stdL) = MeanAndStandardDeviation(lightness);
            var (warmth, neutralChroma) = ChromaStatistics(a, b);
            var colors = DominantColors(lightness, a, b, colorCount, labels.AsSpan(0, n), distances.AsSpan(0, n));
            return new ImageDescriptorSet(colors, meanL, stdL / 100.0, colorfulness, warmth, neutralChroma, small.Width, small.Height);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
            ArrayPool<int>.Shared.Return(labels);
            ArrayPool<double>.Shared.Return(distances);
        }
    }

    /// <summary>
    /// Colourfulness M of Hasler and Süsstrunk, "Measuring colourfulness in natural images" (SPIE 5007, 2003), eq. 3:
    /// with rg = R - G and yb = (R + G)/2 - B on 0..255 values, M = σ_rgyb + 0.3 μ_rgyb where
    /// σ_rgyb = sqrt(σ_rg² + σ_yb²) and μ_rgyb = sqrt(μ_rg² + μ_yb²) (population standard deviations).
    /// </summary>
    internal static double HaslerColorfulness(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue)
    {
        double sumRg = 0, sumYb = 0, sumRg2 = 0, sumYb2 = 0;
        for (var i = 0; i < red.Length; i++)
        {
            var rg = 255.0 * (red[i] - green[i]);
            var yb = 255.0 * (0.5 * (red[i] + green[i]) - blue[i]);
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        var n = (double)red.Length;
        var meanRg = sumRg / n;
        var meanYb = sumYb / n;
        var varianceRg = Math.Max(0, sumRg2 / n - meanRg * meanRg);
        var varianceYb = Math.Max(0, sumYb2 / n - meanYb * meanYb);
        return Math.Sqrt(varianceRg + varianceYb) + 0.3 * Math.Sqrt(meanRg * meanRg + meanYb * meanYb);
    }

    private static (double Mean, double StandardDeviation) MeanAndStandardDeviation(ReadOnlySpan<float> values)
    {
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
            sum += values[i];
        var mean = sum / values.Length;
        double squares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var d = values[i] - mean;
            squares += d * d;
        }
        return (mean, Math.Sqrt(squares / values.Length));
    }

    // Warmth: mean projection of (a*, b*) on hue angle 60° (orange); sky blue sits near 240° and counts negative,
    // green (about 135°) only slightly positive. Neutral chroma: the 95th percentile of C*ab from a 0.1-unit histogram.
    private static (double Warmth, double NeutralChroma) ChromaStatistics(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        const double Cos60 = 0.5;
        const double Sin60 = 0.86602540378443865;
        Span<int> histogram = stackalloc int[ChromaBins];
        histogram.Clear();
        double warmth = 0;
        for (var i = 0; i < a.Length; i++)
        {
            warmth += a[i] * Cos60 + b[i] * Sin60;
            var chroma = MathF.Sqrt(a[i] * a[i] + b[i] * b[i]);
            histogram[Math.Min(ChromaBins - 1, (int)(chroma * ChromaBinsPerUnit))]++;
        }
        var wanted = (long)Math.Ceiling(0.95 * a.Length);
        long cumulative = 0;
        var bin = 0;
        for (; bin < ChromaBins - 1; bin++)
        {
            cumulative += histogram[bin];
            if (cumulative >= wanted)
                break;
        }
        return (warmth / a.Length, (bin + 0.5) / ChromaBinsPerUnit);
    }

    /// <summary>
    /// k-means (Lloyd) in CIELAB with k-means++ seeding (Arthur and Vassilvitskii, 2007) from a fixed SplitMix64 seed,
    /// so the same pixels always give the same colours. Stops when no pixel changes cluster or no centre moves by
    /// 0.05 CIELAB units or more (at most 30 rounds).
    /// Fewer than <paramref name="k"/> clusters come back when the picture has fewer distinct colours.
    /// </summary>
    internal static DominantColor[] DominantColors(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int k, Span<int> labels, Span<double> nearest)
    {
        var n = l.Length;
        Span<double> centres = stackalloc double[3 * k];
        Span<double> sums = stackalloc double[3 * k];
        Span<int> counts = stackalloc int[k];
        var random = new SplitMix64(Seed);

        // k-means++: the first centre uniformly, each next one with probability proportional to D(x)².
        var first = random.NextInt(n);
        SetCentre(centres, 0, l[first], a[first], b[first]);
        for (var i = 0; i < n; i++)
            nearest[i] = Distance2(centres, 0, l[i], a[i], b[i]);
        var found = 1;
        while (found < k)
        {
            double total = 0;
            for (var i = 0; i < n; i++)
                total += nearest[i];
            if (total <= 1e-9)
                break; // every pixel sits on a centre already
            var target = random.NextDouble() * total;
            var pick = n - 1;
            double running = 0;
            for (var i = 0; i < n; i++)
            {
                running += nearest[i];
                if (running > target && nearest[i] > 0)
                {
                    pick = i;
                    break;
                }
            }
            SetCentre(centres, found, l[pick], a[pick], b[pick]);
            for (var i = 0; i < n; i++)
                nearest[i] = Math.Min(nearest[i], Distance2(centres, found, l[i], a[i], b[i]));
            found++;
        }

        // Lloyd rounds. Centres live in three small float arrays; the nearest-centre search runs over SIMD lanes of
        // pixels, the sums after it in one scalar pass.
        Span<float> cl = stackalloc float[k];
        Span<float> ca = stackalloc float[k];
        Span<float> cb = stackalloc float[k];
        for (var c = 0; c < found; c++)
        {
            cl[c] = (float)centres[3 * c];
            ca[c] = (float)centres[3 * c + 1];
            cb[c] = (float)centres[3 * c + 2];
        }
        labels.Fill(-1);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var changed = AssignNearest(l, a, b, cl[..found], ca[..found], cb[..found], labels) > 0;
            sums.Clear();
            counts.Clear();
            for (var i = 0; i < n; i++)
            {
                var best = labels[i];
                sums[3 * best] += l[i];
                sums[3 * best + 1] += a[i];
                sums[3 * best + 2] += b[i];
                counts[best]++;
            }
            // Converged when no pixel moved, or when no centre moved by more than MinimumShift (CIELAB units): on
            // smooth gradients a few boundary pixels can swap for many rounds without changing the colours.
            double largestShift = 0;
            for (var c = 0; c < found; c++)
            {
                if (counts[c] == 0)
                    continue; // an emptied cluster keeps its centre and is dropped below if it stays empty
                var nl = (float)(sums[3 * c] / counts[c]);
                var na = (float)(sums[3 * c + 1] / counts[c]);
                var nb = (float)(sums[3 * c + 2] / counts[c]);
                largestShift = Math.Max(largestShift, Distance2(nl, na, nb, cl[c], ca[c], cb[c]));
                cl[c] = nl;
                ca[c] = na;
                cb[c] = nb;
            }
            if (!changed || largestShift < MinimumShift * MinimumShift)
                break;
        }
        for (var c = 0; c < found; c++)
            SetCentre(centres, c, cl[c], ca[c], cb[c]);

        var used = 0;
        for (var c = 0; c < found; c++)
            used += counts[c] > 0 ? 1 : 0;
        var colors = new DominantColor[used];
        var next = 0;
        for (var c = 0; c < found; c++)
        {
            if (counts[c] == 0)
                continue;
            var lab = new CieLab(centres[3 * c], centres[3 * c + 1], centres[3 * c + 2]);
            var (r, g, bl) = ColorMath.LabToLinearSrgb(lab);
            colors[next++] = new DominantColor(
                NamedColorPalette.Nearest(lab),
                (float)((double)counts[c] / n),
                Encode(r), Encode(g), Encode(bl),
                lab);
        }
        // Largest share first; equal shares keep cluster order (insertion sort is stable, and k is tiny).
        for (var i = 1; i < colors.Length; i++)
        {
            var item = colors[i];
            var j = i - 1;
            while (j >= 0 && colors[j].Share < item.Share)
            {
                colors[j + 1] = colors[j];
                j--;
            }
            colors[j + 1] = item;
        }
        return colors;
    }

    /// <summary>
    /// Sets each pixel's label to its nearest centre (squared CIELAB distance in float; the first centre on a tie) and
    /// returns how many labels changed. SIMD over pixels; <see cref="AssignNearestScalar"/> is the reference.
    /// </summary>
    internal static int AssignNearest(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> cl, ReadOnlySpan<float> ca, ReadOnlySpan<float> cb, Span<int> labels)
    {
        var n = l.Length;
        var width = Vector<float>.Count;
        var changed = Vector<int>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - width; i += width)
            {
                var pl = new Vector<float>(l[i..]);
                var pa = new Vector<float>(a[i..]);
                var pb = new Vector<float>(b[i..]);
                var bestDistance = new Vector<float>(float.MaxValue);
                var best = Vector<int>.Zero;
                for (var c = 0; c < cl.Length; c++)
                {
                    var dl = pl - new Vector<float>(cl[c]);
                    var da = pa - new Vector<float>(ca[c]);
                    var db = pb - new Vector<float>(cb[c]);
                    var d = dl * dl + da * da + db * db;
                    var closer = Vector.LessThan(d, bestDistance);
                    bestDistance = Vector.Min(d, bestDistance);
                    best = Vector.ConditionalSelect(closer, new Vector<int>(c), best);
                }
                var old = new Vector<int>(labels[i..]);
                changed += Vector.Equals(old, best) + Vector<int>.One; // Equals gives -1 (all bits) where equal, so 0 or 1
                best.CopyTo(labels[i..]);
            }
        }
        var count = Vector.Sum(changed);
        return count + AssignNearestScalar(l[i..], a[i..], b[i..], cl, ca, cb, labels[i..]);
    }

    /// <summary>The scalar reference of <see cref="AssignNearest"/>: the same float arithmetic, one pixel at a time.</summary>
    internal static int AssignNearestScalar(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> cl, ReadOnlySpan<float> ca, ReadOnlySpan<float> cb, Span<int> labels)
    {
        var changed = 0;
        for (var i = 0; i < l.Length; i++)
        {
            var best = 0;
            var bestDistance = float.MaxValue;
            for (var c = 0; c < cl.Length; c++)
            {
                var d = Distance2(l[i], a[i], b[i], cl[c], ca[c], cb[c]);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = c;
                }
            }
            if (labels[i] != best)
            {
                labels[i] = best;
                changed++;
            }
        }
        return changed;
    }

    private static float Distance2(float l, float a, float b, float cl, float ca, float cb)
    {
        var dl = l - cl;
        var da = a - ca;
        var db = b - cb;
        return dl * dl + da * da + db * db;
    }

    private static float Encode(double linear) => (float)TransferFunctions.FromLinear(TransferFunction.Srgb, Math.Clamp(linear, 0.0, 1.0));

    private static void SetCentre(Span<double> centres, int c, double l, double a, double b)
    {
        centres[3 * c] = l;
        centres[3 * c + 1] = a;
        centres[3 * c + 2] = b;
    }

    private static double Distance2(ReadOnlySpan<double> centres, int c, double l, double a, double b)
    {
        var dl = l - centres[3 * c];
        var da = a - centres[3 * c + 1];
        var db = b - centres[3 * c + 2];
        return dl * dl + da * da + db * db;
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose sequence never changes between runtimes.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        public int NextInt(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);
    }
}
