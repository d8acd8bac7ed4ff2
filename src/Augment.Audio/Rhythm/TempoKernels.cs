using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// The numeric steps of <see cref="BeatTracker"/>: autocorrelation (a scalar reference beside the
/// vectorised kernel), tempo prior and metrical-level choice, the tempogram path (Viterbi over beat
/// periods) and Ellis' dynamic-programming beat tracker with a time-varying period.
/// </summary>
internal static class TempoKernels
{
    /// <summary>Unbiased autocorrelation r(τ) = Σ x[t]·x[t+τ] / (N − τ) for τ in [minLag, maxLag] (reference).</summary>
    public static void AutocorrelationScalar(ReadOnlySpan<float> x, int minLag, int maxLag, Span<double> destination)
    {
        for (var lag = minLag; lag <= maxLag; lag++)
        {
            var sum = 0.0;
            for (var t = 0; t + lag < x.Length; t++) sum += x[t] * (double)x[t + lag];
            destination[lag - minLag] = lag < x.Length ? sum / (x.Length - lag) : 0;
        }
    }

    /// <summary>The same as <see cref="AutocorrelationScalar"/>, one vectorised dot product per lag.</summary>
    public static void Autocorrelation(ReadOnlySpan<float> x, int minLag, int maxLag, Span<double> destination)
    {
        for (var lag = minLag; lag <= maxLag; lag++)
            destination[lag - minLag] = lag < x.Length ? TensorPrimitives.Dot(x[..^lag], x[lag..]) / (double)(x.Length - lag) : 0;
    }

    /// <summary>Log-Gaussian tempo prior: exp(−½·(log2(bpm / centre) / width)²).</summary>
    public static double Prior(double bpm, double centreBpm, double widthOctaves)
    {
        var z = Math.Log2(bpm / centreBpm) / widthOctaves;
        return Math.Exp(-0.5 * z * z);
    }

