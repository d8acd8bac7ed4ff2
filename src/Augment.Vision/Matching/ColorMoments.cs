using System.Numerics;

namespace Augment.Vision;

/// <summary>Weighted first and second moments of three planes, accumulated in double.</summary>
internal readonly record struct ColorMoments(double Weight, double Mean0, double Mean1, double Mean2, ColorMatrix3x3 Covariance)
{
    /// <summary>Standard deviation of channel <paramref name="channel"/> (0..2).</summary>
    public double StandardDeviation(int channel) => Math.Sqrt(Math.Max(Covariance[channel, channel], 0.0));

    public double Mean(int channel) => channel switch { 0 => Mean0, 1 => Mean1, _ => Mean2 };

    /// <summary>
    /// The moments of the union of two weighted pixel sets (Chan, Golub and LeVeque 1979, pairwise
    /// update): weights add, means blend by weight, covariances add with the between-means term.
    /// </summary>
    public static ColorMoments Combine(ColorMoments first, ColorMoments second)
    {
        if (second.Weight <= 0)
            return first;
        if (first.Weight <= 0)
            return second;
        var total = first.Weight + second.Weight;
        double d0 = second.Mean0 - first.Mean0, d1 = second.Mean1 - first.Mean1, d2 = second.Mean2 - first.Mean2;
        double[] d = [d0, d1, d2];
        var between = first.Weight * second.Weight / (total * total);
        double fa = first.Weight / total, fb = second.Weight / total;
        var c = new double[9];
        for (var r = 0; r < 3; r++)
        {
            for (var k = 0; k < 3; k++)
                c[(3 * r) + k] = (fa * first.Covariance[r, k]) + (fb * second.Covariance[r, k]) + (between * d[r] * d[k]);
        }
        return new ColorMoments(total, first.Mean0 + (fb * d0), first.Mean1 + (fb * d1), first.Mean2 + (fb * d2),
            new ColorMatrix3x3(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]));
    }

    /// <summary>
    /// Moments of the first three planes of <paramref name="frame"/>, each pixel weighted by
    /// <paramref name="weights"/> (a 0..1 plane) or by 1. Each band sums deviations from a band-local
    /// pivot (its first pixel) so that large offsets do not cancel the variance; bands then merge in
    /// order by the parallel-axis rule, which keeps the result independent of the thread count.
    /// </summary>
    public static ColorMoments Compute(ImageFrame frame, ImageFrame? weights, CancellationToken cancellationToken)
    {
        var pixels = frame.PixelCount;
        var bands = PlaneBands.Count(pixels);
        // Per band: weight, pivot (3), sums of deviations (3), sums of products of deviations (6).
        var partial = new double[bands * 13];
        PlaneBands.Run(pixels, frame.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
        {
            ReadOnlySpan<float> x = frame.Plane(0).Slice(start, length);
            ReadOnlySpan<float> y = frame.Plane(1).Slice(start, length);
            ReadOnlySpan<float> z = frame.Plane(2).Slice(start, length);
            ReadOnlySpan<float> w = weights is null ? default : weights.Plane(0).Slice(start, length);
            double px = x[0], py = y[0], pz = z[0];
            double sw = 0, sx = 0, sy = 0, sz = 0, sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
            var start0 = 0;
            if (w.IsEmpty)
            {
                start0 = UnweightedSums(x, y, z, px, py, pz, out var sums);
                sw = start0;
                (sx, sy, sz, sxx, sxy, sxz, syy, syz, szz) = (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8]);
            }
            for (var i = start0; i < x.Length; i++)
            {
                double weight = w.IsEmpty ? 1.0 : w[i];
                if (weight <= 0.0)
                    continue;
                double dx = x[i] - px, dy = y[i] - py, dz = z[i] - pz;
                double wx = weight * dx, wy = weight * dy, wz = weight * dz;
                sw += weight;
                sx += wx;
                sy += wy;
                sz += wz;
                sxx += wx * dx;
                sxy += wx * dy;
                sxz += wx * dz;
                syy += wy * dy;
                syz += wy * dz;
                szz += wz * dz;
            }
            var p = partial.AsSpan(band * 13, 13);
            p[0] = sw;
            if (sw > 0)
            {
                // Store the band's own mean and centred second moments.
                double mx = sx / sw, my = sy / sw, mz = sz / sw;
                p[1] = px + mx;
                p[2] = py + my;
                p[3] = pz + mz;
                p[4] = sxx - sw * mx * mx;
                p[5] = sxy - sw * mx * my;
                p[6] = sxz - sw * mx * mz;
                p[7] = syy - sw * my * my;
                p[8] = syz - sw * my * mz;
                p[9] = szz - sw * mz * mz;
            }
        });

        // Chan et al. (1979) pairwise update of mean and co-moments, bands in order.
        double total = 0, m0 = 0, m1 = 0, m2 = 0, cxx = 0, cxy = 0, cxz = 0, cyy = 0, cyz = 0, czz = 0;
        for (var band = 0; band < bands; band++)
        {
            var p = partial.AsSpan(band * 13, 13);
            var wb = p[0];
            if (wb <= 0)
                continue;
            var combined = total + wb;
            double d0 = p[1] - m0, d1 = p[2] - m1, d2 = p[3] - m2;
            var factor = total * wb / combined;
            cxx += p[4] + factor * d0 * d0;
            cxy += p[5] + factor * d0 * d1;
            cxz += p[6] + factor * d0 * d2;
            cyy += p[7] + factor * d1 * d1;
            cyz += p[8] + factor * d1 * d2;
            czz += p[9] + factor * d2 * d2;
            m0 += d0 * wb / combined;
            m1 += d1 * wb / combined;
            m2 += d2 * wb / combined;
            total = combined;
        }
        if (total <= 0)
            return new ColorMoments(0, 0, 0, 0, default);
        return new ColorMoments(total, m0, m1, m2, new ColorMatrix3x3(
            cxx / total, cxy / total, cxz / total,
            cxy / total, cyy / total, cyz / total,
            cxz / total, cyz / total, czz / total));
    }
    /// <summary>
    /// Sums of deviations and their products over the whole vectors of an unweighted band, widened to
    /// double in <see cref="Vector{T}"/> lanes (lanes added in a fixed order at the end).
    /// </summary>
    /// <returns>The number of pixels summed; the caller finishes the tail with the scalar loop.</returns>
    private static int UnweightedSums(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, double px, double py, double pz, out double[] sums)
    {
        sums = new double[9];
        var count = Vector<float>.Count;
        if (!Vector.IsHardwareAccelerated || x.Length < count)
            return 0;
        var ax = new Vector<double>(px);
        var ay = new Vector<double>(py);
        var az = new Vector<double>(pz);
        Vector<double> sx = default, sy = default, sz = default, sxx = default, sxy = default, sxz = default, syy = default, syz = default, szz = default;
        var i = 0;
        for (; i <= x.Length - count; i += count)
        {
            Vector.Widen(new Vector<float>(x[i..]), out var x0, out var x1);
            Vector.Widen(new Vector<float>(y[i..]), out var y0, out var y1);
            Vector.Widen(new Vector<float>(z[i..]), out var z0, out var z1);
            Accumulate(x0 - ax, y0 - ay, z0 - az);
            Accumulate(x1 - ax, y1 - ay, z1 - az);
        }
        sums[0] = Vector.Sum(sx);
        sums[1] = Vector.Sum(sy);
        sums[2] = Vector.Sum(sz);
        sums[3] = Vector.Sum(sxx);
        sums[4] = Vector.Sum(sxy);
        sums[5] = Vector.Sum(sxz);
        sums[6] = Vector.Sum(syy);
        sums[7] = Vector.Sum(syz);
        sums[8] = Vector.Sum(szz);
        return i;

        void Accumulate(Vector<double> dx, Vector<double> dy, Vector<double> dz)
        {
            sx += dx;
            sy += dy;
            sz += dz;
            sxx += dx * dx;
            sxy += dx * dy;
            sxz += dx * dz;
            syy += dy * dy;
            syz += dy * dz;
            szz += dz * dz;
        }
    }
}
