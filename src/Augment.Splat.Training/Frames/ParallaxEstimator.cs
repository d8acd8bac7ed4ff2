namespace Augment.Splat.Training;

/// <summary>
/// A parallax proxy between two frames: local block displacements (phase correlation of blocks, each searched around
/// the global shift) fitted by one global affine motion. A camera that only rotates in place (pan, tilt, roll, zoom)
/// moves the image by a homography, which over a modest field of view an affine map explains to a fraction of a pixel;
/// a camera that translates in a scene with depth moves near and far content by different amounts, which no single
/// affine map explains. The median residual of the fit, relative to the mean displacement, measures that. The fit is
/// done twice, the second time without blocks whose residual exceeds three medians (mismatched blocks), so a few bad
/// matches do not read as parallax. Not thread-safe.
/// </summary>
internal sealed class ParallaxEstimator
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _block;
    private readonly PhaseCorrelator _correlator;
    private readonly float[] _tileA;
    private readonly float[] _tileB;

    public ParallaxEstimator(int width, int height)
    {
        _width = width;
        _height = height;
        _block = Math.Min(width, height) >= 96 ? 32 : 16;
        _correlator = new PhaseCorrelator(_block, _block);
        var n = _block * _block;
        _tileA = new float[n];
        _tileB = new float[n];
    }

    /// <summary>Fewest matched blocks for a fit.</summary>
    private const int MinBlocks = 6;

    /// <summary>
    /// Parallax between <paramref name="a"/> and <paramref name="b"/> (luma, this estimator's size) given the global
    /// shift from a to b: the median affine-fit residual in pixels and the mean block displacement in pixels; null when
    /// too few blocks could be matched (flat content, or a shift that leaves no overlap).
    /// </summary>
    public (double Residual, double MeanMotion)? Estimate(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double shiftX, double shiftY)
    {
        var ox = (int)Math.Round(shiftX);
        var oy = (int)Math.Round(shiftY);
        var step = (3 * _block) / 4;
        var xs = new List<double>();
        var ys = new List<double>();
        var us = new List<double>();
        var vs = new List<double>();
        for (var by = 0; by + _block <= _height; by += step)
        {
            for (var bx = 0; bx + _block <= _width; bx += step)
            {
                var tx = bx + ox;
                var ty = by + oy;
                if (tx < 0 || ty < 0 || tx + _block > _width || ty + _block > _height)
                    continue;
                if (!CopyTile(a, bx, by, _tileA) || !CopyTile(b, tx, ty, _tileB))
                    continue;
                var (dx, dy, peak) = _correlator.Register(_tileA, _tileB, precise: false);
                if (peak < 0.15 || Math.Abs(dx) > _block / 3.0 || Math.Abs(dy) > _block / 3.0)
                    continue;
                xs.Add(bx + (_block / 2.0));
                ys.Add(by + (_block / 2.0));
                us.Add(ox + dx);
                vs.Add(oy + dy);
            }
        }
        if (xs.Count < MinBlocks)
            return null;
        var keep = new bool[xs.Count];
        Array.Fill(keep, true);
        var residuals = new double[xs.Count];
        var median = FitResiduals(xs, ys, us, vs, keep, residuals);
        var limit = (3 * median) + 0.25;
        var kept = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] = residuals[i] <= limit;
            if (keep[i]) kept++;
        }
        if (kept >= MinBlocks)
            median = FitResiduals(xs, ys, us, vs, keep, residuals);
        double motion = 0;
        for (var i = 0; i < us.Count; i++)
            motion += Math.Sqrt((us[i] * us[i]) + (vs[i] * vs[i]));
        return (median, motion / us.Count);
    }

    private bool CopyTile(ReadOnlySpan<float> source, int x0, int y0, float[] tile)
    {
        double sum = 0, sumSq = 0;
        for (var y = 0; y < _block; y++)
        {
            var row = source.Slice(((y0 + y) * _width) + x0, _block);
            row.CopyTo(tile.AsSpan(y * _block, _block));
            for (var x = 0; x < _block; x++)
            {
                sum += row[x];
                sumSq += row[x] * row[x];
            }
        }
        var n = _block * _block;
        var variance = (sumSq / n) - ((sum / n) * (sum / n));
        // Flat blocks (sky, walls) give no reliable displacement.
        return variance > 1e-4;
    }

    /// <summary>Least-squares affine fit of (u, v) over the kept blocks; fills every block's residual length, returns the median over the kept ones.</summary>
    private double FitResiduals(List<double> xs, List<double> ys, List<double> us, List<double> vs, bool[] keep, double[] residuals)
    {
        // Centred, scaled coordinates keep the 3x3 normal equations well conditioned.
        var cx = _width / 2.0;
        var cy = _height / 2.0;
        var scale = 1.0 / Math.Max(_width, _height);
        Span<double> m = stackalloc double[9];
        Span<double> bu = stackalloc double[3];
        Span<double> bv = stackalloc double[3];
        m.Clear();
        bu.Clear();
        bv.Clear();
        for (var i = 0; i < xs.Count; i++)
        {
            if (!keep[i]) continue;
            var p0 = 1.0;
            var p1 = (xs[i] - cx) * scale;
            var p2 = (ys[i] - cy) * scale;
            Span<double> p = [p0, p1, p2];
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                    m[(r * 3) + c] += p[r] * p[c];
                bu[r] += p[r] * us[i];
                bv[r] += p[r] * vs[i];
            }
        }
        Span<double> au = stackalloc double[3];
        Span<double> av = stackalloc double[3];
        if (!Solve3(m, bu, au) || !Solve3(m, bv, av))
        {
            // Blocks on one line: fall back to a translation (the mean).
            au.Clear();
            av.Clear();
            au[0] = bu[0] / Math.Max(1, m[0]);
            av[0] = bv[0] / Math.Max(1, m[0]);
        }
        var kept = new List<double>();
        for (var i = 0; i < xs.Count; i++)
        {
            var p1 = (xs[i] - cx) * scale;
            var p2 = (ys[i] - cy) * scale;
            var du = us[i] - (au[0] + (au[1] * p1) + (au[2] * p2));
            var dv = vs[i] - (av[0] + (av[1] * p1) + (av[2] * p2));
            residuals[i] = Math.Sqrt((du * du) + (dv * dv));
            if (keep[i]) kept.Add(residuals[i]);
        }
        kept.Sort();
        return kept.Count == 0 ? 0 : kept.Count % 2 == 1 ? kept[kept.Count / 2] : 0.5 * (kept[(kept.Count / 2) - 1] + kept[kept.Count / 2]);
    }

    /// <summary>Solves the symmetric 3x3 system by Cramer's rule; false when it is (near) singular.</summary>
    private static bool Solve3(ReadOnlySpan<double> m, ReadOnlySpan<double> b, Span<double> x)
    {
        var det = Det(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
        if (Math.Abs(det) < 1e-12 * Math.Max(1, Math.Abs(m[0] * m[4] * m[8])))
            return false;
        x[0] = Det(b[0], m[1], m[2], b[1], m[4], m[5], b[2], m[7], m[8]) / det;
        x[1] = Det(m[0], b[0], m[2], m[3], b[1], m[5], m[6], b[2], m[8]) / det;
        x[2] = Det(m[0], m[1], b[0], m[3], m[4], b[1], m[6], m[7], b[2]) / det;
        return true;
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
