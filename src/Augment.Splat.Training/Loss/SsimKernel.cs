namespace Augment.Splat.Training;

/// <summary>
/// Structural similarity of one channel and its exact gradient with respect to the first image. The definition is
/// scikit-image's <c>structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)</c> (Wang et
/// al. 2004 with an 11×11 Gaussian window, σ = 1.5, K1 = 0.01, K2 = 0.03), averaged over the pixels at least 5 pixels
/// from every border — there every window lies inside the image, so the border rule of the filter never matters — and
/// optionally weighted per pixel (transient removal and masks). 3DGS (Kerbl et al. 2023) uses the same window.
/// </summary>
/// <remarks>
/// Gradient: with μx = G∗x, Sxx = G∗x², Sxy = G∗(xy), A1 = 2μxμy + C1, A2 = 2(Sxy - μxμy) + C2, B1 = μx² + μy² + C1,
/// B2 = Sxx - μx² + Syy - μy² + C2 and s = A1A2 / (B1B2):
/// ∂s/∂μx = s (2μy/A1 - 2μy/A2 - 2μx/B1 + 2μx/B2), ∂s/∂Sxx = -s / B2, ∂s/∂Sxy = 2s / A2; then
/// ∂(Σ w s)/∂x = Gᵀ∗(w ∂s/∂μx) + 2x · Gᵀ∗(w ∂s/∂Sxx) + y · Gᵀ∗(w ∂s/∂Sxy), Gᵀ the adjoint of the valid-region filter.
/// Accumulation in double precision.
/// </remarks>
internal static class SsimKernel
{
    public const int Radius = 5;
    public const int Taps = (2 * Radius) + 1;
    public const double Sigma = 1.5;
    private const double K1 = 0.01;
    private const double K2 = 0.03;

    /// <summary>The normalised 11-tap Gaussian (scipy's gaussian_filter weights for σ = 1.5, truncate 3.5).</summary>
    public static double[] Window()
    {
        var weights = new double[Taps];
        var sum = 0.0;
        for (var k = -Radius; k <= Radius; k++)
        {
            weights[k + Radius] = Math.Exp(-0.5 * k * k / (Sigma * Sigma));
            sum += weights[k + Radius];
        }
        for (var k = 0; k < Taps; k++)
            weights[k] /= sum;
        return weights;
    }

    /// <summary>
    /// Returns Σ_p w(p) s(p) over the valid region (w = 1 where <paramref name="weights"/> is empty) and, when
    /// <paramref name="gradient"/> is not empty, adds <paramref name="gradientScale"/> × ∂(Σ w s)/∂x into it.
    /// </summary>
    /// <param name="x">The image differentiated (rendered), width × height.</param>
    /// <param name="y">The reference image.</param>
    /// <param name="weights">Per-pixel weights over the full frame, or empty for all ones.</param>
    /// <param name="width">Width in pixels (at least 11).</param>
    /// <param name="height">Height in pixels (at least 11).</param>
    /// <param name="dataRange">Value range (1 for 0..1 images).</param>
    /// <param name="gradient">Full-frame gradient accumulator, or empty.</param>
    /// <param name="gradientScale">Factor applied to the gradient before adding.</param>
    public static double WeightedSum(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> weights, int width, int height, double dataRange, Span<float> gradient, double gradientScale)
    {
        var g = Window();
        int iw = width - (2 * Radius), ih = height - (2 * Radius);
        var c1 = (K1 * dataRange) * (K1 * dataRange);
        var c2 = (K2 * dataRange) * (K2 * dataRange);

        // Horizontal pass of x, y, x², y², xy over every row, valid columns only.
        var h = new double[5][];
        for (var q = 0; q < 5; q++)
            h[q] = new double[height * iw];
        for (var r = 0; r < height; r++)
        {
            var row = r * width;
            for (var i = 0; i < iw; i++)
            {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (var k = 0; k < Taps; k++)
                {
                    double a = x[row + i + k], b = y[row + i + k], w = g[k];
                    sx += w * a;
                    sy += w * b;
                    sxx += w * a * a;
                    syy += w * b * b;
                    sxy += w * a * b;
                }
                var o = (r * iw) + i;
                h[0][o] = sx;
                h[1][o] = sy;
                h[2][o] = sxx;
                h[3][o] = syy;
                h[4][o] = sxy;
            }
        }

        var wantGradient = !gradient.IsEmpty;
        double[]? dm = null, dxx = null, dxy = null;
        if (wantGradient)
        {
            dm = new double[height * iw];
            dxx = new double[height * iw];
            dxy = new double[height * iw];
        }
        var total = 0.0;
        for (var j = 0; j < ih; j++)
        {
            for (var i = 0; i < iw; i++)
            {
                double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                for (var k = 0; k < Taps; k++)
                {
                    var o = ((j + k) * iw) + i;
                    var w = g[k];
                    mx += w * h[0][o];
                    my += w * h[1][o];
                    sxx += w * h[2][o];
                    syy += w * h[3][o];
                    sxy += w * h[4][o];
                }
                var weight = weights.IsEmpty ? 1.0 : weights[((j + Radius) * width) + i + Radius];
                if (weight == 0)
                    continue;
                var a1 = (2 * mx * my) + c1;
                var a2 = (2 * (sxy - (mx * my))) + c2;
                var b1 = (mx * mx) + (my * my) + c1;
                var b2 = (sxx - (mx * mx)) + (syy - (my * my)) + c2;
                var s = a1 * a2 / (b1 * b2);
                total += weight * s;
                if (!wantGradient)
                    continue;
                var ws = weight * s;
                var dMean = ws * ((2 * my / a1) - (2 * my / a2) - (2 * mx / b1) + (2 * mx / b2));
                var dSquare = -ws / b2;
                var dCross = 2 * ws / a2;
                // Adjoint of the vertical pass: scatter into the horizontal-pass layout.
                for (var k = 0; k < Taps; k++)
                {
                    var o = ((j + k) * iw) + i;
                    var w = g[k];
                    dm![o] += w * dMean;
                    dxx![o] += w * dSquare;
                    dxy![o] += w * dCross;
                }
            }
        }
        if (!wantGradient)
            return total;

        // Adjoint of the horizontal pass, then the chain through x, x² and xy.
        for (var r = 0; r < height; r++)
        {
            var row = r * width;
            for (var col = 0; col < width; col++)
            {
                double am = 0, axx = 0, axy = 0;
                var first = Math.Max(0, col - (Taps - 1));
                var last = Math.Min(iw - 1, col);
                for (var i = first; i <= last; i++)
                {
                    var w = g[col - i];
                    var o = (r * iw) + i;
                    am += w * dm![o];
                    axx += w * dxx![o];
                    axy += w * dxy![o];
                }
                var p = row + col;
                gradient[p] += (float)(gradientScale * (am + (2 * x[p] * axx) + (y[p] * axy)));
            }
        }
        return total;
    }
}