    /// <summary>
    /// The beat period in frames (sub-frame, by parabolic interpolation) from an autocorrelation over
    /// lags [minLag, maxLag]: the prior-weighted maximum, then the fastest of its 1/2 and 1/3 multiples
    /// whose autocorrelation reaches FasterLevelRatio of the winner's. 0 when nothing is periodic.
    /// </summary>
    public static double PickPeriod(ReadOnlySpan<double> acf, int minLag, double frameRate, BeatTrackerOptions options)
    {
        var best = -1;
        var bestScore = 0.0;
        for (var i = 1; i < acf.Length - 1; i++)
        {
            if (!(acf[i] > 0 && acf[i] >= acf[i - 1] && acf[i] >= acf[i + 1])) continue;
            var score = acf[i] * Prior(60 * frameRate / (minLag + i), options.PriorBpm, options.PriorWidthOctaves);
            if (score > bestScore)
            {
                bestScore = score;
                best = i;
            }
        }
        if (best < 0) return 0;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var divisor in (ReadOnlySpan<int>)[2, 3])
            {
                var target = (minLag + best) / (double)divisor - minLag;
                var peak = LocalMaximum(acf, (int)Math.Round(target), Math.Max(1, (int)Math.Round(0.04 * (target + minLag))));
                if (peak > 0 && peak < acf.Length - 1 && acf[peak] >= options.FasterLevelRatio * acf[best])
                {
                    best = peak;
                    changed = true;
                    break;
                }
            }
        }
        return minLag + best + ParabolicOffset(acf, best);
    }

    private static int LocalMaximum(ReadOnlySpan<double> values, int centre, int halfWidth)
    {
        var best = -1;
        for (var i = Math.Max(1, centre - halfWidth); i <= Math.Min(values.Length - 2, centre + halfWidth); i++)
            if (values[i] >= values[i - 1] && values[i] >= values[i + 1] && (best < 0 || values[i] > values[best]))
                best = i;
        return best;
    }

    private static double ParabolicOffset(ReadOnlySpan<double> v, int i)
    {
        if (i <= 0 || i >= v.Length - 1) return 0;
        var denominator = v[i - 1] - (2 * v[i]) + v[i + 1];
        return denominator < 0 ? Math.Clamp(0.5 * (v[i - 1] - v[i + 1]) / denominator, -0.5, 0.5) : 0;
    }

    /// <summary>
    /// The most likely sequence of beat periods through a tempogram (frames × lags, each row scaled
    /// to a maximum of 1), by Viterbi decoding: emissions log(ε + max(0, r)·prior), where the prior is
    /// a log-Gaussian (σ half an octave) around the frame's own preferred period (<see cref="PickPeriod"/>
    /// on its row; the global period where a row has none), so that the metrical level follows the
    /// same rule as the global tempo; transitions
    /// allow drifts of a few percent per frame freely and a jump anywhere at a fixed cost (tempo steps).
    /// </summary>
    public static int[] TempoPath(double[,] tempogram, int minLag, ReadOnlySpan<double> preferred, double globalPeriod)
    {
        int frames = tempogram.GetLength(0), lags = tempogram.GetLength(1);
        var path = new int[frames];
        if (frames == 0) return path;
        const double Floor = 1e-3, DriftOctaves = 0.03, JumpLog = -8.0;
        var prior = new double[lags];
        var score = new double[lags];
        var next = new double[lags];
        var back = new int[frames, lags];
        Prior(prior, minLag, preferred[0], globalPeriod);
        for (var l = 0; l < lags; l++) score[l] = Math.Log(Floor + (Math.Max(0, tempogram[0, l]) * prior[l]));
        for (var f = 1; f < frames; f++)
        {
            Prior(prior, minLag, preferred[f], globalPeriod);
            var bestPrevious = 0;
            for (var l = 1; l < lags; l++) if (score[l] > score[bestPrevious]) bestPrevious = l;
            for (var l = 0; l < lags; l++)
            {
                var from = bestPrevious;
                var value = score[bestPrevious] + JumpLog;
                // Drift: a Gaussian step in log period; beyond ±4σ the jump is always cheaper.
                var reach = Math.Max(1, (int)Math.Ceiling((minLag + l) * (Math.Pow(2, 4 * DriftOctaves) - 1)));
                for (var k = Math.Max(0, l - reach); k <= Math.Min(lags - 1, l + reach); k++)
                {
                    var d = Math.Log2((minLag + (double)k) / (minLag + l)) / DriftOctaves;
                    var candidate = score[k] - (0.5 * d * d);
                    if (candidate > value)
                    {
                        value = candidate;
                        from = k;
                    }
                }
                next[l] = value + Math.Log(Floor + (Math.Max(0, tempogram[f, l]) * prior[l]));
                back[f, l] = from;
            }
            (score, next) = (next, score);
        }
        var state = 0;
        for (var l = 1; l < lags; l++) if (score[l] > score[state]) state = l;
        for (var f = frames - 1; f >= 0; f--)
        {
            path[f] = state;
            if (f > 0) state = back[f, state];
        }
        return path;
    }

    private static void Prior(double[] prior, int minLag, double preferred, double globalPeriod)
    {
        var centre = preferred > 0 ? preferred : globalPeriod;
        for (var l = 0; l < prior.Length; l++)
        {
            var z = Math.Log2((minLag + l) / centre) / 0.5;
            var g = Math.Log2((minLag + l) / globalPeriod) / 0.5;
            prior[l] = Math.Exp(-0.5 * ((z * z) + (g * g)));
        }
    }

    /// <summary>
    /// Ellis (2007, "Beat tracking by dynamic programming", eq. 3) with a period that varies per frame:
    /// C(t) = s(t) + max over τ in [t − 2P(t), t − P(t)/2] of C(τ) − α·(log((t − τ)/P(t)))²; the last
    /// beat is the last local maximum of C above half the median of its local maxima, then the
    /// best predecessors are followed back. Returns beat frames, ascending.
    /// </summary>
    public static List<int> TrackBeats(ReadOnlySpan<float> localScore, ReadOnlySpan<float> period, double tightness)
    {
        var n = localScore.Length;
        var beats = new List<int>();
        if (n == 0) return beats;
        var cumulative = new double[n];
        var backlink = new int[n];
        for (var t = 0; t < n; t++)
        {
            var p = period[t];
            int from = t - (int)Math.Round(2 * p), to = t - (int)Math.Round(p / 2);
            var best = double.NegativeInfinity;
            var link = -1;
            for (var tau = Math.Max(0, from); tau <= to; tau++)
            {
                var ratio = Math.Log((t - tau) / (double)p);
                var candidate = cumulative[tau] - (tightness * ratio * ratio);
                if (candidate > best)
                {
                    best = candidate;
                    link = tau;
                }
            }
            // Before the first period there is no predecessor: a beat may start anywhere.
            cumulative[t] = localScore[t] + (link >= 0 ? Math.Max(0, best) : 0);
            backlink[t] = link >= 0 && best > 0 ? link : -1;
        }
        var maxima = new List<int>();
        for (var t = 1; t < n - 1; t++)
            if (cumulative[t] > cumulative[t - 1] && cumulative[t] >= cumulative[t + 1]) maxima.Add(t);
        if (maxima.Count == 0) return beats;
        var values = new double[maxima.Count];
        for (var i = 0; i < values.Length; i++) values[i] = cumulative[maxima[i]];
        Array.Sort(values);
        var threshold = 0.5 * values[values.Length / 2];
        var last = maxima[^1];
        for (var i = maxima.Count - 1; i >= 0; i--)
        {
            if (cumulative[maxima[i]] >= threshold)
            {
                last = maxima[i];
                break;
            }
        }
        for (var t = last; t >= 0; t = backlink[t]) beats.Add(t);
        beats.Reverse();
        return beats;
    }
}
