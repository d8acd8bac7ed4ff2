namespace Augment.Vision;

/// <summary>
/// The LUT-based matches: sliced optimal transport and the lattice-regression fit driven by region
/// correspondences, aligned pixels or sliced-OT pairs. All of them end in
/// <see cref="LatticeRegression"/> over sRGB-encoded colour pairs.
/// </summary>
internal static class SampleMatching
{
    /// <summary>λ for sliced-OT pairs, region correspondences, aligned pairs and model pairs: close to interpolation, still smooth where there is no data.</summary>
    public const double DefaultSmoothness = 1e-5;

    /// <summary>λ for the sliced-OT fallback of <see cref="ColorMatchMethod.Lut"/>: a smoother, more global grade.</summary>
    public const double GlobalSmoothness = 1e-3;

    // Fixed seeds: the same inputs always give the same transform.
    private const int SourceSeed = 0x5EED1;
    private const int ReferenceSeed = 0x5EED2;
    private const int RotationSeed = 0x5EED3;

    public static ColorTransform FitSlicedOt(ImageFrame source, IReadOnlyList<ImageFrame> references, IReadOnlyList<ImageFrame?> referenceMasks,
        ColorMatchOptions options, double smoothness, CancellationToken cancellationToken, ColorMatchMethod method = ColorMatchMethod.SlicedOt)
    {
        ColorSamples moving;
        ColorSamples target;
        using (var sourceLinear = source.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken))
            moving = ColorSamples.Draw([sourceLinear], [options.SourceMask], options.MaxSamples, SourceSeed);
        var linears = new ImageFrame[references.Count];
        try
        {
            for (var i = 0; i < references.Count; i++)
                linears[i] = references[i].ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            target = ColorSamples.Draw(linears, referenceMasks, options.MaxSamples, ReferenceSeed);
        }
        finally
        {
            foreach (var frame in linears)
                frame?.Dispose();
        }

