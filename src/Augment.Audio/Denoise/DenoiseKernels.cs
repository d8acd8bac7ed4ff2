using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Augment.Audio;

/// <summary>
/// Per-bin arithmetic of the noise reducer over whole frames of bins: TensorPrimitives (SIMD) versions
/// and scalar double-precision references beside them, which the tests compare.
/// </summary>
internal static class DenoiseKernels
{
    /// <summary>|X|² of every bin.</summary>
    public static void Power(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> power)
    {
        TensorPrimitives.Multiply(real, real, power);
        TensorPrimitives.MultiplyAdd(imag, imag, power, power);
    }

    /// <summary>
    /// Decision-directed a priori SNR (Ephraim–Malah): ξ = α·|Â_prev|²/λ + (1 − α)·max(γ − 1, 0), γ = |Y|²/λ,
    /// floored at <paramref name="xiMin"/>, then blended with its [¼ ½ ¼] neighbourhood by <paramref name="smoothing"/>.
    /// </summary>
    /// <param name="power">|Y|² of this frame.</param>
    /// <param name="noise">Noise power λ per bin (positive).</param>
    /// <param name="previousClean">|Â|² of the previous frame (unfloored gain² · |Y_prev|²).</param>
    /// <param name="alpha">Decision-directed weight.</param>
    /// <param name="xiMin">Lower bound of ξ.</param>
    /// <param name="smoothing">0..1 weight of the frequency-smoothed ξ.</param>
    /// <param name="gamma">Receives γ.</param>
    /// <param name="xi">Receives the smoothed ξ.</param>
    /// <param name="scratch">Scratch, bin count long.</param>
    public static void AprioriSnr(ReadOnlySpan<float> power, ReadOnlySpan<float> noise, ReadOnlySpan<float> previousClean,
        float alpha, float xiMin, float smoothing, Span<float> gamma, Span<float> xi, Span<float> scratch)
    {
        TensorPrimitives.Divide(power, noise, gamma);
        TensorPrimitives.Subtract(gamma, 1f, scratch);
        TensorPrimitives.Max(scratch, 0f, scratch);
        TensorPrimitives.Multiply(scratch, 1f - alpha, scratch);
        TensorPrimitives.Divide(previousClean, noise, xi);
        TensorPrimitives.MultiplyAdd(xi, alpha, scratch, xi);
        TensorPrimitives.Max(xi, xiMin, xi);
        if (smoothing <= 0 || xi.Length < 3)
            return;
        // xs[k] = (1 − s/2)·ξ[k] + (s/4)·(ξ[k−1] + ξ[k+1]); the ends mirror their neighbour.
        var n = xi.Length;
        xi.CopyTo(scratch);
        var inner = xi.Slice(1, n - 2);
        TensorPrimitives.Add(scratch[..(n - 2)], scratch[2..], inner);
        TensorPrimitives.Multiply(inner, smoothing * 0.25f, inner);
        TensorPrimitives.MultiplyAdd(scratch.Slice(1, n - 2), 1f - (smoothing * 0.5f), inner, inner);
        xi[0] = ((1f - (smoothing * 0.5f)) * scratch[0]) + (smoothing * 0.5f * scratch[1]);
        xi[n - 1] = ((1f - (smoothing * 0.5f)) * scratch[n - 1]) + (smoothing * 0.5f * scratch[n - 2]);
    }

    /// <summary>Wiener gain ξ/(1 + ξ).</summary>
    public static void WienerGain(ReadOnlySpan<float> xi, Span<float> gain)
    {
        TensorPrimitives.Add(xi, 1f, gain);
        TensorPrimitives.Divide(xi, gain, gain);
    }

