namespace Augment.Vision;

/// <summary>
/// Fits a colour transform that makes a source frame's colours match a reference frame's (or several
/// references' pooled colours): Reinhard, MKL, histogram matching, sliced optimal transport, a smooth
/// LUT fit from region correspondences or aligned pixels, or a learned model; see <see cref="ColorMatchMethod"/>. Frames in any defined
/// <see cref="ColorSpace"/> are taken to linear sRGB for the statistics; the returned
/// <see cref="ColorTransform"/> applies to any frame, typically the source and the rest of its shot.
/// </summary>
/// <example>
/// <code>
/// var grade = ColorMatch.Fit(clipFrame, heroFrame, o => o.UseMethod(ColorMatchMethod.Mkl).WithStrength(0.8));
/// using var graded = grade.Apply(clipFrame);
/// </code>
/// </example>
public static class ColorMatch
{
    /// <summary>Fits a transform from <paramref name="source"/> to <paramref name="reference"/> with options built fluently from <see cref="ColorMatchOptions.Default"/>.</summary>
    /// <param name="source">The frame whose colours move (three colour channels, defined colour space).</param>
    /// <param name="reference">The frame whose colours are the target.</param>
    /// <param name="configure">Changes the default options, e.g. <c>o => o.UseMethod(ColorMatchMethod.Reinhard)</c>.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    public static ColorTransform Fit(ImageFrame source, ImageFrame reference, Func<ColorMatchOptions, ColorMatchOptions> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Fit(source, reference, configure(ColorMatchOptions.Default), cancellationToken);
    }

    /// <summary>
    /// Fits a transform from <paramref name="source"/> to <paramref name="reference"/>. Statistics are
    /// accumulated in double precision, in parallel within the source's <see cref="ComputeBudget"/>,
    /// and do not depend on the thread count.
    /// </summary>
    /// <param name="source">The frame whose colours move (three colour channels, defined colour space).</param>
    /// <param name="reference">The frame whose colours are the target; its size may differ from the source's.</param>
    /// <param name="options">Method, strength and masks; <see cref="ColorMatchOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>A transform that <see cref="ColorTransform.Apply"/> applies to frames.</returns>
    /// <exception cref="ArgumentException">A frame lacks three colour channels or a colour space, a mask has the wrong shape or selects no pixels, or a correspondence region is empty or outside its frame (the message names its index).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Strength is outside 0..1, or a bin count, lattice size, sample count or iteration count is out of range.</exception>
    /// <exception cref="ModelSignatureException">With <see cref="ColorMatchMethod.Model"/>: the model's inputs or outputs do not have the documented shape.</exception>
    public static ColorTransform Fit(ImageFrame source, ImageFrame reference, ColorMatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ColorTransform.CheckFrame(source, nameof(source));
        ColorTransform.CheckFrame(reference, nameof(reference));
        return Fit(source, [reference], options, cancellationToken);
    }

    /// <summary>
    /// Fits a transform from <paramref name="source"/> to the pooled colours of several reference
    /// frames (e.g. a few hero frames of one look): moments are summed with pixel weights, histograms
    /// summed, and sliced-OT samples drawn from all references in proportion to their pixel counts.
    /// Two references that are the halves of one image give the transform of the whole image.
    /// <see cref="ColorMatchOptions.ReferenceMask"/>, <see cref="ColorMatchOptions.Correspondences"/>,
    /// aligned pairs and <see cref="ColorMatchMethod.Model"/> need exactly one reference.
    /// </summary>
    /// <param name="source">The frame whose colours move (three colour channels, defined colour space).</param>
    /// <param name="references">One or more reference frames (three colour channels, defined colour space, any sizes).</param>
    /// <param name="options">Method, strength and masks; <see cref="ColorMatchOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>A transform that <see cref="ColorTransform.Apply"/> applies to frames.</returns>
    /// <exception cref="ArgumentException">As for one reference; also an empty list, or an option that needs exactly one reference.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ModelSignatureException">With <see cref="ColorMatchMethod.Model"/>: the model does not have the documented signature.</exception>
    public static ColorTransform Fit(ImageFrame source, IReadOnlyList<ImageFrame> references, ColorMatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(references);
        options ??= ColorMatchOptions.Default;
        CheckOptions(options);
        if (references.Count == 0)
            throw new ArgumentException("Colour matching needs at least one reference frame.", nameof(references));
        ColorTransform.CheckFrame(source, nameof(source));
        for (var i = 0; i < references.Count; i++)
            ColorTransform.CheckFrame(references[i], $"{nameof(references)}[{i}]");
        ColorTransform.CheckMask(options.SourceMask, source, nameof(options) + "." + nameof(ColorMatchOptions.SourceMask));
        if (options.ReferenceMask is not null && references.Count != 1)
            throw new ArgumentException("A reference mask needs exactly one reference frame.", nameof(options));
        ColorTransform.CheckMask(options.ReferenceMask, references[0], nameof(options) + "." + nameof(ColorMatchOptions.ReferenceMask));
        var referenceMasks = new ImageFrame?[references.Count];
        referenceMasks[0] = options.ReferenceMask;

        switch (options.Method)
        {
            case ColorMatchMethod.SlicedOt:
                return SampleMatching.FitSlicedOt(source, references, referenceMasks, options, options.Smoothness ?? SampleMatching.DefaultSmoothness, cancellationToken);
            case ColorMatchMethod.Lut:
                return SampleMatching.FitLut(source, references, referenceMasks, options, cancellationToken);
            case ColorMatchMethod.Model:
                if (references.Count != 1)
                    throw new ArgumentException("A colour-transfer model takes exactly one reference frame.", nameof(references));
                return ModelMatching.Fit(source, references[0], options, cancellationToken);
        }

        // Histogram matching reads OKLab planes; the moment methods read linear sRGB and, for
        // Reinhard, convert to OKLab chunk by chunk while summing. A linear-sRGB frame is read in
        // place; anything else is converted on a copy.
        var oklabPlanes = options.Method == ColorMatchMethod.Histogram;
        using var sourceCopy = NeedsCopy(source, oklabPlanes) ? ColorTransform.ToWorkingSpace(source, oklabPlanes, cancellationToken) : null;
        var sourceWork = sourceCopy ?? source;
        var referenceCopies = new ImageFrame?[references.Count];
        try
        {
            var referenceWork = new ImageFrame[references.Count];
            for (var i = 0; i < references.Count; i++)
            {
                referenceCopies[i] = NeedsCopy(references[i], oklabPlanes) ? ColorTransform.ToWorkingSpace(references[i], oklabPlanes, cancellationToken) : null;
                referenceWork[i] = referenceCopies[i] ?? references[i];
            }
            return FitStatistics(sourceWork, referenceWork, referenceMasks, options, cancellationToken);
        }
        finally
        {
            foreach (var copy in referenceCopies)
                copy?.Dispose();
        }
    }

    private static void CheckOptions(ColorMatchOptions options)
    {
        ColorTransform.CheckStrength(options.Strength, nameof(options));
        if (options.HistogramBins is < 16 or > 65536)
            throw new ArgumentOutOfRangeException(nameof(options), options.HistogramBins, "HistogramBins must be 16..65536.");
        if (!Enum.IsDefined(options.Method))
            throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown colour-match method.");
        if (options.LatticeSize is < LatticeRegression.MinSize or > LatticeRegression.MaxSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.LatticeSize, $"LatticeSize must be {LatticeRegression.MinSize}..{LatticeRegression.MaxSize}.");
        if (options.Smoothness is { } smoothness && !(smoothness >= 0 && double.IsFinite(smoothness)))
            throw new ArgumentOutOfRangeException(nameof(options), smoothness, "Smoothness must be finite and non-negative.");
        if (options.MaxSamples is < 1024 or > 1 << 20)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSamples, "MaxSamples must be 1024..1048576.");
        if (options.OtIterations is < 1 or > 200)
            throw new ArgumentOutOfRangeException(nameof(options), options.OtIterations, "OtIterations must be 1..200.");
    }

    private static ColorTransform FitStatistics(ImageFrame sourceWork, ImageFrame[] referenceWork, ImageFrame?[] referenceMasks, ColorMatchOptions options, CancellationToken cancellationToken)
    {
        if (options.Method == ColorMatchMethod.Histogram)
        {
            var curves = ChannelHistograms.FitCurves(sourceWork, options.SourceMask, referenceWork, referenceMasks, options.HistogramBins, cancellationToken);
            return ColorTransform.ForCurves(curves, options.Strength);
        }

        var inOklab = options.Method == ColorMatchMethod.Reinhard;
        var s = ColorMoments.Compute(sourceWork, options.SourceMask, cancellationToken, inOklab);
        var r = ColorMoments.Compute(referenceWork[0], referenceMasks[0], cancellationToken, inOklab);
        for (var i = 1; i < referenceWork.Length; i++)
            r = ColorMoments.Combine(r, ColorMoments.Compute(referenceWork[i], referenceMasks[i], cancellationToken, inOklab));
        if (s.Weight <= 0)
            throw new ArgumentException("The source mask selects no pixels.", nameof(options));
        if (r.Weight <= 0)
            throw new ArgumentException("The reference mask selects no pixels.", nameof(options));

        ColorMatrix3x3 matrix;
        if (options.Method == ColorMatchMethod.Reinhard)
        {
            // Reinhard et al. 2001, equation 11 (per channel): l' = σr/σs (l - μs) + μr. A flat source
            // channel has no spread to scale, so only its mean moves.
            matrix = new ColorMatrix3x3(
                Ratio(r.StandardDeviation(0), s.StandardDeviation(0)), 0, 0,
                0, Ratio(r.StandardDeviation(1), s.StandardDeviation(1)), 0,
                0, 0, Ratio(r.StandardDeviation(2), s.StandardDeviation(2)));
        }
        else
        {
            matrix = MklSolver.Solve(s.Covariance, r.Covariance);
        }
        // Offset so that the source mean maps onto the reference mean: o = μr - M μs.
        var (t0, t1, t2) = matrix.Transform(s.Mean0, s.Mean1, s.Mean2);
        return ColorTransform.ForAffine(options.Method, matrix, (r.Mean0 - t0, r.Mean1 - t1, r.Mean2 - t2), options.Strength);
    }

    private static bool NeedsCopy(ImageFrame frame, bool inOklab) => inOklab || frame.ColorSpace != ColorSpace.LinearSrgb;

    private static double Ratio(double referenceDeviation, double sourceDeviation) =>
        sourceDeviation > 1e-12 ? referenceDeviation / sourceDeviation : 1.0;
}
