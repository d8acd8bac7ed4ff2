using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Augment;

/// <summary>
/// Full-reference image quality: PSNR and SSIM between two frames of the same size and colour channel count (alpha planes
/// are ignored). Both follow scikit-image 0.19 to 1e-6: <c>peak_signal_noise_ratio(a, b, data_range)</c> and
/// <c>structural_similarity(a, b, channel_axis, data_range, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)</c>
/// on float64 copies of the planes.
/// </summary>
public static class ImageQuality
{
    /// <summary>Gaussian window radius: scipy's int(truncate * sigma + 0.5) with skimage's truncate 3.5 and sigma 1.5 (11 taps).</summary>
    internal const int SsimRadius = 5;

    private const int SsimTaps = (2 * SsimRadius) + 1;
    private const double SsimSigma = 1.5;
    private const double SsimK1 = 0.01;
    private const double SsimK2 = 0.03;

    // Output rows per SSIM work item: each item re-filters 2 * radius halo rows, so bands much taller than the halo.
    private const int SsimBandRows = 32;

    // Rows per PSNR work item.
    private const int PsnrBandRows = 64;

    /// <summary>Peak signal-to-noise ratio in dB over all colour channels; +infinity for identical frames.</summary>
    /// <param name="reference">The reference frame; its <see cref="ImageFrame.Budget"/> bounds the threads used.</param>
    /// <param name="test">The frame to grade: same size and colour channel count.</param>
    /// <param name="dataRange">Distance between the smallest and largest possible sample value (1 for 0..1 images).</param>
    /// <returns>10 log10(dataRange² / MSE), the mean squared error taken over every colour sample.</returns>
    /// <exception cref="ArgumentException">The frames differ in size or colour channels.</exception>
    public static double Psnr(ImageFrame reference, ImageFrame test, double dataRange = 1.0)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        CheckPair(reference, test, dataRange);
        var mse = MeanSquaredError(reference, test);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>Mean structural similarity (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03), averaged over colour channels.</summary>
    /// <param name="reference">The reference frame; its <see cref="ImageFrame.Budget"/> bounds threads and scratch memory.</param>
    /// <param name="test">The frame to grade: same size and colour channel count.</param>
    /// <param name="dataRange">Distance between the smallest and largest possible sample value (1 for 0..1 images).</param>
    /// <returns>
    /// The SSIM map's mean over the pixels at least 5 pixels from every border (as skimage crops the window radius), then
    /// over colour channels; 1 for identical frames.
    /// </returns>
    /// <exception cref="ArgumentException">The frames differ in size or colour channels, or a side is under 11 pixels.</exception>
    public static double Ssim(ImageFrame reference, ImageFrame test, double dataRange = 1.0)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        CheckPair(reference, test, dataRange);
        if (reference.Width < SsimTaps || reference.Height < SsimTaps)
            throw new ArgumentException($"SSIM needs at least {SsimTaps}x{SsimTaps} pixels (the Gaussian window); the frames are {reference.Width}x{reference.Height}.", nameof(reference));

        int width = reference.Width, height = reference.Height, channels = reference.ColorChannels;
        var innerWidth = width - (2 * SsimRadius);
        var innerHeight = height - (2 * SsimRadius);
        var bands = (innerHeight + SsimBandRows - 1) / SsimBandRows;
        var budget = reference.Budget;
        var perItemBytes = ((5L * (SsimBandRows + (2 * SsimRadius)) * innerWidth) + (5L * width)) * sizeof(double);
        budget.EnsureAllocation(perItemBytes * Math.Min(budget.MaxThreads, channels * bands), "SSIM scratch rows");

        var weights = GaussianWeights();
        var c1 = (SsimK1 * dataRange) * (SsimK1 * dataRange);
        var c2 = (SsimK2 * dataRange) * (SsimK2 * dataRange);
        var sums = new double[channels * bands];
        Parallel.For(0, sums.Length, budget.ToParallelOptions(), item =>
        {
            var channel = item / bands;
            var first = (item % bands) * SsimBandRows;
            var count = Math.Min(SsimBandRows, innerHeight - first);
            sums[item] = SsimBandSum(reference.Plane(channel), test.Plane(channel), width, first, count, weights, c1, c2);
        });

