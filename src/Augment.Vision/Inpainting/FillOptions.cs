namespace Augment.Vision;

/// <summary>
/// Settings for <see cref="ContentAwareFill"/>: the PatchMatch nearest-neighbour search (Barnes et al.
/// 2009) inside a coarse-to-fine expectation-maximisation completion (Wexler, Shechtman and Irani 2007).
/// Immutable; the fluent methods return changed copies.
/// </summary>
/// <example>
/// <code>
/// using var filled = photo.Fill(mask, f => f.PatchSize(9).Seed(42));
/// </code>
/// </example>
public sealed record FillOptions
{
    /// <summary>The defaults: 7x7 patches, 4 EM iterations per level, 4 PatchMatch passes, seed 0, mask grown by 2 pixels.</summary>
    public static FillOptions Default { get; } = new();

    /// <summary>
    /// Side of the square patches compared and copied, pixels; odd, 3..21. Larger patches keep larger
    /// structures (brick courses) together; smaller ones follow fine texture and are faster.
    /// </summary>
    public int PatchSizePixels { get; init; } = 7;

    /// <summary>
    /// EM iterations (search, then vote) per pyramid level, 1..50; the coarsest level runs twice as many
    /// because there the layout of the fill is decided.
    /// </summary>
    public int IterationsPerLevel { get; init; } = 4;

    /// <summary>PatchMatch passes (propagation plus random search, scan order alternating) per EM iteration, 1..20.</summary>
    public int PatchMatchPasses { get; init; } = 4;

    /// <summary>
    /// Shortest side of the coarsest pyramid level, pixels (at least 4 patch sides are always kept).
    /// Smaller values add levels: large holes then get their layout from more global context.
    /// </summary>
    public int CoarsestLevelPixels { get; init; } = 32;

    /// <summary>
    /// Pixels the mask is grown by before filling, 0..32 (2 by default). The grown ring is the blend
    /// band: there the fill is cross-faded into the original (full fill at the mask, original at the
    /// ring's outer edge), so no hard edge remains and anti-aliased mask edges are covered. Pixels
    /// farther from the mask are never changed.
    /// </summary>
    public int MaskDilationPixels { get; init; } = 2;

    /// <summary>Seed of the random search; the same seed, image and mask give the same output on any number of threads.</summary>
    public int RandomSeed { get; init; }

    /// <summary>Threads and memory; the image's <see cref="ImageFrame.Budget"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>A copy with another patch size.</summary>
    /// <param name="pixels">Odd side, 3..21.</param>
    public FillOptions PatchSize(int pixels) => this with { PatchSizePixels = pixels };

    /// <summary>A copy with another number of EM iterations per level.</summary>
    /// <param name="count">1..50.</param>
    public FillOptions Iterations(int count) => this with { IterationsPerLevel = count };

    /// <summary>A copy with another number of PatchMatch passes per EM iteration.</summary>
    /// <param name="count">1..20.</param>
    public FillOptions Passes(int count) => this with { PatchMatchPasses = count };

    /// <summary>A copy with another random seed.</summary>
    /// <param name="seed">Any value; equal seeds give equal outputs.</param>
    public FillOptions Seed(int seed) => this with { RandomSeed = seed };

    /// <summary>A copy that grows the mask (and blends) by another number of pixels.</summary>
    /// <param name="pixels">0..32.</param>
    public FillOptions Dilate(int pixels) => this with { MaskDilationPixels = pixels };

    /// <summary>A copy whose coarsest pyramid level has another shortest side.</summary>
    /// <param name="pixels">8..4096.</param>
    public FillOptions CoarsestLevel(int pixels) => this with { CoarsestLevelPixels = pixels };

    /// <summary>A copy that runs under <paramref name="budget"/>.</summary>
    /// <param name="budget">Threads and memory.</param>
    public FillOptions WithBudget(ComputeBudget budget) => this with { Budget = budget };

    internal void Validate()
    {
        if (PatchSizePixels is < 3 or > 21 || PatchSizePixels % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(PatchSizePixels), PatchSizePixels, $"The patch size must be odd and between 3 and 21 pixels; it is {PatchSizePixels}.");
        if (IterationsPerLevel is < 1 or > 50)
            throw new ArgumentOutOfRangeException(nameof(IterationsPerLevel), IterationsPerLevel, $"Iterations per level must be between 1 and 50; it is {IterationsPerLevel}.");
        if (PatchMatchPasses is < 1 or > 20)
            throw new ArgumentOutOfRangeException(nameof(PatchMatchPasses), PatchMatchPasses, $"PatchMatch passes must be between 1 and 20; it is {PatchMatchPasses}.");
        if (CoarsestLevelPixels is < 8 or > 4096)
            throw new ArgumentOutOfRangeException(nameof(CoarsestLevelPixels), CoarsestLevelPixels, $"The coarsest level must be between 8 and 4096 pixels; it is {CoarsestLevelPixels}.");
        if (MaskDilationPixels is < 0 or > 32)
            throw new ArgumentOutOfRangeException(nameof(MaskDilationPixels), MaskDilationPixels, $"The mask dilation must be between 0 and 32 pixels; it is {MaskDilationPixels}.");
    }
}
