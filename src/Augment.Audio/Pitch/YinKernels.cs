using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// The per-frame arithmetic of YIN (de Cheveigné &amp; Kawahara 2002, JASA 111(4)): the difference function
/// (eq. 6) computed through one FFT cross-correlation, its cumulative mean normalisation (eq. 8), parabolic
/// interpolation of a dip (step 5), and the threshold rules of YIN (step 4) and pYIN (Mauch &amp; Dixon 2014, eq. 1–4).
/// </summary>
internal static class YinKernels
{
    /// <summary>pYIN's thresholds 0.01, 0.02, …, 1.00 and their Beta(2, 18) probabilities (mean 0.1).</summary>
    internal const int ThresholdCount = 100;

    private static readonly double[] BetaWeights = BuildBetaWeights();

    /// <summary>Probability pYIN gives the global minimum for the thresholds with no dip under them (Mauch &amp; Dixon's p_a = 0.01).</summary>
    private const double NoTroughProbability = 0.01;

    /// <summary>Boltzmann parameter of the prior favouring earlier dips (librosa's default, 2).</summary>
    private const double Boltzmann = 2.0;

    /// <summary>Boltzmann normalisers (1 − e^−λ)/(1 − e^−λn) for n = 0..64 dips.</summary>
    private static readonly double[] BoltzmannNorm = BuildBoltzmannNorm();

    private static double[] BuildBoltzmannNorm()
    {
        var decay = Math.Exp(-Boltzmann);
        var norms = new double[65];
        for (var n = 1; n < norms.Length; n++) norms[n] = (1 - decay) / (1 - Math.Pow(decay, n));
        return norms;
    }

    private static double[] BuildBetaWeights()
    {
        // Beta(2, b) has CDF I_x(2, b) = 1 − (1 − x)^b (1 + b x) (integrate x(1−x)^(b−1) b(b+1) by parts).
        const double b = 18;
        var weights = new double[ThresholdCount];
        double previous = 0;
        for (var k = 1; k <= ThresholdCount; k++)
        {
            var x = k / (double)ThresholdCount;
            var cdf = 1 - (Math.Pow(1 - x, b) * (1 + (b * x)));
            weights[k - 1] = cdf - previous;
            previous = cdf;
        }
        return weights;
    }

    /// <summary>FFT length used for a frame of <paramref name="frameLength"/> samples.</summary>
    internal static int FftLength(int frameLength)
    {
        var n = 16;
        while (n < frameLength) n *= 2;
        return n;
    }

    /// <summary>
    /// d(τ) = Σ_{j&lt;W} (x_j − x_{j+τ})² for τ = 0..<paramref name="difference"/>.Length−1 (eq. 6), expanded as
    /// r(0) + e(τ) − 2 r(τ) with the energies from a running sum and the cross-correlation r(τ) of the first W
    /// samples with the frame from one real FFT product (linear, not circular, because the FFT is at least the frame long).
    /// </summary>
    /// <param name="frame">W + difference.Length − 1 samples.</param>
    /// <param name="window">W.</param>
    /// <param name="difference">Receives d(τ).</param>
    /// <param name="scratch">At least 5 × FftLength(frame.Length) floats.</param>
    internal static void Difference(ReadOnlySpan<float> frame, int window, Span<float> difference, Span<float> scratch)
    {
        var lags = difference.Length;
        var n = FftLength(frame.Length);
        var plan = RealFftPlan.Create(n);
        var bins = plan.BinCount;
        var padded = scratch[..n];
        var aRe = scratch.Slice(n, bins);
        var aIm = scratch.Slice(n + bins, bins);
        var bRe = scratch.Slice(n + (2 * bins), bins);
        var bIm = scratch.Slice(n + (3 * bins), bins);

        padded.Clear();
        frame[..window].CopyTo(padded);
        plan.Forward(padded, aRe, aIm);
        frame.CopyTo(padded);
        padded[frame.Length..].Clear();
        plan.Forward(padded, bRe, bIm);
        // conj(A)·B: its inverse is r(τ) = Σ_j a_j b_{j+τ}.
        for (var k = 0; k < bins; k++)
        {
            float ar = aRe[k], ai = aIm[k], br = bRe[k], bi = bIm[k];
            bRe[k] = (ar * br) + (ai * bi);
            bIm[k] = (ar * bi) - (ai * br);
        }
        plan.Inverse(bRe, bIm, padded);

        double energy = 0;
        for (var j = 0; j < window; j++) energy += frame[j] * (double)frame[j];
        var shifted = energy;
        for (var tau = 0; tau < lags; tau++)
        {
            if (tau > 0)
            {
                var leaving = frame[tau - 1];
                var entering = frame[tau + window - 1];
                shifted += (entering * (double)entering) - (leaving * (double)leaving);
            }
            var d = energy + shifted - (2.0 * padded[tau]);
            difference[tau] = d > 0 ? (float)d : 0f;
        }
        difference[0] = 0;
    }

    /// <summary>The definition of eq. 6 summed directly, O(W·τmax): the reference the FFT form is tested against.</summary>
    internal static void DifferenceReference(ReadOnlySpan<float> frame, int window, Span<float> difference)
    {
        for (var tau = 0; tau < difference.Length; tau++)
        {
            double sum = 0;
            for (var j = 0; j < window; j++)
            {
                var e = frame[j] - (double)frame[j + tau];
                sum += e * e;
            }
            difference[tau] = (float)sum;
        }
    }

    /// <summary>d'(0) = 1, d'(τ) = d(τ) / ((1/τ) Σ_{j=1..τ} d(j)) (eq. 8); 1 where the running mean is zero (silence).</summary>
    internal static void CumulativeMeanNormalize(ReadOnlySpan<float> difference, Span<float> normalized)
    {
        normalized[0] = 1;
        double running = 0;
        for (var tau = 1; tau < difference.Length; tau++)
        {
            running += difference[tau];
            normalized[tau] = running > 1e-20 ? (float)(difference[tau] * tau / running) : 1f;
        }
    }

