namespace Augment.Audio;

/// <summary>
/// Multichannel Wiener filtering of stem estimates against the mix, as in norbert (the filter Open-Unmix uses;
/// Nugraha, Liutkus and Vincent, "Multichannel audio source separation with deep neural networks", IEEE/ACM TASLP 24(9),
/// 2016, eqs. 6–11). Spectrograms of one chunk are laid out channel-major, then frame, then bin:
/// <c>x[(c·W + t)·B + b]</c> for the mix and <c>y[((s·C + c)·W + t)·B + b]</c> for stem s; only the first
/// <c>frames</c> of the <c>W</c> frame slots are used.
/// </summary>
internal static class WienerKernels
{
    /// <summary>Relative floor on powers (times the chunk's peak mix power): keeps silent bins from dividing by zero.</summary>
    internal const double RelativeEpsilon = 1e-10;

    /// <summary>
    /// First estimates from non-negative magnitudes <paramref name="v"/>: with <paramref name="normalize"/>,
    /// <c>y_s = v_s / Σ_k v_k · x</c> (ratio mask; norbert's softmask), else <c>y_s = v_s · x/|x|</c> (the mix phase).
    /// </summary>
    public static void Initial(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, ReadOnlySpan<float> v, Span<float> yRe, Span<float> yIm,
        int stems, int channels, int stride, int count, bool normalize)
    {
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < count; i++)
            {
                var xi = c * stride + i;
                double re = xRe[xi], im = xIm[xi];
                double scale;
                if (normalize)
                {
                    double total = 0;
                    for (var s = 0; s < stems; s++) total += v[(s * channels + c) * stride + i];
                    scale = total > 0 ? 1 / total : 0;
                }
                else
                {
                    var magnitude = Math.Sqrt(re * re + im * im);
                    // Zero mix: the angle is taken as 0 (numpy's angle(0)), so the estimate stays real.
                    if (magnitude == 0)
                    {
                        re = 1;
                        magnitude = 1;
                    }
                    scale = 1 / magnitude;
                }
                for (var s = 0; s < stems; s++)
                {
                    var yi = (s * channels + c) * stride + i;
                    var g = v[yi] * scale;
                    yRe[yi] = (float)(g * re);
                    yIm[yi] = (float)(g * im);
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="iterations"/> EM iterations refining <paramref name="yRe"/>/<paramref name="yIm"/> in place.
    /// Each iteration: per stem, power <c>v_s(t,f) = mean_c |y_s(c,t,f)|²</c> and spatial covariance
    /// <c>R_s(f) = Σ_t y_s y_sᴴ / Σ_t v_s</c>; then per bin <c>C_x = Σ_s v_s R_s + εI</c> and <c>y_s = v_s R_s C_x⁻¹ x</c>.
    /// Bins are independent, so they run in parallel under <paramref name="budget"/>.
    /// </summary>
    public static void Refine(float[] xRe, float[] xIm, float[] yRe, float[] yIm, int stems, int channels, int slots, int frames, int bins,
        int iterations, ComputeBudget budget, CancellationToken cancellationToken)
    {
        if (iterations == 0) return;
        if (channels is < 1 or > 2)
            throw new ArgumentException($"Wiener EM iterations handle mono or stereo; the mix has {channels} channels (use 0 iterations).", nameof(channels));
        double peak = 0;
        var used = channels * slots * bins;
        for (var i = 0; i < used; i++) peak = Math.Max(peak, xRe[i] * (double)xRe[i] + xIm[i] * (double)xIm[i]);
        var eps = Math.Max(peak * RelativeEpsilon, 1e-30);
        Parallel.For(0, bins, budget.ToParallelOptions(cancellationToken),
            () => new double[stems * frames + stems * 4],
            (b, _, scratch) =>
            {
                for (var iteration = 0; iteration < iterations; iteration++)
                {
                    if (channels == 1) RefineMonoBin(xRe, xIm, yRe, yIm, stems, slots, frames, bins, b, eps, scratch);
                    else RefineStereoBin(xRe, xIm, yRe, yIm, stems, slots, frames, bins, b, eps, scratch);
                }
                return scratch;
            },
            static _ => { });
    }

    private static void RefineMonoBin(float[] xRe, float[] xIm, float[] yRe, float[] yIm, int stems, int slots, int frames, int bins, int b, double eps, double[] scratch)
    {
        var power = scratch.AsSpan(0, stems * frames);
        var r = scratch.AsSpan(stems * frames, stems);
        for (var s = 0; s < stems; s++)
        {
            double sum = 0;
            for (var t = 0; t < frames; t++)
            {
                var i = (s * slots + t) * bins + b;
                var p = yRe[i] * (double)yRe[i] + yIm[i] * (double)yIm[i];
                power[s * frames + t] = p;
                sum += p;
            }
            // Mono: R = Σ|y|² / (ε + Σ v) with v = |y|², i.e. 1 unless the stem is silent in this bin.
            r[s] = sum / (eps + sum);
        }
        for (var t = 0; t < frames; t++)
        {
            var cxx = eps;
            for (var s = 0; s < stems; s++) cxx += power[s * frames + t] * r[s];
            var xi = t * bins + b;
            double zr = xRe[xi] / cxx, zi = xIm[xi] / cxx;
            for (var s = 0; s < stems; s++)
            {
                var g = power[s * frames + t] * r[s];
                var i = (s * slots + t) * bins + b;
                yRe[i] = (float)(g * zr);
                yIm[i] = (float)(g * zi);
            }
        }
    }

    private static void RefineStereoBin(float[] xRe, float[] xIm, float[] yRe, float[] yIm, int stems, int slots, int frames, int bins, int b, double eps, double[] scratch)
    {
        var power = scratch.AsSpan(0, stems * frames);
        // Per stem: R = [[a, c], [conj(c), d]] with a, d real and c = cr + i·ci.
        var cov = scratch.AsSpan(stems * frames, stems * 4);
        for (var s = 0; s < stems; s++)
        {
            double a = 0, d = 0, cr = 0, ci = 0, sum = 0;
            for (var t = 0; t < frames; t++)
            {
                var i0 = ((s * 2) * slots + t) * bins + b;
                var i1 = ((s * 2 + 1) * slots + t) * bins + b;
                double r0 = yRe[i0], m0 = yIm[i0], r1 = yRe[i1], m1 = yIm[i1];
                var p0 = r0 * r0 + m0 * m0;
                var p1 = r1 * r1 + m1 * m1;
                var v = 0.5 * (p0 + p1);
                power[s * frames + t] = v;
                sum += v;
                a += p0;
                d += p1;
                // y0 · conj(y1)
                cr += r0 * r1 + m0 * m1;
                ci += m0 * r1 - r0 * m1;
            }
            var norm = 1 / (eps + sum);
            cov[s * 4] = a * norm;
            cov[s * 4 + 1] = d * norm;
            cov[s * 4 + 2] = cr * norm;
            cov[s * 4 + 3] = ci * norm;
        }
        for (var t = 0; t < frames; t++)
        {
            double ca = eps, cd = eps, ccr = 0, cci = 0;
            for (var s = 0; s < stems; s++)
            {
                var v = power[s * frames + t];
                ca += v * cov[s * 4];
                cd += v * cov[s * 4 + 1];
                ccr += v * cov[s * 4 + 2];
                cci += v * cov[s * 4 + 3];
            }
            // Hermitian 2×2 inverse: [[d, −c], [−conj(c), a]] / (a·d − |c|²).
            var det = ca * cd - (ccr * ccr + cci * cci);
            if (det <= 0) det = eps * eps;
            var x0 = t * bins + b;
            var x1 = (slots + t) * bins + b;
            double x0r = xRe[x0], x0i = xIm[x0], x1r = xRe[x1], x1i = xIm[x1];
            // z = C⁻¹ x
            var z0r = (cd * x0r - (ccr * x1r - cci * x1i)) / det;
            var z0i = (cd * x0i - (ccr * x1i + cci * x1r)) / det;
            var z1r = (-(ccr * x0r + cci * x0i) + ca * x1r) / det;
            var z1i = (-(ccr * x0i - cci * x0r) + ca * x1i) / det;
            for (var s = 0; s < stems; s++)
            {
                var v = power[s * frames + t];
                double a = cov[s * 4], d = cov[s * 4 + 1], cr = cov[s * 4 + 2], ci = cov[s * 4 + 3];
                // y = v · R · z
                var y0r = a * z0r + (cr * z1r - ci * z1i);
                var y0i = a * z0i + (cr * z1i + ci * z1r);
                var y1r = (cr * z0r + ci * z0i) + d * z1r;
                var y1i = (cr * z0i - ci * z0r) + d * z1i;
                var i0 = ((s * 2) * slots + t) * bins + b;
                var i1 = ((s * 2 + 1) * slots + t) * bins + b;
                yRe[i0] = (float)(v * y0r);
                yIm[i0] = (float)(v * y0i);
                yRe[i1] = (float)(v * y1r);
                yIm[i1] = (float)(v * y1i);
            }
        }
    }
}
