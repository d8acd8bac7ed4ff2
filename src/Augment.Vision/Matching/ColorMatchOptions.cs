namespace Augment.Vision;

/// <summary>
/// Settings for <see cref="ColorMatch.Fit(ImageFrame, ImageFrame, ColorMatchOptions?, CancellationToken)"/>.
/// Immutable: the fluent methods return changed copies, and a record built with an initializer is
/// equivalent.
/// </summary>
public sealed record ColorMatchOptions
{
    /// <summary>The defaults: MKL at full strength, no masks, 1024 histogram bins.</summary>
    public static ColorMatchOptions Default { get; } = new();

    /// <summary>The matching method; <see cref="ColorMatchMethod.Mkl"/> by default.</summary>
    public ColorMatchMethod Method { get; init; } = ColorMatchMethod.Mkl;

    /// <summary>How far the result moves from the original toward the match, 0 (identity) to 1 (full match).</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>
    /// Optional one-channel plane (0..1, same size as the source) weighting each source pixel in the
    /// source statistics, e.g. to match only the background. Null weights every pixel 1.
    /// </summary>
    public ImageFrame? SourceMask { get; init; }

    /// <summary>Optional one-channel plane (0..1, same size as the reference) weighting each reference pixel. Null weights every pixel 1.</summary>
    public ImageFrame? ReferenceMask { get; init; }

    /// <summary>Bins per channel for <see cref="ColorMatchMethod.Histogram"/>, 16..65536; 1024 by default.</summary>
    public int HistogramBins { get; init; } = 1024;

    /// <summary>A copy that uses <paramref name="method"/>.</summary>
    /// <param name="method">The matching method.</param>
    public ColorMatchOptions UseMethod(ColorMatchMethod method) => this with { Method = method };

    /// <summary>A copy with <see cref="Strength"/> set.</summary>
    /// <param name="strength">0 (identity) to 1 (full match).</param>
    public ColorMatchOptions WithStrength(double strength) => this with { Strength = strength };

    /// <summary>A copy whose source statistics are weighted by <paramref name="mask"/>.</summary>
    /// <param name="mask">One-channel 0..1 plane the size of the source, or null for none.</param>
    public ColorMatchOptions MaskSource(ImageFrame? mask) => this with { SourceMask = mask };

    /// <summary>A copy whose reference statistics are weighted by <paramref name="mask"/>.</summary>
    /// <param name="mask">One-channel 0..1 plane the size of the reference, or null for none.</param>
    public ColorMatchOptions MaskReference(ImageFrame? mask) => this with { ReferenceMask = mask };

    /// <summary>A copy with <see cref="HistogramBins"/> set.</summary>
    /// <param name="bins">Bins per channel, 16..65536.</param>
    public ColorMatchOptions WithHistogramBins(int bins) => this with { HistogramBins = bins };
}
