using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Measures the noise in an image: Immerkær's Laplacian-difference estimate per colour channel with a
/// Sobel edge gate, and a signal-dependent (Poisson–Gaussian) model <c>σ²(I) = a·I + b</c> fitted over
/// intensity bins of 16x16 block estimates, as camera noise at high ISO grows with the signal.
/// </summary>
public static class NoiseLevel
{
    /// <summary>Estimates the noise of every colour channel of <paramref name="frame"/> (alpha ignored).</summary>
    /// <param name="frame">The image, values as stored (usually sRGB-encoded 0..1).</param>
    /// <param name="options">How to measure; <see cref="NoiseEstimationOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the estimate between channels.</param>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="ResourceLimitException">The scratch buffers exceed the frame's budget.</exception>
    public static NoiseEstimate Estimate(ImageFrame frame, NoiseEstimationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= NoiseEstimationOptions.Default;
        SampleChecks.ThrowIfNotFinite(frame, "noise estimation");
        var channels = frame.ColorChannels;
        var width = frame.Width;
        var height = frame.Height;
        var threads = Math.Min(channels, frame.Budget.MaxThreads);
        frame.Budget.EnsureAllocation((long)frame.PixelCount * (sizeof(float) + 1) * threads, $"Noise estimation scratch for a {width}x{height} frame");

        var sigmas = new float[channels];
        var block = options.BlockSizePixels;
        var blocksX = width / block;
        var blocksY = height / block;
        // Per channel, per block: mean intensity and noise variance (NaN where the block is mostly edges).
        var blockMeans = new float[channels * blocksX * blocksY];
        var blockVariances = new float[channels * blocksX * blocksY];
        Parallel.For(0, channels, frame.Budget.ToParallelOptions(cancellationToken), c =>
        {
            var gradient = ArrayPool<float>.Shared.Rent(frame.PixelCount);
            var excluded = ArrayPool<byte>.Shared.Rent(frame.PixelCount);
            try
            {
                ReadOnlySpan<float> plane = frame.Plane(c);
                var mask = excluded.AsSpan(0, frame.PixelCount);
                ImmerkaerKernel.SobelMagnitude(plane, width, height, gradient.AsSpan(0, frame.PixelCount));
                ImmerkaerKernel.EdgeMask(gradient.AsSpan(0, frame.PixelCount), options.EdgeFraction, mask);
                sigmas[c] = ImmerkaerKernel.RegionSigma(plane, width, new PixelRegion(0, 0, width, height), mask);
                var offset = c * blocksX * blocksY;
                for (var by = 0; by < blocksY; by++)
                {
                    for (var bx = 0; bx < blocksX; bx++)
                    {
                        var region = new PixelRegion(bx * block, by * block, block, block);
                        var (sum, count) = ImmerkaerKernel.SumAbsResponse(plane, width, region, mask);
                        var index = offset + by * blocksX + bx;
                        blockMeans[index] = Mean(plane, width, region);
                        // At least half the interior must be flat for the block to speak for the noise.
                        if (count * 2 < (long)(block - 2) * (block - 2))
                        {
                            blockVariances[index] = float.NaN;
                            continue;
                        }
                        var sigma = ImmerkaerKernel.Scale * sum / count;
                        blockVariances[index] = (float)(sigma * sigma);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(gradient);
                ArrayPool<byte>.Shared.Return(excluded);
            }
        });
        var (gain, offsetB, bins) = SignalDependentFit.Fit(blockMeans, blockVariances, options.IntensityBins);
        if (bins < 2)
        {
            double mean = 0;
            foreach (var s in sigmas)
                mean += (double)s * s;
            (gain, offsetB) = (0, channels == 0 ? 0 : mean / channels);
        }
        return new NoiseEstimate(sigmas, gain, offsetB, bins);
    }

    private static float Mean(ReadOnlySpan<float> plane, int stride, PixelRegion region)
    {
        double sum = 0;
        for (var y = region.Y; y < region.Y + region.Height; y++)
            sum += System.Numerics.Tensors.TensorPrimitives.Sum(plane.Slice(y * stride + region.X, region.Width));
        return (float)(sum / ((double)region.Width * region.Height));
    }
}
