using System.Numerics;
using System.Runtime.InteropServices;

namespace Augment.Audio;

/// <summary>
/// The arithmetic of BSS-Eval v4 (Vincent, Gribonval and Févotte 2006, "Performance measurement in blind audio source
/// separation", IEEE TASLP 14(4); Liutkus, Stöter and Ito 2018, "The 2018 Signal Separation Evaluation Campaign",
/// LVA/ICA): correlations of delayed references by FFT, a dense Cholesky solve of the Gram matrix for the distortion
/// filters, and the windowed energy ratios. Everything that feeds a ratio is accumulated in double precision.
/// </summary>
internal static class BssEvalKernels
{
    /// <summary>
    /// The correlation r[k] = Σₙ x[n]·y[n + k] of two signals from their half spectra (FFT length <paramref name="plan"/>.Length,
    /// at least the signal length plus the largest lag, so that the circular result equals the linear one for |k| &lt; L).
    /// Negative lags land at the end of <paramref name="result"/> (index n + k).
    /// </summary>
    public static void CrossCorrelate(RealFftPlan plan, float[] xRe, float[] xIm, float[] yRe, float[] yIm, float[] re, float[] im, float[] result)
    {
        var bins = plan.BinCount;
        // conj(X)·Y: IFFT gives Σₙ x[n] y[n + k].
        for (var k = 0; k < bins; k++)
        {
            re[k] = (xRe[k] * yRe[k]) + (xIm[k] * yIm[k]);
            im[k] = (xRe[k] * yIm[k]) - (xIm[k] * yRe[k]);
        }
        plan.Inverse(re.AsSpan(0, bins), im.AsSpan(0, bins), result);
    }

    /// <summary>
    /// In-place lower Cholesky factor of the symmetric positive definite n×n row-major matrix <paramref name="a"/>
    /// (reads and writes the lower triangle and the diagonal only; the strict upper triangle keeps the original values,
    /// so a failed attempt can be restored). Blocked right-looking: factor a diagonal block, solve the panel below it,
    /// update the trailing lower triangle, rows in parallel. Returns false when a pivot is not positive.
    /// </summary>
    public static bool Cholesky(double[] a, int n, ParallelOptions parallel)
    {
        const int block = 64;
        for (var k0 = 0; k0 < n; k0 += block)
        {
            var k1 = Math.Min(n, k0 + block);
            // Diagonal block, unblocked.
            for (var j = k0; j < k1; j++)
            {
                var d = a[((long)j * n) + j] - Dot(a, ((long)j * n) + k0, ((long)j * n) + k0, j - k0);
                if (!(d > 0)) return false;
                var pivot = Math.Sqrt(d);
                a[((long)j * n) + j] = pivot;
                for (var i = j + 1; i < k1; i++)
                    a[((long)i * n) + j] = (a[((long)i * n) + j] - Dot(a, ((long)i * n) + k0, ((long)j * n) + k0, j - k0)) / pivot;
            }
            if (k1 == n) break;
            // Panel below the block: each row solves against the block's triangle.
            Parallel.For(k1, n, parallel, i =>
            {
                var row = (long)i * n;
                for (var j = k0; j < k1; j++)
                {
                    var jr = (long)j * n;
                    a[row + j] = (a[row + j] - Dot(a, row + k0, jr + k0, j - k0)) / a[jr + j];
                }
            });
            // Trailing update of the lower triangle: A[i, j] -= L[i, k0..k1) · L[j, k0..k1).
            var width = k1 - k0;
            Parallel.For(k1, n, parallel, i =>
            {
                var row = (long)i * n;
                var j = k1;
                for (; j + 3 <= i; j += 4)
                {
                    Dot4(a, row + k0, ((long)j * n) + k0, n, width, out var d0, out var d1, out var d2, out var d3);
                    a[row + j] -= d0;
                    a[row + j + 1] -= d1;
                    a[row + j + 2] -= d2;
                    a[row + j + 3] -= d3;
                }
                for (; j <= i; j++)
                    a[row + j] -= Dot(a, row + k0, ((long)j * n) + k0, width);
            });
        }
        return true;
    }