    /// <summary>Log-spectral-amplitude MMSE gain ξ/(1 + ξ)·exp(½·E1(ξγ/(1 + ξ))), at most 1 (SIMD; scalar tail).</summary>
    public static void LogMmseGain(ReadOnlySpan<float> xi, ReadOnlySpan<float> gamma, Span<float> gain)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            var half = Vector256.Create(0.5f);
            var tiny = Vector256.Create(1e-8f);
            for (; k <= xi.Length - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                var x = Vector256.Create(xi.Slice(k, Vector256<float>.Count));
                var wiener = x / (one + x);
                var v = Vector256.Max(wiener * Vector256.Create(gamma.Slice(k, Vector256<float>.Count)), tiny);
                var g = Vector256.Min(one, wiener * Vector256.Exp(half * ExponentialIntegral(v)));
                g.CopyTo(gain.Slice(k, Vector256<float>.Count));
            }
        }
        for (; k < xi.Length; k++)
        {
            var wiener = xi[k] / (1f + xi[k]);
            var v = Math.Max(wiener * gamma[k], 1e-8f);
            gain[k] = Math.Min(1f, wiener * MathF.Exp(0.5f * ExponentialIntegral(v)));
        }
    }

    /// <summary>The scalar loop of <see cref="LogMmseGain"/> (one exp per bin): the benchmarks' baseline.</summary>
    public static void LogMmseGainScalar(ReadOnlySpan<float> xi, ReadOnlySpan<float> gamma, Span<float> gain)
    {
        for (var k = 0; k < xi.Length; k++)
        {
            var wiener = xi[k] / (1f + xi[k]);
            var v = Math.Max(wiener * gamma[k], 1e-8f);
            gain[k] = Math.Min(1f, wiener * MathF.Exp(0.5f * ExponentialIntegral(v)));
        }
    }

    /// <summary>
    /// E1 of 8 lanes: Abramowitz &amp; Stegun 5.1.53 where x ≤ 1, 5.1.56 above, both evaluated and blended by a mask
    /// (same formulas as the scalar <see cref="ExponentialIntegral(float)"/>; above ~88 exp overflows and E1 → 0).
    /// </summary>
    public static Vector256<float> ExponentialIntegral(Vector256<float> x)
    {
        var small = -Vector256.Log(x) - Vector256.Create(0.57721566f)
            + (x * (Vector256.Create(0.99999193f) + (x * (Vector256.Create(-0.24991055f) + (x * (Vector256.Create(0.05519968f)
            + (x * (Vector256.Create(-0.00976004f) + (x * Vector256.Create(0.00107857f))))))))));
        var num = (x * (x + Vector256.Create(2.334733f))) + Vector256.Create(0.250621f);
        var den = (x * (x + Vector256.Create(3.330657f))) + Vector256.Create(1.681534f);
        var large = num / (den * x * Vector256.Exp(Vector256.Min(x, Vector256.Create(87f))));
        large = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(80f)), Vector256<float>.Zero, large);
        return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256.Create(1f)), small, large);
    }

    /// <summary>
    /// Conditional speech presence probability (Cohen &amp; Berdugo 2001, eq. 16):
    /// p = 1 / (1 + q/(1 − q)·(1 + ξ)·exp(−v)), v = ξγ/(1 + ξ), for a fixed a priori speech absence probability q.
    /// </summary>
    public static void PresenceProbability(ReadOnlySpan<float> xi, ReadOnlySpan<float> gamma, float absencePrior, Span<float> presence, Span<float> scratch)
    {
        // v = ξγ/(1 + ξ), capped so exp(−v) stays a normal float; p → 1 far beyond that anyway.
        TensorPrimitives.Add(xi, 1f, scratch);
        TensorPrimitives.Divide(xi, scratch, presence);
        TensorPrimitives.Multiply(presence, gamma, presence);
        TensorPrimitives.Min(presence, 80f, presence);
        TensorPrimitives.Negate(presence, presence);
        TensorPrimitives.Exp(presence, presence);
        TensorPrimitives.Multiply(presence, scratch, presence);
        TensorPrimitives.Multiply(presence, absencePrior / (1f - absencePrior), presence);
        TensorPrimitives.Add(presence, 1f, presence);
        TensorPrimitives.Reciprocal(presence, presence);
    }

    /// <summary>
    /// OM-LSA (Cohen &amp; Berdugo 2001, eq. 8): G = G_H1^p · G_min^(1 − p), computed as exp(p·(ln G_H1 − ln G_min) + ln G_min).
    /// <paramref name="gain"/> holds G_H1 on entry (positive) and G on return.
    /// </summary>
    public static void PresenceWeightedGain(Span<float> gain, ReadOnlySpan<float> presence, float floor)
    {
        var lnFloor = MathF.Log(floor);
        TensorPrimitives.Max(gain, 1e-30f, gain);
        TensorPrimitives.Log(gain, gain);
        TensorPrimitives.Subtract(gain, lnFloor, gain);
        TensorPrimitives.MultiplyAdd(gain, presence, lnFloor, gain);
        TensorPrimitives.Exp(gain, gain);
    }

    /// <summary>
    /// One frame of the speech-presence-probability noise tracker of Gerkmann &amp; Hendriks (2012): a posteriori
    /// SPP under a fixed a priori SNR ξ_H1 = 15 dB and equal priors, P = 1/(1 + (1 + ξ_H1)·exp(−γ·ξ_H1/(1 + ξ_H1))),
    /// γ = |Y|²/λ; stagnation guard (P ≤ 0.99 where its running mean exceeds 0.99); E[|N|²] = (1 − P)·|Y|² + P·λ;
    /// λ ← β·λ + (1 − β)·E[|N|²].
    /// </summary>
    public static void SpeechPresenceNoiseUpdate(ReadOnlySpan<float> power, Span<float> noise, Span<float> meanPresence,
        float noiseSmoothing, float presenceSmoothing, Span<float> presence)
    {
        const float xiH1 = 31.622776f;
        TensorPrimitives.Divide(power, noise, presence);
        TensorPrimitives.Multiply(presence, -xiH1 / (1f + xiH1), presence);
        TensorPrimitives.Max(presence, -80f, presence);
        TensorPrimitives.Exp(presence, presence);
        TensorPrimitives.Multiply(presence, 1f + xiH1, presence);
        TensorPrimitives.Add(presence, 1f, presence);
        TensorPrimitives.Reciprocal(presence, presence);
        TensorPrimitives.Multiply(meanPresence, presenceSmoothing, meanPresence);
        TensorPrimitives.MultiplyAdd(presence, 1f - presenceSmoothing, meanPresence, meanPresence);
        for (var k = 0; k < presence.Length; k++)
        {
            if (meanPresence[k] > 0.99f)
                presence[k] = Math.Min(presence[k], 0.99f);
        }
        // λ ← β·λ + (1 − β)·(|Y|² + P·(λ − |Y|²)); presence is reused as the scratch for E[|N|²].
        for (var k = 0; k < presence.Length; k++)
        {
            var expected = power[k] + (presence[k] * (noise[k] - power[k]));
            noise[k] = (noiseSmoothing * noise[k]) + ((1f - noiseSmoothing) * expected);
        }
    }

    /// <summary>G² · |Y|² (next frame's previous clean power), then the floor on G.</summary>
    public static void FinishGain(Span<float> gain, ReadOnlySpan<float> power, float floor, Span<float> previousClean)
    {
        TensorPrimitives.Multiply(gain, gain, previousClean);
        TensorPrimitives.Multiply(previousClean, power, previousClean);
        TensorPrimitives.Max(gain, floor, gain);
    }

    /// <summary>E1(x) for x &gt; 0: Abramowitz &amp; Stegun 5.1.53 below 1 (error &lt; 2e-7), 5.1.56 above (relative error &lt; 5e-5).</summary>
    public static float ExponentialIntegral(float x)
    {
        if (x <= 1f)
            return -MathF.Log(x) - 0.57721566f + (x * (0.99999193f + (x * (-0.24991055f + (x * (0.05519968f + (x * (-0.00976004f + (x * 0.00107857f)))))))));
        if (x > 80f)
            return 0f;
        var num = (x * (x + 2.334733f)) + 0.250621f;
        var den = (x * (x + 3.330657f)) + 1.681534f;
        return num / (den * x * MathF.Exp(x));
    }

    /// <summary>
    /// Scalar double reference of one frame's gain: γ, decision-directed ξ, smoothing, the gain rule and the floor.
    /// </summary>
    public static void GainReference(ReadOnlySpan<float> power, ReadOnlySpan<float> noise, Span<float> previousClean,
        double alpha, double xiMin, double smoothing, NoiseReductionGain rule, double floor, Span<float> gain, double absencePrior = 0.5)
    {
        var n = power.Length;
        var gamma = new double[n];
        var xi = new double[n];
        for (var k = 0; k < n; k++)
        {
            gamma[k] = (double)power[k] / noise[k];
            xi[k] = Math.Max(xiMin, (alpha * previousClean[k] / noise[k]) + ((1 - alpha) * Math.Max(gamma[k] - 1, 0)));
        }
        var smoothed = (double[])xi.Clone();
        if (smoothing > 0 && n >= 3)
        {
            for (var k = 0; k < n; k++)
            {
                var left = k == 0 ? xi[1] : xi[k - 1];
                var right = k == n - 1 ? xi[n - 2] : xi[k + 1];
                smoothed[k] = ((1 - smoothing) * xi[k]) + (smoothing * ((0.25 * left) + (0.5 * xi[k]) + (0.25 * right)));
            }
        }
        for (var k = 0; k < n; k++)
        {
            var wiener = smoothed[k] / (1 + smoothed[k]);
            var g = rule == NoiseReductionGain.Wiener
                ? wiener
                : Math.Min(1, wiener * Math.Exp(0.5 * ExponentialIntegralReference(Math.Max(wiener * gamma[k], 1e-8))));
            previousClean[k] = (float)(g * g * power[k]);
            if (rule == NoiseReductionGain.OmLsa)
            {
                var v = Math.Min(80, smoothed[k] * gamma[k] / (1 + smoothed[k]));
                var p = 1 / (1 + (absencePrior / (1 - absencePrior) * (1 + smoothed[k]) * Math.Exp(-v)));
                g = Math.Pow(Math.Max(g, 1e-30), p) * Math.Pow(floor, 1 - p);
            }
            gain[k] = (float)Math.Max(g, floor);
        }
    }

    /// <summary>E1(x) by its power series (x ≤ 2) or continued fraction (x &gt; 2), in double.</summary>
    public static double ExponentialIntegralReference(double x)
    {
        if (x <= 2)
        {
            double sum = 0, term = 1;
            for (var k = 1; k < 60; k++)
            {
                term *= -x / k;
                sum -= term / k;
            }
            return -0.5772156649015329 - Math.Log(x) + sum;
        }
        // Lentz continued fraction for e^x·E1(x).
        double b = x + 1, c = 1e300, d = 1 / b, h = d;
        for (var i = 1; i < 200; i++)
        {
            var a = -(double)i * i;
            b += 2;
            d = 1 / ((a * d) + b);
            c = b + (a / c);
            var delta = c * d;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return h * Math.Exp(-x);
    }
}
