namespace Augment.Splat.Training;

/// <summary>
/// Global translation between two equally sized luma images by phase correlation (Kuglin and Hines 1975): the
/// normalised cross-power spectrum of two shifted images is a pure phase ramp whose inverse transform is a delta at the
/// shift. Images are mean-removed and Hann-windowed first so that the wrap-around at the borders does not produce a
/// spurious peak at zero. The integer peak is refined to sub-pixel precision by evaluating the inverse DFT of the
/// cross-power spectrum directly on a fine grid around it (the matrix-multiply upsampling of Guizar-Sicairos, Thurman
/// and Fienup, "Efficient subpixel image registration algorithms", Opt. Lett. 33, 2008), then a parabola through the
/// best grid point. Uses Core's <see cref="FftPlan"/>. Not thread-safe (owns its scratch); one per thread.
/// </summary>
internal sealed class PhaseCorrelator
{
    /// <summary>Fine-grid steps per pixel in the sub-pixel search.</summary>
    private const int Upsample = 16;

    /// <summary>Floor of the whitening divisor, as a fraction of the mean cross-power magnitude.</summary>
    private const double Regularisation = 0.01;

    /// <summary>Smallest overlap (pixels per side) the second, cropped pass runs on.</summary>
    private const int MinCrop = 12;

    private readonly FftPlan _rowPlan;
    private readonly FftPlan _columnPlan;
    private readonly float[] _windowX;
    private readonly float[] _windowY;
    private readonly float[] _columnRe;
    private readonly float[] _columnIm;
    private readonly float[] _crossRe;
    private readonly float[] _crossIm;
    private readonly float[] _reA;
    private readonly float[] _imA;
    private readonly float[] _reB;
    private readonly float[] _imB;

