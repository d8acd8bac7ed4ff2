namespace Augment.Splat.Training;

/// <summary>
/// The 3DGS training loss (Kerbl et al. 2023, eq. 7): L = (1-λ) L1 + λ (1 - SSIM), λ = 0.2 by default, on planar RGB
/// images (float[3·W·H]), with optional per-pixel weights (0 excludes a pixel: transient removal and user masks).
/// L1 is the weighted mean of |rendered - target| over every sample; SSIM the weighted mean of the SSIM map over the
/// valid region (<see cref="SsimKernel"/>) and the three channels. Channels run in parallel under the budget.
/// </summary>
internal static class PhotometricLoss
{
    /// <summary>
    /// Evaluates the loss and writes dL/d(rendered) into <paramref name="gradient"/> (overwritten). With all weights 1
    /// the SSIM term equals scikit-image's channel-averaged SSIM.
    /// </summary>
    public static LossValue Evaluate(float[] rendered, float[] target, float[]? weights, int width, int height, float lambda, float[] gradient, ComputeBudget budget)
    {
        var pixels = width * height;
        if (rendered.Length < 3 * pixels || target.Length < 3 * pixels || gradient.Length < 3 * pixels)
            throw new ArgumentException($"Loss images must hold 3 × {width} × {height} = {3 * pixels} samples; got rendered {rendered.Length}, target {target.Length}, gradient {gradient.Length}.");
        if (weights is not null && weights.Length < pixels)
            throw new ArgumentException($"Loss weights must hold {pixels} values; got {weights.Length}.", nameof(weights));
        if (width < SsimKernel.Taps || height < SsimKernel.Taps)
            throw new ArgumentException($"The SSIM loss needs at least {SsimKernel.Taps}x{SsimKernel.Taps} pixels; got {width}x{height}.");
        Array.Clear(gradient, 0, 3 * pixels);

        double allWeight = pixels, innerWeight = (width - (2 * SsimKernel.Radius)) * (double)(height - (2 * SsimKernel.Radius));
        if (weights is not null)
        {
            allWeight = 0;
            innerWeight = 0;
            for (var p = 0; p < pixels; p++)
            {
                allWeight += weights[p];
                int row = p / width, col = p - (row * width);
                if (row >= SsimKernel.Radius && row < height - SsimKernel.Radius && col >= SsimKernel.Radius && col < width - SsimKernel.Radius)
                    innerWeight += weights[p];
            }
        }
        if (allWeight <= 0)
            return new LossValue(0, 0, 1);

        var l1Scale = 1.0 / (3 * allWeight);
        var ssimScale = innerWeight > 0 ? 1.0 / (3 * innerWeight) : 0;
        var l1Sums = new double[3];
        var ssimSums = new double[3];
        Parallel.For(0, 3, budget.ToParallelOptions(), c =>
        {
            var x = rendered.AsSpan(c * pixels, pixels);
            var y = target.AsSpan(c * pixels, pixels);
            var grad = gradient.AsSpan(c * pixels, pixels);
            var w = weights is null ? ReadOnlySpan<float>.Empty : weights.AsSpan(0, pixels);
            var sum = 0.0;
            var l1Gradient = (float)((1 - lambda) * l1Scale);
            for (var p = 0; p < pixels; p++)
            {
                var wp = w.IsEmpty ? 1f : w[p];
                var d = x[p] - y[p];
                sum += wp * Math.Abs(d);
                grad[p] = wp * l1Gradient * MathF.Sign(d);
            }
            l1Sums[c] = sum;
            if (ssimScale > 0)
                ssimSums[c] = SsimKernel.WeightedSum(x, y, w, width, height, 1.0, grad, -lambda * ssimScale);
        });
        var l1 = (l1Sums[0] + l1Sums[1] + l1Sums[2]) * l1Scale;
        var ssim = ssimScale > 0 ? (ssimSums[0] + ssimSums[1] + ssimSums[2]) * ssimScale : 1;
        return new LossValue(((1 - lambda) * l1) + (lambda * (1 - ssim)), l1, ssim);
    }
}
