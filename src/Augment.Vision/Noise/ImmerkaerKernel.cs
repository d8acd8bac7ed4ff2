namespace Augment.Vision;

/// <summary>
/// Immerkær's fast noise-variance estimator (J. Immerkær, "Fast Noise Variance Estimation", CVIU 64(2),
/// 1996): convolve with the difference of two Laplacians
/// <c>N = [1 −2 1; −2 4 −2; 1 −2 1]</c>, which cancels any locally quadratic signal; for white Gaussian
/// noise of deviation σ the response is Gaussian with deviation 6σ (the mask's squared weights sum to 36),
/// so <c>σ = √(π/2) / (6 (W−2)(H−2)) · Σ |I ∗ N|</c> (eq. 9 there). Strong edges survive the mask and
/// inflate the estimate, so the optional gate of Tai and Yang (ICCE 2008) leaves out the pixels with the
/// strongest Sobel gradient. Every method works on a plane (row after row, <c>stride</c> samples per row)
/// and a <see cref="PixelRegion"/> inside it, so that callers can estimate per block.
/// </summary>
internal static class ImmerkaerKernel
{
    /// <summary>√(π/2) / 6: turns the mean absolute mask response into σ.</summary>
    public static readonly double Scale = Math.Sqrt(Math.PI / 2) / 6;

    /// <summary>
    /// Σ |I ∗ N| over the region's interior (the mask needs one pixel of the region on every side) and the
    /// number of terms. Pixels whose <paramref name="excluded"/> entry (same layout as the plane) is non-zero
    /// are left out; pass an empty span to keep all.
    /// </summary>
    public static (double Sum, long Count) SumAbsResponse(ReadOnlySpan<float> plane, int stride, PixelRegion region, ReadOnlySpan<byte> excluded)
    {
        if (region.Width < 3 || region.Height < 3)
            return (0, 0);
        var useMask = !excluded.IsEmpty;
        double sum = 0;
        long count = 0;
        var x0 = region.X + 1;
        var x1 = region.X + region.Width - 1;
        for (var y = region.Y + 1; y < region.Y + region.Height - 1; y++)
        {
            var up = plane.Slice((y - 1) * stride);
            var row = plane.Slice(y * stride);
            var down = plane.Slice((y + 1) * stride);
            // Per-row float accumulation (at most a few thousand terms), summed into double across rows.
            var rowSum = 0f;
            var rowCount = 0;
            for (var x = x0; x < x1; x++)
            {
                if (useMask && excluded[y * stride + x] != 0)
                    continue;
                var response = up[x - 1] - 2 * up[x] + up[x + 1]
                    - 2 * (row[x - 1] - 2 * row[x] + row[x + 1])
                    + down[x - 1] - 2 * down[x] + down[x + 1];
                rowSum += MathF.Abs(response);
                rowCount++;
            }
            sum += rowSum;
            count += rowCount;
        }
        return (sum, count);
    }

    /// <summary>σ of the noise in the region (0 when the region is under 3x3 or every pixel is excluded).</summary>
    public static float RegionSigma(ReadOnlySpan<float> plane, int stride, PixelRegion region) =>
        RegionSigma(plane, stride, region, default);

    /// <summary>σ of the noise in the region, leaving out the pixels marked in <paramref name="excluded"/>.</summary>
    public static float RegionSigma(ReadOnlySpan<float> plane, int stride, PixelRegion region, ReadOnlySpan<byte> excluded)
    {
        var (sum, count) = SumAbsResponse(plane, stride, region, excluded);
        return count == 0 ? 0f : (float)(Scale * sum / count);
    }

    /// <summary>
    /// Sobel gradient magnitude (|Gx| + |Gy|, the L1 form Tai and Yang use) of every interior pixel into
    /// <paramref name="gradient"/> (same layout as the plane); border pixels get +∞ so that an edge gate
    /// always excludes them (the 3x3 mask is undefined there).
    /// </summary>
    public static void SobelMagnitude(ReadOnlySpan<float> plane, int width, int height, Span<float> gradient)
    {
        for (var y = 0; y < height; y++)
        {
            var output = gradient.Slice(y * width, width);
            if (y == 0 || y == height - 1 || width < 3)
            {
                output.Fill(float.PositiveInfinity);
                continue;
            }
            var up = plane.Slice((y - 1) * width, width);
            var row = plane.Slice(y * width, width);
            var down = plane.Slice((y + 1) * width, width);
            output[0] = float.PositiveInfinity;
            output[width - 1] = float.PositiveInfinity;
            for (var x = 1; x < width - 1; x++)
            {
                var gx = (up[x + 1] + 2 * row[x + 1] + down[x + 1]) - (up[x - 1] + 2 * row[x - 1] + down[x - 1]);
                var gy = (down[x - 1] + 2 * down[x] + down[x + 1]) - (up[x - 1] + 2 * up[x] + up[x + 1]);
                output[x] = MathF.Abs(gx) + MathF.Abs(gy);
            }
        }
    }

    /// <summary>
    /// Marks (1) the pixels whose gradient is among the strongest <paramref name="fraction"/> of the
    /// interior ones, and every border pixel. The threshold comes from a 4096-bin histogram between 0 and
    /// the largest finite gradient (a quantile within 1/4096 of the range, without sorting).
    /// </summary>
    public static void EdgeMask(ReadOnlySpan<float> gradient, float fraction, Span<byte> excluded)
    {
        const int Bins = 4096;
        var max = 0f;
        long interior = 0;
        foreach (var g in gradient)
        {
            if (float.IsFinite(g))
            {
                interior++;
                if (g > max)
                    max = g;
            }
        }
        var threshold = float.PositiveInfinity;
        if (fraction > 0 && interior > 0 && max > 0)
        {
            Span<int> histogram = new int[Bins];
            var toBin = (Bins - 1) / max;
            foreach (var g in gradient)
            {
                if (float.IsFinite(g))
                    histogram[(int)(g * toBin)]++;
            }
            var keep = (long)Math.Ceiling(interior * (1.0 - fraction));
            long seen = 0;
            for (var bin = 0; bin < Bins; bin++)
            {
                seen += histogram[bin];
                if (seen >= keep)
                {
                    threshold = (bin + 1) / toBin;
                    break;
                }
            }
        }
        for (var i = 0; i < gradient.Length; i++)
            excluded[i] = gradient[i] >= threshold || float.IsPositiveInfinity(gradient[i]) ? (byte)1 : (byte)0;
    }
}