    public PhaseCorrelator(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 4);
        Width = width;
        Height = height;
        _rowPlan = FftPlan.Create(width);
        _columnPlan = FftPlan.Create(height);
        _windowX = Hann(width);
        _windowY = Hann(height);
        _columnRe = new float[height];
        _columnIm = new float[height];
        _crossRe = new float[width * height];
        _crossIm = new float[width * height];
        _reA = new float[width * height];
        _imA = new float[width * height];
        _reB = new float[width * height];
        _imB = new float[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public int Length => Width * Height;

    /// <summary>
    /// The shift (dx, dy) such that B(x, y) ≈ A(x − dx, y − dy), and the correlation peak of the first pass. Two passes:
    /// the whole images, then, when the shift is a pixel or more, only their overlap at the rounded shift. The second pass
    /// matters for sub-pixel accuracy: the window does not move with the content, and for content with a sparse
    /// spectrum each spectral line's window lobe carries the line's phase rather than a ramp, which pulls the estimate
    /// towards zero by a few per cent of the shift; on the overlap only the sub-pixel remainder is left to be biased.
    /// </summary>
    /// <param name="a">First image (row-major, this correlator's size).</param>
    /// <param name="b">Second image.</param>
    /// <param name="precise">
    /// True: both passes and the upsampled-DFT refinement (about 0.02 px on textured content). False: one pass and a
    /// parabola through the correlation surface's neighbours of the integer peak (a tenth of a pixel or two; about 10x
    /// cheaper), enough for camera-motion spacing and the parallax proxy.
    /// </param>
    public (double Dx, double Dy, double Peak) Register(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool precise = true)
    {
        Spectrum(a, _reA, _imA);
        Spectrum(b, _reB, _imB);
        var (dx, dy, peak) = Estimate(_reA, _imA, _reB, _imB, precise);
        if (!precise)
            return (dx, dy, peak);
        var ix = (int)Math.Round(dx);
        var iy = (int)Math.Round(dy);
        var cw = Width - Math.Abs(ix);
        var ch = Height - Math.Abs(iy);
        if ((ix == 0 && iy == 0) || cw < MinCrop || ch < MinCrop)
            return (dx, dy, peak);
        // B's pixel (x, y) shows A's pixel (x − ix, y − iy): crop both to the overlap.
        var bx = Math.Max(0, ix);
        var by = Math.Max(0, iy);
        var cropA = new float[cw * ch];
        var cropB = new float[cw * ch];
        for (var y = 0; y < ch; y++)
        {
            a.Slice(((by + y - iy) * Width) + bx - ix, cw).CopyTo(cropA.AsSpan(y * cw, cw));
            b.Slice(((by + y) * Width) + bx, cw).CopyTo(cropB.AsSpan(y * cw, cw));
        }
        var fine = new PhaseCorrelator(cw, ch);
        fine.Spectrum(cropA, fine._reA, fine._imA);
        fine.Spectrum(cropB, fine._reB, fine._imB);
        var (rx, ry, _) = fine.Estimate(fine._reA, fine._imA, fine._reB, fine._imB);
        // A remainder beyond a pixel means the first pass locked onto a wrong peak; keep it.
        return Math.Abs(rx) <= 1 && Math.Abs(ry) <= 1 ? (ix + rx, iy + ry, peak) : (dx, dy, peak);
    }

    /// <summary>Windowed 2-D spectrum of <paramref name="luma"/> (row-major, <see cref="Width"/> x <see cref="Height"/>).</summary>
    public void Spectrum(ReadOnlySpan<float> luma, Span<float> re, Span<float> im)
    {
        var n = Length;
        double sum = 0;
        for (var i = 0; i < n; i++)
            sum += luma[i];
        var mean = (float)(sum / n);
        for (var y = 0; y < Height; y++)
        {
            var wy = _windowY[y];
            var src = luma.Slice(y * Width, Width);
            var dst = re.Slice(y * Width, Width);
            for (var x = 0; x < Width; x++)
                dst[x] = (src[x] - mean) * wy * _windowX[x];
        }
        im[..n].Clear();
        Transform2D(re[..n], im[..n], inverse: false);
    }

    /// <summary>
    /// The shift (dx, dy) in pixels such that image B ≈ image A moved by (dx, dy), i.e. B(x, y) = A(x − dx, y − dy),
    /// from the two spectra; <c>peak</c> is the correlation peak height (1 for a perfect match of identical content,
    /// near 0 for unrelated images).
    /// </summary>
    public (double Dx, double Dy, double Peak) Estimate(ReadOnlySpan<float> reA, ReadOnlySpan<float> imA, ReadOnlySpan<float> reB, ReadOnlySpan<float> imB, bool precise = true)
    {
        var n = Length;
        var cr = _crossRe.AsSpan(0, n);
        var ci = _crossIm.AsSpan(0, n);
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            // B · conj(A).
            var r = (reB[i] * reA[i]) + (imB[i] * imA[i]);
            var m = (imB[i] * reA[i]) - (reB[i] * imA[i]);
            cr[i] = r;
            ci[i] = m;
            total += MathF.Sqrt((r * r) + (m * m));
        }
        // Whitening divides by the magnitude; bins far below the typical magnitude hold rounding noise or leakage
        // with meaningless phase (band-limited content), so the divisor gets a floor that fades them out.
        var floor = (float)(Regularisation * total / n) + 1e-30f;
        // The correlation of an image with itself peaks at Σ|c|/(|c| + floor) / n: the peak is reported relative to that.
        double selfPeak = 0;
        for (var i = 0; i < n; i++)
        {
            var raw = MathF.Sqrt((cr[i] * cr[i]) + (ci[i] * ci[i]));
            var magnitude = raw + floor;
            selfPeak += raw / magnitude;
            cr[i] /= magnitude;
            ci[i] /= magnitude;
        }
        selfPeak /= n;
        // Keep the normalised spectrum for the sub-pixel step; transform a copy.
        var spectrumRe = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        var spectrumIm = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        try
        {
            cr.CopyTo(spectrumRe);
            ci.CopyTo(spectrumIm);
            Transform2D(cr, ci, inverse: true);
            var best = 0;
            for (var i = 1; i < n; i++)
            {
                if (cr[i] > cr[best])
                    best = i;
            }
            var px = best % Width;
            var py = best / Width;
            if (px > Width / 2) px -= Width;
            if (py > Height / 2) py -= Height;
            if (!precise)
            {
                // Parabolas through the peak and its wrapped neighbours, one per axis.
                var x0 = best % Width;
                var y0 = best / Width;
                var left = cr[(y0 * Width) + ((x0 + Width - 1) % Width)];
                var right = cr[(y0 * Width) + ((x0 + 1) % Width)];
                var above = cr[(((y0 + Height - 1) % Height) * Width) + x0];
                var below = cr[(((y0 + 1) % Height) * Width) + x0];
                var centre = cr[best];
                return (px + Vertex(left, centre, right), py + Vertex(above, centre, below), selfPeak > 0 ? centre / selfPeak : 0);
            }
            var (fx, fy, peak) = Refine(spectrumRe.AsSpan(0, n), spectrumIm.AsSpan(0, n), px, py);
            return (fx, fy, selfPeak > 0 ? peak / selfPeak : 0);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(spectrumRe);
            System.Buffers.ArrayPool<float>.Shared.Return(spectrumIm);
        }
    }

