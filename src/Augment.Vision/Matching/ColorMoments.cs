using System.Buffers;
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
    /// With <paramref name="linearToOklab"/> the planes hold linear sRGB and the moments are those of
    /// its OKLab values, converted chunk by chunk on the fly instead of on a copy of the frame.
    /// </summary>
    public static ColorMoments Compute(ImageFrame frame, ImageFrame? weights, CancellationToken cancellationToken, bool linearToOklab = false)
    {
        var pixels = frame.PixelCount;
        var bands = PlaneBands.Count(pixels);
        // Per band: weight, mean (3), centred sums of products (6).
        var partial = new double[bands * 13];
        PlaneBands.Run(pixels, frame.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
        {
            var scratch = linearToOklab ? ArrayPool<float>.Shared.Rent(3 * Chunk) : null;
            try
            {
                var sums = new BandSums();
                double px = 0, py = 0, pz = 0;
                for (var offset = 0; offset < length; offset += Chunk)
                {
                    var n = Math.Min(Chunk, length - offset);
                    ReadOnlySpan<float> x = frame.Plane(0).Slice(start + offset, n);
                    ReadOnlySpan<float> y = frame.Plane(1).Slice(start + offset, n);
                    ReadOnlySpan<float> z = frame.Plane(2).Slice(start + offset, n);
                    if (scratch is not null)
                    {
                        Span<float> lx = scratch.AsSpan(0, n), ly = scratch.AsSpan(Chunk, n), lz = scratch.AsSpan(2 * Chunk, n);
                        x.CopyTo(lx);
                        y.CopyTo(ly);
                        z.CopyTo(lz);
                        OklabPlaneKernels.FromLinearSrgb(lx, ly, lz);
                        x = lx;
                        y = ly;
                        z = lz;
                    }
                    if (offset == 0)
                        (px, py, pz) = (x[0], y[0], z[0]);
                    ReadOnlySpan<float> w = weights is null ? default : weights.Plane(0).Slice(start + offset, n);
                    Accumulate(x, y, z, w, px, py, pz, ref sums);
                }
                var p = partial.AsSpan(band * 13, 13);
                var sw = sums.W;
                p[0] = sw;
                if (sw > 0)
                {
                    // Store the band's own mean and centred second moments.
                    double mx = sums.X / sw, my = sums.Y / sw, mz = sums.Z / sw;
                    p[1] = px + mx;
                    p[2] = py + my;
                    p[3] = pz + mz;
                    p[4] = sums.XX - sw * mx * mx;
                    p[5] = sums.XY - sw * mx * my;
                    p[6] = sums.XZ - sw * mx * mz;
                    p[7] = sums.YY - sw * my * my;
                    p[8] = sums.YZ - sw * my * mz;
                    p[9] = sums.ZZ - sw * mz * mz;
                }
            }
            finally
            {
                if (scratch is not null)
                    ArrayPool<float>.Shared.Return(scratch);
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
    /// <summary>Pixels converted and summed at a time: small enough to stay in the L1/L2 cache.</summary>
    private const int Chunk = 4096;

    /// <summary>Weighted sums of deviations from a band's pivot and of their products.</summary>
    private struct BandSums
    {
        public double W, X, Y, Z, XX, XY, XZ, YY, YZ, ZZ;
    }

    /// <summary>
    /// Adds one chunk to <paramref name="sums"/>: unweighted chunks widen whole <see cref="Vector{T}"/>s
    /// to double (lanes added in a fixed order at the end), the tail and weighted chunks run scalar.
    /// </summary>
    private static void Accumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, ReadOnlySpan<float> w,
        double px, double py, double pz, ref BandSums sums)
    {
        var i = 0;
        var count = Vector<float>.Count;
        if (w.IsEmpty && Vector.IsHardwareAccelerated && x.Length >= count)
        {
            var ax = new Vector<double>(px);
            var ay = new Vector<double>(py);
            var az = new Vector<double>(pz);
            Vector<double> sx = default, sy = default, sz = default, sxx = default, sxy = default, sxz = default, syy = default, syz = default, szz = default;
            for (; i <= x.Length - count; i += count)
            {
                Vector.Widen(new Vector<float>(x[i..]), out var x0, out var x1);
                Vector.Widen(new Vector<float>(y[i..]), out var y0, out var y1);
                Vector.Widen(new Vector<float>(z[i..]), out var z0, out var z1);
                Add(x0 - ax, y0 - ay, z0 - az);
                Add(x1 - ax, y1 - ay, z1 - az);
            }
            sums.W += i;
            sums.X += Vector.Sum(sx);
            sums.Y += Vector.Sum(sy);
            sums.Z += Vector.Sum(sz);
            sums.XX += Vector.Sum(sxx);
            sums.XY += Vector.Sum(sxy);
            sums.XZ += Vector.Sum(sxz);
            sums.YY += Vector.Sum(syy);
            sums.YZ += Vector.Sum(syz);
            sums.ZZ += Vector.Sum(szz);

            void Add(Vector<double> dx, Vector<double> dy, Vector<double> dz)
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
        for (; i < x.Length; i++)
        {
            double weight = w.IsEmpty ? 1.0 : w[i];
            if (weight <= 0.0)
                continue;
            double dx = x[i] - px, dy = y[i] - py, dz = z[i] - pz;
            double wx = weight * dx, wy = weight * dy, wz = weight * dz;
            sums.W += weight;
            sums.X += wx;
            sums.Y += wy;
            sums.Z += wz;
            sums.XX += wx * dx;
            sums.XY += wx * dy;
            sums.XZ += wx * dz;
            sums.YY += wy * dy;
            sums.YZ += wy * dz;
            sums.ZZ += wz * dz;
        }
    }
}
