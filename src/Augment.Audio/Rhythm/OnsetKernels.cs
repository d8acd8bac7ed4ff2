using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// The numeric steps behind <see cref="OnsetDetector"/>: the mel filterbank, the spectral flux (a scalar
/// reference beside the vectorised kernel), the moving median and the peak picker.
/// </summary>
internal static class OnsetKernels
{
    /// <summary>A triangular band: weights for bins [FirstBin, FirstBin + Weights.Length).</summary>
    internal readonly record struct MelBand(int FirstBin, float[] Weights, double CentreHz);

    private static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + (hz / 700.0));

    private static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);

    /// <summary>
    /// Triangular bands equally spaced on the HTK mel scale (O'Shaughnessy 1987: 2595·log10(1 + f/700)),
    /// peak weight 1. A band narrower than one FFT bin takes the bin nearest its centre, so that
    /// short frames at low frequencies never leave a band empty.
    /// </summary>
    public static MelBand[] MelFilterbank(int bands, int fftLength, int sampleRate, double minHz, double maxHz)
    {
        maxHz = Math.Min(maxHz, sampleRate / 2.0);
        var binHz = (double)sampleRate / fftLength;
        var binCount = (fftLength / 2) + 1;
        double melLow = HzToMel(minHz), melHigh = HzToMel(maxHz);
        var edges = new double[bands + 2];
        for (var i = 0; i < edges.Length; i++)
            edges[i] = MelToHz(melLow + ((melHigh - melLow) * i / (bands + 1)));
        var result = new MelBand[bands];
        for (var b = 0; b < bands; b++)
        {
            double lo = edges[b], centre = edges[b + 1], hi = edges[b + 2];
            var first = Math.Max(0, (int)Math.Ceiling(lo / binHz));
            var last = Math.Min(binCount - 1, (int)Math.Floor(hi / binHz));
            var weights = new List<float>();
            var firstNonZero = -1;
            for (var k = first; k <= last; k++)
            {
                var f = k * binHz;
                var w = f <= centre ? (f - lo) / (centre - lo) : (hi - f) / (hi - centre);
                if (w <= 0) continue;
                if (firstNonZero < 0) firstNonZero = k;
                while (firstNonZero + weights.Count < k) weights.Add(0f);
                weights.Add((float)w);
            }
            if (firstNonZero < 0)
            {
                firstNonZero = Math.Min(binCount - 1, (int)Math.Round(centre / binHz));
                weights.Add(1f);
            }
            result[b] = new MelBand(firstNonZero, [.. weights], centre);
        }
        return result;
    }

    /// <summary>Half-wave rectified rise from <paramref name="previous"/> to <paramref name="current"/>, averaged (reference).</summary>
    public static float FluxScalar(ReadOnlySpan<float> previous, ReadOnlySpan<float> current)
    {
        var sum = 0.0;
        for (var b = 0; b < current.Length; b++)
        {
            var rise = current[b] - previous[b];
            if (rise > 0) sum += rise;
        }
        return (float)(sum / current.Length);
    }

    /// <summary>The same as <see cref="FluxScalar"/>, vectorised; <paramref name="scratch"/> holds one frame.</summary>
    public static float Flux(ReadOnlySpan<float> previous, ReadOnlySpan<float> current, Span<float> scratch)
    {
        var rise = scratch[..current.Length];
        TensorPrimitives.Subtract(current, previous, rise);
        TensorPrimitives.Max(rise, 0f, rise);
        return TensorPrimitives.Sum<float>(rise) / current.Length;
    }

    /// <summary>Median of values[f - halfWidth .. f + halfWidth] (clipped at the ends) for every f.</summary>
    public static void MovingMedian(ReadOnlySpan<float> values, int halfWidth, Span<float> destination)
    {
        var n = values.Length;
        if (n == 0) return;
        // A sorted copy of the window, updated by one removal and one insertion per step.
        var window = new List<float>((2 * halfWidth) + 2);
        var hi = Math.Min(n - 1, halfWidth);
        for (var i = 0; i <= hi; i++) Insert(window, values[i]);
        for (var f = 0; f < n; f++)
        {
            var c = window.Count;
            destination[f] = (c & 1) == 1 ? window[c / 2] : 0.5f * (window[(c / 2) - 1] + window[c / 2]);
            var leaving = f - halfWidth;
            if (leaving >= 0) window.RemoveAt(window.BinarySearch(values[leaving]) is var at && at >= 0 ? at : ~at);
            var entering = f + halfWidth + 1;
            if (entering < n) Insert(window, values[entering]);
        }
    }

    private static void Insert(List<float> sorted, float value)
    {
        var at = sorted.BinarySearch(value);
        sorted.Insert(at >= 0 ? at : ~at, value);
    }

    /// <summary>
    /// Peak picking after Böck, Krebs and Schedl (2012, "Evaluating the online capabilities of onset
    /// detection methods"): frame f is an onset when it is the maximum of f ± <paramref name="peakHalfWidth"/>,
    /// reaches the moving median plus <paramref name="delta"/>, and lies at least <paramref name="minimumGap"/>
    /// frames after the previous onset. <paramref name="normalised"/> is the envelope scaled to 0..1.
    /// </summary>
    public static List<int> PickPeaks(ReadOnlySpan<float> normalised, ReadOnlySpan<float> median, int peakHalfWidth, float delta, int minimumGap)
    {
        var peaks = new List<int>();
        var last = int.MinValue / 2;
        for (var f = 0; f < normalised.Length; f++)
        {
            var v = normalised[f];
            if (v <= 0 || v < median[f] + delta || f - last < minimumGap) continue;
            var isMax = true;
            int from = Math.Max(0, f - peakHalfWidth), to = Math.Min(normalised.Length - 1, f + peakHalfWidth);
            for (var g = from; g <= to && isMax; g++)
                isMax = normalised[g] < v || (normalised[g] == v && g >= f);
            if (!isMax) continue;
            peaks.Add(f);
            last = f;
        }
        return peaks;
    }

    /// <summary>The smallest 2·3·5-smooth integer at or above <paramref name="n"/> (fast FFT lengths).</summary>
    public static int NextSmooth(int n)
    {
        for (var m = Math.Max(1, n); ; m++)
        {
            var r = m;
            foreach (var p in (ReadOnlySpan<int>)[2, 3, 5])
                while (r % p == 0) r /= p;
            if (r == 1) return m;
        }
    }
}
