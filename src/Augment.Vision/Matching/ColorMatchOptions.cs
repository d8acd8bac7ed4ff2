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

    /// <summary>
    /// Lattice nodes per axis of the LUT that <see cref="ColorMatchMethod.SlicedOt"/>,
    /// <see cref="ColorMatchMethod.Lut"/> and <see cref="ColorMatchMethod.Model"/> fit, 9..65; 33 by default.
    /// </summary>
    public int LatticeSize { get; init; } = 33;

    /// <summary>
    /// The lattice regression's smoothness λ (≥ 0; larger is smoother, tending to the least-squares
    /// affine map), or null for the method's default: 1e-5 for sliced OT, region correspondences and
    /// aligned pairs, 1e-3 for the sliced-OT fallback of <see cref="ColorMatchMethod.Lut"/>, 1e-5 for a model.
    /// </summary>
    public double? Smoothness { get; init; }

    /// <summary>Region pairs (same surface in source and reference) that drive <see cref="ColorMatchMethod.Lut"/>; null or empty for none.</summary>
    public IReadOnlyList<ColorCorrespondence>? Correspondences { get; init; }

    /// <summary>
    /// The colour-transfer model for <see cref="ColorMatchMethod.Model"/>, owned (and disposed) by the
    /// caller. Input 0 is the source and input 1 the reference, both float [1, 3, H, W] sRGB-encoded
    /// 0..1 (H and W dynamic, or fixed, in which case the frames are resized to fit); output 0 is the
    /// graded source, float [1, 3, H, W] sRGB-encoded 0..1 at the (resized) source's size.
    /// </summary>
    public OnnxModel? Model { get; init; }

    /// <summary>Most pixels sampled from the source (and from the references together) for sliced OT, 1024..1 048 576; 65 536 by default.</summary>
    public int MaxSamples { get; init; } = 65_536;

    /// <summary>Random rotations of sliced OT (each moves the samples along three axes), 1..200; 25 by default.</summary>
    public int OtIterations { get; init; } = 25;

    /// <summary>A copy with <see cref="LatticeSize"/> set.</summary>
    /// <param name="size">Nodes per axis, 9..65.</param>
    public ColorMatchOptions WithLatticeSize(int size) => this with { LatticeSize = size };

    /// <summary>A copy with <see cref="Smoothness"/> set.</summary>
    /// <param name="smoothness">λ ≥ 0, or null for the method's default.</param>
    public ColorMatchOptions WithSmoothness(double? smoothness) => this with { Smoothness = smoothness };

    /// <summary>A copy that uses <see cref="ColorMatchMethod.Lut"/> driven by <paramref name="correspondences"/>.</summary>
    /// <param name="correspondences">Region pairs; each must be non-empty and inside its frame.</param>
    public ColorMatchOptions MatchRegions(IReadOnlyList<ColorCorrespondence> correspondences) =>
        this with { Method = ColorMatchMethod.Lut, Correspondences = correspondences };

    /// <summary>A copy that uses <see cref="ColorMatchMethod.Model"/> with <paramref name="model"/>.</summary>
    /// <param name="model">A colour-transfer model the caller owns; see <see cref="Model"/> for its signature.</param>
    public ColorMatchOptions UseModel(OnnxModel model) => this with { Method = ColorMatchMethod.Model, Model = model };
}