        var n = moving.Count;
        var pairs = new ColorPairs(n);
        var fromR = new float[n];
        var fromG = new float[n];
        var fromB = new float[n];
        Encode(moving.X, fromR);
        Encode(moving.Y, fromG);
        Encode(moving.Z, fromB);
        OklabPlaneKernels.FromLinearSrgb(moving.X, moving.Y, moving.Z);
        OklabPlaneKernels.FromLinearSrgb(target.X, target.Y, target.Z);
        SlicedOptimalTransport.Transport(moving, target, options.OtIterations, RotationSeed, cancellationToken);
        OklabPlaneKernels.ToLinearSrgb(moving.X, moving.Y, moving.Z);
        Encode(moving.X, moving.X);
        Encode(moving.Y, moving.Y);
        Encode(moving.Z, moving.Z);
        for (var i = 0; i < n; i++)
            pairs.Add(fromR[i], fromG[i], fromB[i], moving.X[i], moving.Y[i], moving.Z[i]);
        var fit = LatticeRegression.Fit(pairs, options.LatticeSize, smoothness, source.Budget, cancellationToken);
        return ColorTransform.ForLattice(method, fit.Lut, options.Strength);
    }

    public static ColorTransform FitLut(ImageFrame source, IReadOnlyList<ImageFrame> references, IReadOnlyList<ImageFrame?> referenceMasks,
        ColorMatchOptions options, CancellationToken cancellationToken)
    {
        var smoothness = options.Smoothness ?? DefaultSmoothness;
        ColorPairs pairs;
        if (options.Correspondences is { Count: > 0 } correspondences)
        {
            if (references.Count != 1)
                throw new ArgumentException("Region correspondences need exactly one reference frame.", nameof(references));
            pairs = RegionPairs(source, references[0], correspondences, options, cancellationToken);
        }
        else if (references.Count == 1 && references[0].Width == source.Width && references[0].Height == source.Height)
        {
            pairs = AlignedPairs(source, options.SourceMask, references[0], referenceMasks[0], options.MaxSamples, cancellationToken);
            if (pairs.Count == 0)
                throw new ArgumentException("The masks select no aligned pixels.", nameof(options));
        }
        else
        {
            return FitSlicedOt(source, references, referenceMasks, options, options.Smoothness ?? GlobalSmoothness, cancellationToken, ColorMatchMethod.Lut);
        }
        var fit = LatticeRegression.Fit(pairs, options.LatticeSize, smoothness, source.Budget, cancellationToken);
        return ColorTransform.ForLattice(ColorMatchMethod.Lut, fit.Lut, options.Strength);
    }

    /// <summary>One pair per correspondence: the regions' mean colours (averaged in linear light, then encoded), with the pair's weight.</summary>
    private static ColorPairs RegionPairs(ImageFrame source, ImageFrame reference, IReadOnlyList<ColorCorrespondence> correspondences, ColorMatchOptions options, CancellationToken cancellationToken)
    {
        for (var i = 0; i < correspondences.Count; i++)
        {
            var pair = correspondences[i] ?? throw new ArgumentException($"Correspondences[{i}] is null.", nameof(options));
            if (!pair.Source.FitsIn(source.Width, source.Height))
                throw new ArgumentException($"Correspondences[{i}]: the source region {pair.Source} is empty or not inside the {source.Width}x{source.Height} source frame.", nameof(options));
            if (!pair.Reference.FitsIn(reference.Width, reference.Height))
                throw new ArgumentException($"Correspondences[{i}]: the reference region {pair.Reference} is empty or not inside the {reference.Width}x{reference.Height} reference frame.", nameof(options));
            if (!(pair.Weight > 0) || !double.IsFinite(pair.Weight))
                throw new ArgumentException($"Correspondences[{i}]: the weight {pair.Weight} must be positive and finite.", nameof(options));
        }
        using var sourceLinear = source.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
        using var referenceLinear = reference.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
        var pairs = new ColorPairs(correspondences.Count);
        for (var i = 0; i < correspondences.Count; i++)
        {
            var (sr, sg, sb) = MeanEncoded(sourceLinear, correspondences[i].Source);
            var (rr, rg, rb) = MeanEncoded(referenceLinear, correspondences[i].Reference);
            pairs.Add(sr, sg, sb, rr, rg, rb, (float)correspondences[i].Weight);
        }
        return pairs;
    }

    private static (float R, float G, float B) MeanEncoded(ImageFrame linear, PixelRegion region)
    {
        Span<double> sums = stackalloc double[3];
        for (var c = 0; c < 3; c++)
        {
            double sum = 0;
            for (var y = region.Y; y < region.Y + region.Height; y++)
            {
                foreach (var v in linear.Row(c, y).Slice(region.X, region.Width))
                    sum += v;
            }
            sums[c] = TransferKernels.SrgbFromLinear(sum / ((double)region.Width * region.Height));
        }
        return ((float)sums[0], (float)sums[1], (float)sums[2]);
    }

    /// <summary>Pixel pairs at the same position in two frames of one size, at most <paramref name="maxSamples"/> evenly spaced ones, weighted by the masks.</summary>
    private static ColorPairs AlignedPairs(ImageFrame source, ImageFrame? sourceMask, ImageFrame reference, ImageFrame? referenceMask, int maxSamples, CancellationToken cancellationToken)
    {
        using var from = source.ConvertColorSpace(ColorSpace.Srgb, cancellationToken);
        using var to = reference.ConvertColorSpace(ColorSpace.Srgb, cancellationToken);
        var pixels = from.PixelCount;
        var count = Math.Min(pixels, maxSamples);
        var pairs = new ColorPairs(count);
        ReadOnlySpan<float> fr = from.Plane(0), fg = from.Plane(1), fb = from.Plane(2), tr = to.Plane(0), tg = to.Plane(1), tb = to.Plane(2);
        ReadOnlySpan<float> sw = sourceMask is null ? default : sourceMask.Plane(0);
        ReadOnlySpan<float> rw = referenceMask is null ? default : referenceMask.Plane(0);
        for (var k = 0; k < count; k++)
        {
            var i = (int)(((k + 0.5) * pixels) / count);
            var weight = (sw.IsEmpty ? 1f : sw[i]) * (rw.IsEmpty ? 1f : rw[i]);
            pairs.Add(fr[i], fg[i], fb[i], tr[i], tg[i], tb[i], weight);
        }
        return pairs;
    }

    /// <summary>sRGB encoding (sign kept, no clipping) from <paramref name="linear"/> into <paramref name="encoded"/> (may alias).</summary>
    internal static void Encode(ReadOnlySpan<float> linear, Span<float> encoded)
    {
        for (var i = 0; i < linear.Length; i++)
            encoded[i] = (float)TransferKernels.SrgbFromLinear(linear[i]);
    }
}