    /// <summary>
    /// Evaluates c(x, y) = (1/N) Re Σ R[k] e^{+2πi(kx·x/W + ky·y/H)} (signed frequencies) on a grid of ±1 pixel around the
    /// integer peak at 1/<see cref="Upsample"/> pixel, separably (first over kx for every grid x, then over ky).
    /// </summary>
    private (double X, double Y, double Peak) Refine(ReadOnlySpan<float> re, ReadOnlySpan<float> im, int px, int py)
    {
        const int steps = (2 * Upsample) + 1;
        var w = Width;
        var h = Height;
        // Twiddles for x: e^{2πi kx (px + s)/W} for every signed kx and grid step s.
        var cosX = new double[steps * w];
        var sinX = new double[steps * w];
        for (var s = 0; s < steps; s++)
        {
            var x = px + ((s - Upsample) / (double)Upsample);
            for (var k = 0; k < w; k++)
            {
                var kx = k <= w / 2 ? k : k - w;
                var angle = 2 * Math.PI * kx * x / w;
                cosX[(s * w) + k] = Math.Cos(angle);
                sinX[(s * w) + k] = Math.Sin(angle);
            }
        }
        // T[ky, s] = Σ_kx R[ky, kx] e^{2πi kx x_s / W}
        var tRe = new double[h * steps];
        var tIm = new double[h * steps];
        for (var ky = 0; ky < h; ky++)
        {
            var rowRe = re.Slice(ky * w, w);
            var rowIm = im.Slice(ky * w, w);
            for (var s = 0; s < steps; s++)
            {
                var c = cosX.AsSpan(s * w, w);
                var sn = sinX.AsSpan(s * w, w);
                double accRe = 0, accIm = 0;
                for (var k = 0; k < w; k++)
                {
                    accRe += (rowRe[k] * c[k]) - (rowIm[k] * sn[k]);
                    accIm += (rowRe[k] * sn[k]) + (rowIm[k] * c[k]);
                }
                tRe[(ky * steps) + s] = accRe;
                tIm[(ky * steps) + s] = accIm;
            }
        }
        var grid = new double[steps * steps];
        var cosY = new double[h];
        var sinY = new double[h];
        for (var t = 0; t < steps; t++)
        {
            var y = py + ((t - Upsample) / (double)Upsample);
            for (var k = 0; k < h; k++)
            {
                var ky = k <= h / 2 ? k : k - h;
                var angle = 2 * Math.PI * ky * y / h;
                cosY[k] = Math.Cos(angle);
                sinY[k] = Math.Sin(angle);
            }
            for (var s = 0; s < steps; s++)
            {
                double acc = 0;
                for (var k = 0; k < h; k++)
                    acc += (tRe[(k * steps) + s] * cosY[k]) - (tIm[(k * steps) + s] * sinY[k]);
                grid[(t * steps) + s] = acc / (w * h);
            }
        }
        var best = 0;
        for (var i = 1; i < grid.Length; i++)
        {
            if (grid[i] > grid[best])
                best = i;
        }
        var bs = best % steps;
        var bt = best / steps;
        var ox = Parabola(grid, bt * steps, bs, 1, steps);
        var oy = Parabola(grid, bs, bt, steps, steps);
        return (px + ((bs - Upsample + ox) / Upsample), py + ((bt - Upsample + oy) / Upsample), grid[best]);
    }

    /// <summary>Vertex offset (−0.5..0.5) of the parabola through three neighbouring grid values; 0 at the grid edge.</summary>
    private static double Parabola(double[] grid, int origin, int index, int stride, int count)
    {
        if (index <= 0 || index >= count - 1)
            return 0;
        var a = grid[origin + ((index - 1) * stride)];
        var b = grid[origin + (index * stride)];
        var c = grid[origin + ((index + 1) * stride)];
        var denominator = a - (2 * b) + c;
        return denominator >= 0 ? 0 : Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5);
    }

    private static double Vertex(double a, double b, double c)
    {
        var denominator = a - (2 * b) + c;
        return denominator >= 0 ? 0 : Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5);
    }

    private void Transform2D(Span<float> re, Span<float> im, bool inverse)
    {
        for (var y = 0; y < Height; y++)
        {
            var r = re.Slice(y * Width, Width);
            var i = im.Slice(y * Width, Width);
            if (inverse) _rowPlan.Inverse(r, i); else _rowPlan.Forward(r, i);
        }
        for (var x = 0; x < Width; x++)
        {
            for (var y = 0; y < Height; y++)
            {
                _columnRe[y] = re[(y * Width) + x];
                _columnIm[y] = im[(y * Width) + x];
            }
            if (inverse) _columnPlan.Inverse(_columnRe, _columnIm); else _columnPlan.Forward(_columnRe, _columnIm);
            for (var y = 0; y < Height; y++)
            {
                re[(y * Width) + x] = _columnRe[y];
                im[(y * Width) + x] = _columnIm[y];
            }
        }
    }

    private static float[] Hann(int n)
    {
        var window = new float[n];
        for (var i = 0; i < n; i++)
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 0.5) / n)));
        return window;
    }
}