        // Sum the bands in a fixed order so the result does not depend on the thread count.
        double total = 0;
        for (var c = 0; c < channels; c++)
        {
            double channelSum = 0;
            for (var band = 0; band < bands; band++)
                channelSum += sums[(c * bands) + band];
            total += channelSum / ((double)innerWidth * innerHeight);
        }
        return total / channels;
    }

    /// <summary>scipy.ndimage's 1D Gaussian: exp(-x² / 2σ²) for x in -radius..radius, normalised to sum 1.</summary>
    internal static double[] GaussianWeights()
    {
        var weights = new double[SsimTaps];
        double sum = 0;
        for (var i = 0; i < SsimTaps; i++)
        {
            double x = i - SsimRadius;
            weights[i] = Math.Exp(-0.5 / (SsimSigma * SsimSigma) * x * x);
            sum += weights[i];
        }
        for (var i = 0; i < SsimTaps; i++)
            weights[i] /= sum;
        return weights;
    }

    /// <summary>
    /// Scalar reference for one plane: the direct 2D weighted window at every pixel of the cropped area, then the mean. The
    /// crop keeps every window inside the image, so the filter's border mode never matters.
    /// </summary>
    internal static double SsimPlaneReference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height, double dataRange)
    {
        var w = GaussianWeights();
        var c1 = (SsimK1 * dataRange) * (SsimK1 * dataRange);
        var c2 = (SsimK2 * dataRange) * (SsimK2 * dataRange);
        double total = 0;
        for (var y = SsimRadius; y < height - SsimRadius; y++)
        {
            for (var x = SsimRadius; x < width - SsimRadius; x++)
            {
                double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                for (var j = 0; j < SsimTaps; j++)
                {
                    for (var i = 0; i < SsimTaps; i++)
                    {
                        var weight = w[j] * w[i];
                        var index = ((y + j - SsimRadius) * width) + x + i - SsimRadius;
                        double va = a[index], vb = b[index];
                        mx += weight * va;
                        my += weight * vb;
                        mxx += weight * va * va;
                        myy += weight * vb * vb;
                        mxy += weight * va * vb;
                    }
                }
                total += SsimAt(mx, my, mxx, myy, mxy, c1, c2);
            }
        }
        return total / ((double)(width - (2 * SsimRadius)) * (height - (2 * SsimRadius)));
    }

    private static double SsimAt(double mx, double my, double mxx, double myy, double mxy, double c1, double c2)
    {
        var vx = mxx - (mx * mx);
        var vy = myy - (my * my);
        var vxy = mxy - (mx * my);
        return ((2 * mx * my) + c1) * ((2 * vxy) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
    }

    /// <summary>
    /// Sum of the SSIM map over <paramref name="count"/> output rows starting at cropped row <paramref name="first"/>: each
    /// of the five moments (x, y, x², y², xy) is filtered along rows into scratch (SIMD over columns), then down columns.
    /// </summary>
    private static double SsimBandSum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int first, int count, double[] weights, double c1, double c2)
    {
        var innerWidth = width - (2 * SsimRadius);
        var rowsIn = count + (2 * SsimRadius);
        var planeLength = rowsIn * innerWidth;
        var filtered = ArrayPool<double>.Shared.Rent(5 * planeLength);
        var moments = ArrayPool<double>.Shared.Rent(5 * width);
        try
        {
            // Horizontal pass: input row (first + r) of the image is scratch row r.
            for (var r = 0; r < rowsIn; r++)
            {
                var rowA = a.Slice((first + r) * width, width);
                var rowB = b.Slice((first + r) * width, width);
                var mA = moments.AsSpan(0, width);
                var mB = moments.AsSpan(width, width);
                var mAA = moments.AsSpan(2 * width, width);
                var mBB = moments.AsSpan(3 * width, width);
                var mAB = moments.AsSpan(4 * width, width);
                for (var x = 0; x < width; x++)
                {
                    double va = rowA[x], vb = rowB[x];
                    mA[x] = va;
                    mB[x] = vb;
                    mAA[x] = va * va;
                    mBB[x] = vb * vb;
                    mAB[x] = va * vb;
                }
                for (var m = 0; m < 5; m++)
                    FilterRow(moments.AsSpan(m * width, width), filtered.AsSpan((m * planeLength) + (r * innerWidth), innerWidth), weights);
            }

            double sum = 0;
            for (var r = 0; r < count; r++)
                sum += SsimRowSum(filtered, planeLength, innerWidth, r, weights, c1, c2);
            return sum;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(filtered);
            ArrayPool<double>.Shared.Return(moments);
        }
    }

    /// <summary>Valid 1D correlation: destination[x] = sum_k weights[k] * source[x + k], SIMD over x.</summary>
    private static void FilterRow(ReadOnlySpan<double> source, Span<double> destination, double[] weights)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; x <= destination.Length - Vector<double>.Count; x += Vector<double>.Count)
            {
                var acc = Vector<double>.Zero;
                for (var k = 0; k < SsimTaps; k++)
                    acc += weights[k] * Vector.LoadUnsafe(ref src, (nuint)(x + k));
                acc.CopyTo(destination[x..]);
            }
        }
        for (; x < destination.Length; x++)
        {
            double acc = 0;
            for (var k = 0; k < SsimTaps; k++)
                acc += weights[k] * source[x + k];
            destination[x] = acc;
        }
    }

    /// <summary>Vertical pass for output row <paramref name="row"/> of the band and the SSIM formula, summed over the row.</summary>
    private static double SsimRowSum(double[] filtered, int planeLength, int innerWidth, int row, double[] weights, double c1, double c2)
    {
        ref var plane = ref MemoryMarshal.GetArrayDataReference(filtered);
        double sum = 0;
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            var vc1 = new Vector<double>(c1);
            var vc2 = new Vector<double>(c2);
            for (; x <= innerWidth - Vector<double>.Count; x += Vector<double>.Count)
            {
                Vector<double> mx = default, my = default, mxx = default, myy = default, mxy = default;
                for (var k = 0; k < SsimTaps; k++)
                {
                    var w = weights[k];
                    var offset = (nuint)(((row + k) * innerWidth) + x);
                    mx += w * Vector.LoadUnsafe(ref plane, offset);
                    my += w * Vector.LoadUnsafe(ref plane, offset + (nuint)planeLength);
                    mxx += w * Vector.LoadUnsafe(ref plane, offset + (nuint)(2 * planeLength));
                    myy += w * Vector.LoadUnsafe(ref plane, offset + (nuint)(3 * planeLength));
                    mxy += w * Vector.LoadUnsafe(ref plane, offset + (nuint)(4 * planeLength));
                }
                var vx = mxx - (mx * mx);
                var vy = myy - (my * my);
                var vxy = mxy - (mx * my);
                acc += (((2.0 * mx * my) + vc1) * ((2.0 * vxy) + vc2)) / (((mx * mx) + (my * my) + vc1) * (vx + vy + vc2));
            }
            sum = Vector.Sum(acc);
        }
        for (; x < innerWidth; x++)
        {
            double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
            for (var k = 0; k < SsimTaps; k++)
            {
                var w = weights[k];
                var offset = ((row + k) * innerWidth) + x;
                mx += w * filtered[offset];
                my += w * filtered[offset + planeLength];
                mxx += w * filtered[offset + (2 * planeLength)];
                myy += w * filtered[offset + (3 * planeLength)];
                mxy += w * filtered[offset + (4 * planeLength)];
            }
            sum += SsimAt(mx, my, mxx, myy, mxy, c1, c2);
        }
        return sum;
    }

    private static double MeanSquaredError(ImageFrame reference, ImageFrame test)
    {
        int width = reference.Width, height = reference.Height, channels = reference.ColorChannels;
        var bands = (height + PsnrBandRows - 1) / PsnrBandRows;
        var sums = new double[channels * bands];
        Parallel.For(0, sums.Length, reference.Budget.ToParallelOptions(), item =>
        {
            var channel = item / bands;
            var first = (item % bands) * PsnrBandRows;
            var rows = Math.Min(PsnrBandRows, height - first);
            var start = first * width;
            sums[item] = SquaredDifferenceSum(reference.Plane(channel).Slice(start, rows * width), test.Plane(channel).Slice(start, rows * width));
        });
        double total = 0;
        foreach (var s in sums)
            total += s;
        return total / ((double)width * height * channels);
    }

    /// <summary>Sum of (a - b)², every sample widened to double before the difference (as numpy does on float64 copies).</summary>
    internal static double SquaredDifferenceSum(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref ra, (nuint)i), out var aLow, out var aHigh);
                Vector.Widen(Vector.LoadUnsafe(ref rb, (nuint)i), out var bLow, out var bHigh);
                var dLow = aLow - bLow;
                var dHigh = aHigh - bHigh;
                acc += (dLow * dLow) + (dHigh * dHigh);
            }
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    private static void CheckPair(ImageFrame reference, ImageFrame test, double dataRange)
    {
        if (reference.Width != test.Width || reference.Height != test.Height)
            throw new ArgumentException($"frames differ in size: {reference.Width}x{reference.Height} and {test.Width}x{test.Height}.", nameof(test));
        if (reference.ColorChannels != test.ColorChannels)
            throw new ArgumentException($"frames differ in colour channels: {reference.ColorChannels} and {test.ColorChannels}.", nameof(test));
        if (!(dataRange > 0) || !double.IsFinite(dataRange))
            throw new ArgumentOutOfRangeException(nameof(dataRange), dataRange, "data range must be positive and finite.");
    }
}