    /// <summary>Restores the lower triangle of <paramref name="a"/> from its untouched upper triangle and sets the diagonal.</summary>
    public static void RestoreLower(double[] a, int n, ReadOnlySpan<double> diagonal, double loading)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
                a[((long)i * n) + j] = a[((long)j * n) + i];
            a[((long)i * n) + i] = diagonal[i] + loading;
        }
    }

    /// <summary>Solves L·Lᵀ·x = b in place for one right-hand side (<paramref name="x"/> holds b on entry).</summary>
    public static void CholeskySolve(double[] l, int n, Span<double> x)
    {
        for (var i = 0; i < n; i++)
        {
            var row = (long)i * n;
            x[i] = (x[i] - Dot(l, row, x[..i])) / l[row + i];
        }
        // Back substitution by rows of L (contiguous): once x[i] is final, remove it from the rows above.
        for (var i = n - 1; i >= 0; i--)
        {
            var row = (long)i * n;
            var xi = x[i] / l[row + i];
            x[i] = xi;
            var rowSpan = l.AsSpan((int)row, i);
            for (var m = 0; m < i; m++) x[m] -= rowSpan[m] * xi;
        }
    }

    /// <summary>
    /// The sums behind the four ratios for one source and one window (BSS-Eval images, Vincent et al. 2006 eqs. 7–10):
    /// s = true image, ŝ = estimate, Pj = projection on the delayed true image, Pall = projection on all delayed images,
    /// each over the window padded with L − 1 zeros.
    /// </summary>
    public struct Energies
    {
        public double Target;       // Σ s²
        public double Distortion;   // Σ (ŝ − s)² = e_spat + e_interf + e_artif
        public double Spatial;      // Σ (Pj − s)²
        public double Filtered;     // Σ Pj²
        public double Interference; // Σ (Pall − Pj)²
        public double Projected;    // Σ Pall²
        public double Artifacts;    // Σ (ŝ − Pall)²

        public void Add(in Energies other)
        {
            Target += other.Target; Distortion += other.Distortion; Spatial += other.Spatial; Filtered += other.Filtered;
            Interference += other.Interference; Projected += other.Projected; Artifacts += other.Artifacts;
        }
    }

    /// <summary>
    /// Accumulates one channel's energies over a window: <paramref name="reference"/> and <paramref name="estimate"/>
    /// are the window's W samples; <paramref name="pj"/> and <paramref name="pall"/> the window's W + L − 1 projected samples.
    /// </summary>
    public static void AccumulateEnergies(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate, ReadOnlySpan<double> pj, ReadOnlySpan<double> pall, ref Energies e)
    {
        double target = 0, distortion = 0, spatial = 0, filtered = 0, interference = 0, projected = 0, artifacts = 0;
        var w = reference.Length;
        for (var n = 0; n < pj.Length; n++)
        {
            double s = n < w ? reference[n] : 0.0;
            double est = n < w ? estimate[n] : 0.0;
            var p1 = pj[n];
            var p2 = pall[n];
            target += s * s;
            distortion += (est - s) * (est - s);
            spatial += (p1 - s) * (p1 - s);
            filtered += p1 * p1;
            interference += (p2 - p1) * (p2 - p1);
            projected += p2 * p2;
            artifacts += (est - p2) * (est - p2);
        }
        e.Target += target; e.Distortion += distortion; e.Spatial += spatial; e.Filtered += filtered;
        e.Interference += interference; e.Projected += projected; e.Artifacts += artifacts;
    }

    /// <summary>10·log10(num/den) with a zero denominator giving +∞ (museval's <c>_safe_db</c>).</summary>
    public static double SafeDb(double numerator, double denominator) =>
        denominator == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(numerator / denominator);

    /// <summary>
    /// Adds to <paramref name="output"/>[n] (n over the positions listed) the windowed convolution
    /// Σₐ h[a]·x[start + n − a], restricted to input samples inside the window [start, start + w).
    /// Used at the window's head and tail, where the whole-track convolution would see samples outside the window.
    /// </summary>
    public static void AddWindowedConvolution(ReadOnlySpan<double> h, ReadOnlySpan<float> x, int start, int w, int nFrom, int nTo, Span<double> output)
    {
        var taps = h.Length;
        for (var n = nFrom; n < nTo; n++)
        {
            var aFrom = Math.Max(0, n - w + 1);
            var aTo = Math.Min(taps - 1, n);
            double sum = 0;
            for (var a = aFrom; a <= aTo; a++) sum += h[a] * x[start + n - a];
            output[n] += sum;
        }
    }

    /// <summary>True when, at every sample of [start, end), the channels of <paramref name="buffer"/> sum to exactly zero (museval's silence test).</summary>
    public static bool IsSilent(AudioBuffer buffer, int start, int end)
    {
        var channels = buffer.Channels;
        for (var t = start; t < end; t++)
        {
            double sum = 0;
            for (var c = 0; c < channels; c++) sum += buffer.Channel(c)[t];
            if (sum != 0) return false;
        }
        return true;
    }

    private static double Dot(double[] a, long i, long j, int length)
    {
        var x = a.AsSpan((int)i, length);
        var y = a.AsSpan((int)j, length);
        return DotSpan(x, y);
    }

    private static double Dot(double[] a, long i, ReadOnlySpan<double> y) => DotSpan(a.AsSpan((int)i, y.Length), y);

    /// <summary>Scalar reference dot product (the test oracle for <see cref="DotSpan"/>).</summary>
    public static double DotScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (var k = 0; k < x.Length; k++) sum += x[k] * y[k];
        return sum;
    }

    /// <summary>SIMD dot product.</summary>
    public static double DotSpan(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var k = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count * 2)
        {
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var v = 0;
            for (; v + 1 < vx.Length; v += 2)
            {
                acc0 += vx[v] * vy[v];
                acc1 += vx[v + 1] * vy[v + 1];
            }
            for (; v < vx.Length; v++) acc0 += vx[v] * vy[v];
            sum = Vector.Sum(acc0 + acc1);
            k = vx.Length * Vector<double>.Count;
        }
        for (; k < x.Length; k++) sum += x[k] * y[k];
        return sum;
    }

    /// <summary>Four dot products of one row against four consecutive rows (stride <paramref name="stride"/>), sharing the loads of the first.</summary>
    private static void Dot4(double[] a, long i, long j, int stride, int length, out double d0, out double d1, out double d2, out double d3)
    {
        var x = a.AsSpan((int)i, length);
        var y0 = a.AsSpan((int)j, length);
        var y1 = a.AsSpan((int)(j + stride), length);
        var y2 = a.AsSpan((int)(j + (2L * stride)), length);
        var y3 = a.AsSpan((int)(j + (3L * stride)), length);
        var k = 0;
        d0 = d1 = d2 = d3 = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var v0 = MemoryMarshal.Cast<double, Vector<double>>(y0);
            var v1 = MemoryMarshal.Cast<double, Vector<double>>(y1);
            var v2 = MemoryMarshal.Cast<double, Vector<double>>(y2);
            var v3 = MemoryMarshal.Cast<double, Vector<double>>(y3);
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var v = 0; v < vx.Length; v++)
            {
                var xv = vx[v];
                a0 += xv * v0[v];
                a1 += xv * v1[v];
                a2 += xv * v2[v];
                a3 += xv * v3[v];
            }
            d0 = Vector.Sum(a0); d1 = Vector.Sum(a1); d2 = Vector.Sum(a2); d3 = Vector.Sum(a3);
            k = vx.Length * Vector<double>.Count;
        }
        for (; k < length; k++)
        {
            var xv = x[k];
            d0 += xv * y0[k]; d1 += xv * y1[k]; d2 += xv * y2[k]; d3 += xv * y3[k];
        }
    }
}