    /// <summary>Vertex of the parabola through (τ−1, τ, τ+1) of <paramref name="values"/>: refined lag and value at it (step 5).</summary>
    internal static (double Lag, double Value) Parabolic(ReadOnlySpan<float> values, int tau)
    {
        if (tau <= 0 || tau >= values.Length - 1) return (tau, values[tau]);
        double a = values[tau - 1], b = values[tau], c = values[tau + 1];
        var denominator = a - (2 * b) + c;
        if (denominator <= 0) return (tau, b);
        var shift = Math.Clamp(0.5 * (a - c) / denominator, -1, 1);
        return (tau + shift, b - (0.25 * (a - c) * shift));
    }

    /// <summary>
    /// YIN step 4: the first lag in [minLag, maxLag] whose d' falls below <paramref name="threshold"/>, moved on
    /// to the bottom of that dip; when none does, the global minimum. Returns the lag and whether it dipped below.
    /// </summary>
    internal static (int Lag, bool BelowThreshold) AbsoluteThreshold(ReadOnlySpan<float> normalized, int minLag, int maxLag, double threshold)
    {
        for (var tau = minLag; tau <= maxLag; tau++)
        {
            if (normalized[tau] < threshold)
            {
                while (tau + 1 <= maxLag && normalized[tau + 1] < normalized[tau]) tau++;
                return (tau, true);
            }
        }
        var best = minLag;
        for (var tau = minLag + 1; tau <= maxLag; tau++)
            if (normalized[tau] < normalized[best]) best = tau;
        return (best, false);
    }

    /// <summary>The lag of the smallest d' within [lo, hi].</summary>
    internal static int MinimumIn(ReadOnlySpan<float> normalized, int lo, int hi)
    {
        var best = lo;
        for (var tau = lo + 1; tau <= hi; tau++)
            if (normalized[tau] < normalized[best]) best = tau;
        return best;
    }

    /// <summary>
    /// pYIN's candidates (Mauch &amp; Dixon 2014, section 2.1): for every threshold s_k of the Beta(2, 18)
    /// distribution, the dips (local minima) of d' under s_k, the i-th earliest weighted by a Boltzmann prior
    /// (1−e^−λ)e^−λi/(1−e^−λn); thresholds with no dip give p_a to the global minimum. Returns the number of
    /// candidates written (lags refined by parabolic interpolation, probabilities summing to at most 1).
    /// </summary>
    internal static int PyinCandidates(ReadOnlySpan<float> normalized, int minLag, int maxLag, Span<double> lags, Span<double> probabilities, Span<int> troughScratch)
    {
        // Local minima (a plateau's first sample counts once); the end points count when they are lower than their one neighbour.
        var troughs = 0;
        var capacity = troughScratch.Length;
        for (var tau = minLag; tau <= maxLag && troughs < capacity; tau++)
        {
            var v = normalized[tau];
            var leftHigher = tau == minLag || normalized[tau - 1] > v;
            var rightNotLower = tau == maxLag || normalized[tau + 1] >= v;
            if (leftHigher && rightNotLower) troughScratch[troughs++] = tau;
        }
        var globalMin = MinimumIn(normalized, minLag, maxLag);
        var globalValue = normalized[globalMin];
        var count = Math.Min(troughs, probabilities.Length - 1);
        probabilities[..(count + 1)].Clear();

        var decay = Math.Exp(-Boltzmann);
        double noTrough = 0;
        for (var k = 0; k < ThresholdCount; k++)
        {
            var threshold = (k + 1) / (double)ThresholdCount;
            var below = 0;
            for (var t = 0; t < troughs; t++)
                if (normalized[troughScratch[t]] < threshold) below++;
            if (below == 0)
            {
                noTrough += BetaWeights[k];
                continue;
            }
            var norm = below < BoltzmannNorm.Length ? BoltzmannNorm[below] : 1 - decay;
            var rank = 0;
            var weight = BetaWeights[k] * norm;
            for (var t = 0; t < troughs && rank < below; t++)
            {
                if (normalized[troughScratch[t]] >= threshold) continue;
                if (t < count) probabilities[t] += weight;
                weight *= decay;
                rank++;
            }
        }

        var written = 0;
        var globalSlot = -1;
        for (var t = 0; t < count; t++)
        {
            if (probabilities[t] <= 0 && troughScratch[t] != globalMin) continue;
            var (lag, _) = Parabolic(normalized, troughScratch[t]);
            lags[written] = lag;
            probabilities[written] = probabilities[t];
            if (troughScratch[t] == globalMin) globalSlot = written;
            written++;
        }
        if (noTrough > 0 && globalValue < 1)
        {
            if (globalSlot < 0)
            {
                globalSlot = written++;
                lags[globalSlot] = Parabolic(normalized, globalMin).Lag;
                probabilities[globalSlot] = 0;
            }
            probabilities[globalSlot] += NoTroughProbability * noTrough;
        }
        // Drop zero-probability entries (a global minimum kept only for its slot).
        var kept = 0;
        for (var i = 0; i < written; i++)
        {
            if (probabilities[i] <= 0) continue;
            lags[kept] = lags[i];
            probabilities[kept] = probabilities[i];
            kept++;
        }
        return kept;
    }

    /// <summary>Mean square of a span (for the silence gate).</summary>
    internal static double MeanSquare(ReadOnlySpan<float> samples) =>
        samples.Length == 0 ? 0 : TensorPrimitives.SumOfSquares(samples) / (double)samples.Length;
}
