namespace Augment.Vision;

/// <summary>
/// Fits a colour transform that makes a source frame's colours match a reference frame's
/// (Reinhard, MKL or histogram matching; see <see cref="ColorMatchMethod"/>). Frames in any defined
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
    /// <exception cref="ArgumentException">A frame lacks three colour channels or a colour space, a mask has the wrong shape or selects no pixels.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Strength is outside 0..1 or the bin count outside 16..65536.</exception>
    public static ColorTransform Fit(ImageFrame source, ImageFrame reference, ColorMatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reference);
        options ??= ColorMatchOptions.Default;
        ColorTransform.CheckStrength(options.Strength, nameof(options));
        if (options.HistogramBins is < 16 or > 65536)
            throw new ArgumentOutOfRangeException(nameof(options), options.HistogramBins, "HistogramBins must be 16..65536.");
        if (!Enum.IsDefined(options.Method))
            throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown colour-match method.");
        ColorTransform.CheckFrame(source, nameof(source));
        ColorTransform.CheckFrame(reference, nameof(reference));
        ColorTransform.CheckMask(options.SourceMask, source, nameof(options) + "." + nameof(ColorMatchOptions.SourceMask));
        ColorTransform.CheckMask(options.ReferenceMask, reference, nameof(options) + "." + nameof(ColorMatchOptions.ReferenceMask));

        var inOklab = options.Method != ColorMatchMethod.Mkl;
        // A linear-sRGB frame is read in place for MKL; anything else is converted on a copy.
        using var sourceCopy = NeedsCopy(source, inOklab) ? ColorTransform.ToWorkingSpace(source, inOklab, cancellationToken) : null;
        using var referenceCopy = NeedsCopy(reference, inOklab) ? ColorTransform.ToWorkingSpace(reference, inOklab, cancellationToken) : null;
        var sourceWork = sourceCopy ?? source;
        var referenceWork = referenceCopy ?? reference;

        if (options.Method == ColorMatchMethod.Histogram)
        {
            var curves = ChannelHistograms.FitCurves(sourceWork, options.SourceMask, referenceWork, options.ReferenceMask, options.HistogramBins, cancellationToken);
            return ColorTransform.ForCurves(curves, options.Strength);
        }

        var s = ColorMoments.Compute(sourceWork, options.SourceMask, cancellationToken);
        var r = ColorMoments.Compute(referenceWork, options.ReferenceMask, cancellationToken);
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
