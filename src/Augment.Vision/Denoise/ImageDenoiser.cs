namespace Augment.Vision;

/// <summary>
/// Removes noise from images: fast non-local means (default), bilateral or guided filtering in an orthonormal
/// luma/chroma space with stronger chroma smoothing and optional texture re-injection, or a learned ONNX denoiser
/// run in overlapping tiles. Strength follows the noise level that <see cref="NoiseLevel"/> estimates unless
/// <see cref="DenoiseOptions.NoiseSigma"/> gives it.
/// </summary>
public static class ImageDenoiser
{
    /// <summary>Denoises <paramref name="frame"/> with options set fluently, e.g. <c>d => d.Strength(0.6f).Chroma(1.5f)</c>.</summary>
    /// <inheritdoc cref="Denoise(ImageFrame, DenoiseOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>
    public static ImageFrame Denoise(ImageFrame frame, Func<DenoiseBuilder, DenoiseBuilder> configure, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Denoise(frame, configure(new DenoiseBuilder()).Options, progress, cancellationToken);
    }

    /// <summary>Denoises <paramref name="frame"/> into a new frame of the same shape (alpha copied unchanged).</summary>
    /// <param name="frame">The noisy image, values as stored (usually sRGB-encoded 0..1).</param>
    /// <param name="options">How; <see cref="DenoiseOptions.Default"/> when null.</param>
    /// <param name="progress">Receives reports per tile or row band (stage "denoise").</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <returns>A new frame under the input's budget; dispose it.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="ResourceLimitException">The working buffers exceed the frame's budget.</exception>
    /// <exception cref="ModelSignatureException">The model is not a same-size float NCHW image model for this frame.</exception>
    public static ImageFrame Denoise(ImageFrame frame, DenoiseOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= DenoiseOptions.Default;
        Validate(options);
        var colours = frame.ColorChannels;
        var size = frame.PixelCount;
        frame.Budget.EnsureAllocation((long)size * colours * sizeof(float) * 4, $"Denoising a {frame.Width}x{frame.Height}x{colours} frame");
        SampleChecks.ThrowIfNotFinite(frame, "denoising");
        if (options.Model is not null)
            return DenoiseModel.Run(frame, options, progress, cancellationToken);

        var sigma = options.NoiseSigma ?? NoiseLevel.Estimate(frame, cancellationToken: cancellationToken).Sigma;
        var output = frame.Clone();
        if (sigma <= 1e-6f || options.Strength == 0)
            return output;
        try
        {
            using var working = ImageFrame.Create(frame.Width, frame.Height, colours, frame.ColorSpace, budget: frame.Budget);
            using var filtered = ImageFrame.Create(frame.Width, frame.Height, colours, frame.ColorSpace, budget: frame.Budget);
            ToWorking(frame, working);
            switch (options.Method)
            {
                case DenoiseMethod.NonLocalMeans:
                    RunNonLocalMeans(working, filtered, NlmFor(sigma, options), progress, cancellationToken);
                    break;
                case DenoiseMethod.Bilateral:
                    RunBilateral(working, filtered, sigma, options, progress, cancellationToken);
                    break;
                case DenoiseMethod.Guided:
                    RunGuided(working, filtered, sigma, options, progress, cancellationToken);
                    break;
                default:
                    throw new ArgumentException($"Unknown denoise method {options.Method}.", nameof(options));
            }
            TexturePreservation.Apply(working.Data, filtered.Data, frame.Width, frame.Height, colours, options.PreserveTexture, sigma);
            FromWorking(filtered, output);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>The non-local-means parameters for noise σ under the options.</summary>
    /// <remarks>
    /// Defaults follow the shape of Buades et al.'s IPOL table (small patches at low noise, larger ones and a
    /// smaller h/σ at high noise), re-tuned for PSNR on crops of the standard pictures with 8-bit Gaussian noise
    /// (σ 10/25/50 of 255; see docs/vision-denoise.md): 3x3 patches, 15x15 search, h = 0.8σ up to σ 20; 3x3, 13x13,
    /// 0.7σ up to 40; 5x5, 11x11, 0.5σ above.
    /// </remarks>
    internal static NlmParameters NlmFor(float sigma, DenoiseOptions options)
    {
        var sigma255 = sigma * 255;
        var (patch, search, hPerSigma) = sigma255 switch
        {
            <= 20 => (1, 7, 0.8f),
            <= 40 => (1, 6, 0.7f),
            _ => (2, 5, 0.5f),
        };
        var h = hPerSigma * sigma * options.Strength;
        return new NlmParameters(options.PatchRadius ?? patch, options.SearchRadius ?? search, sigma, h, h * options.Chroma);
    }

    internal static void RunNonLocalMeans(ImageFrame working, ImageFrame filtered, NlmParameters parameters, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var width = working.Width;
        var height = working.Height;
        var pad = parameters.PatchRadius + parameters.SearchRadius;
        working.Budget.EnsureAllocation(PaddedPlanes.BytesFor(working.Channels, width, height, pad), $"Non-local means padding of a {width}x{height} frame");
        using var padded = new PaddedPlanes(working.Channels, width, height, pad);
        for (var c = 0; c < working.Channels; c++)
            padded.Fill(c, working.Plane(c));
        var tilesX = (width + NonLocalMeansKernel.TileWidth - 1) / NonLocalMeansKernel.TileWidth;
        var tilesY = (height + NonLocalMeansKernel.TileHeight - 1) / NonLocalMeansKernel.TileHeight;
        var total = tilesX * tilesY;
        var done = 0;
        progress?.Report(AugmentProgress.Items("denoise", 0, total));
        // Tiles write disjoint pixels of the filtered frame, so they run in any order on any thread.
        Parallel.For(0, total, working.Budget.ToParallelOptions(cancellationToken), tile =>
        {
            var tx = tile % tilesX;
            var ty = tile / tilesX;
            var x0 = tx * NonLocalMeansKernel.TileWidth;
            var y0 = ty * NonLocalMeansKernel.TileHeight;
            NonLocalMeansKernel.DenoiseTile(padded, parameters, x0, y0,
                Math.Min(NonLocalMeansKernel.TileWidth, width - x0), Math.Min(NonLocalMeansKernel.TileHeight, height - y0), filtered.Data);
            progress?.Report(AugmentProgress.Items("denoise", Interlocked.Increment(ref done), total));
        });
    }

    private static void RunBilateral(ImageFrame working, ImageFrame filtered, float sigma, DenoiseOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        // Range σ in terms of the L1 colour distance: for pure noise E Σ|Δu_c| ≈ C·σ·2/√π, so 2.5σ per channel
        // keeps noise-sized differences near full weight and edges (several σ) out.
        var range = 2.5f * sigma * working.Channels * options.Strength;
        var sigmaSpace = sigma * 255 <= 25 ? 1.5f : 2.5f;
        var radius = (int)MathF.Round(sigmaSpace * 1.5f);
        using var padded = new PaddedPlanes(working.Channels, working.Width, working.Height, radius);
        for (var c = 0; c < working.Channels; c++)
            padded.Fill(c, working.Plane(c));
        var done = 0;
        RowBands.Run(working, (first, end) =>
        {
            BilateralKernel.Rows(padded, radius, sigmaSpace, range, range * options.Chroma, first, end, filtered.Data);
            progress?.Report(AugmentProgress.Items("denoise", Interlocked.Add(ref done, end - first), working.Height));
        }, cancellationToken);
    }

    private static void RunGuided(ImageFrame working, ImageFrame filtered, float sigma, DenoiseOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var sigma255 = sigma * 255;
        var radius = sigma255 <= 15 ? 2 : sigma255 <= 35 ? 3 : 4;
        var done = 0;
        Parallel.For(0, working.Channels, working.Budget.ToParallelOptions(cancellationToken), c =>
        {
            var strength = options.Strength * (c == 0 ? 1f : options.Chroma) * 1.5f * sigma;
            GuidedFilterKernel.Plane(working.Plane(c), working.Width, working.Height, radius, strength * strength, filtered.Plane(c));
            progress?.Report(AugmentProgress.Items("denoise", Interlocked.Increment(ref done), working.Channels));
        });
    }

    private static void ToWorking(ImageFrame frame, ImageFrame working)
    {
        if (working.Channels == 3)
            OpponentTransform.Forward(frame.Plane(0), frame.Plane(1), frame.Plane(2), working.Plane(0), working.Plane(1), working.Plane(2));
        else
            frame.Data.Slice(0, working.Data.Length).CopyTo(working.Data);
    }

    private static void FromWorking(ImageFrame working, ImageFrame output)
    {
        if (working.Channels == 3)
            OpponentTransform.Inverse(working.Plane(0), working.Plane(1), working.Plane(2), output.Plane(0), output.Plane(1), output.Plane(2));
        else
            working.Data.CopyTo(output.Data);
    }

    private static void Validate(DenoiseOptions options)
    {
        if (!(options.Strength >= 0 && options.Strength <= 4))
            throw new ArgumentException($"Strength must lie in 0..4; it is {options.Strength}.", nameof(options));
        if (!(options.Chroma >= 0 && options.Chroma <= 8))
            throw new ArgumentException($"Chroma must lie in 0..8; it is {options.Chroma}.", nameof(options));
        if (!(options.PreserveTexture >= 0 && options.PreserveTexture <= 1))
            throw new ArgumentException($"PreserveTexture must lie in 0..1; it is {options.PreserveTexture}.", nameof(options));
        if (options.NoiseSigma is { } s && !(s >= 0 && s <= 1))
            throw new ArgumentException($"NoiseSigma must lie in 0..1 (sample units); it is {s}.", nameof(options));
        if (options.PatchRadius is { } f && (f < 1 || f > 5))
            throw new ArgumentException($"PatchRadius must lie in 1..5; it is {f}.", nameof(options));
        if (options.SearchRadius is { } r && (r < 1 || r > 20))
            throw new ArgumentException($"SearchRadius must lie in 1..20; it is {r}.", nameof(options));
    }
}
