namespace Augment.Vision;

/// <summary>
/// The classical film look of <see cref="FilmLook"/>: colour statistics taken from a reference still
/// plus synthetic film grain. Every <c>With...</c> method returns a changed copy.
/// </summary>
public sealed record FilmLookOptions
{
    /// <summary>No reference, no grain: set at least one.</summary>
    public static FilmLookOptions Default { get; } = new();

    /// <summary>
    /// A still whose colour statistics (per-channel mean and standard deviation in OKLab, Reinhard
    /// et al. 2001) the image takes on; null keeps the colours. Not disposed.
    /// </summary>
    public ImageFrame? Reference { get; init; }

    /// <summary>How far the colours move toward the reference's statistics, 0..1.</summary>
    public double ColorStrength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(ColorStrength));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0, nameof(ColorStrength));
            field = value;
        }
    } = 1.0;

    /// <summary>
    /// Grain strength, 0 (none) to 1: the grain's standard deviation at mid-grey is
    /// <c>0.1 x intensity</c> in sRGB-encoded units (0.3 gives about 7.6 of 255), less toward black
    /// and white (see <see cref="FilmLook.Response"/>).
    /// </summary>
    public float GrainIntensity
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(GrainIntensity));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1f, nameof(GrainIntensity));
            field = value;
        }
    }

    /// <summary>
    /// Grain size in pixels: white noise is blurred with a Gaussian of σ = size / 2, so grains are
    /// about this wide (0.5 is nearly per-pixel noise; 3 is coarse, like fast film scanned small). 0.25 to 16.
    /// </summary>
    public float GrainSizePixels
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.25f, nameof(GrainSizePixels));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 16f, nameof(GrainSizePixels));
            field = value;
        }
    } = 1.5f;

    /// <summary>Seed of the grain: the same seed, size and image size give the same grain on any machine and thread count.</summary>
    public int Seed { get; init; }

    /// <summary>A copy that takes colour statistics from <paramref name="reference"/>.</summary>
    /// <param name="reference">The still (three colour channels), or null for none.</param>
    /// <param name="strength">0..1.</param>
    public FilmLookOptions WithReference(ImageFrame? reference, double strength = 1.0) =>
        this with { Reference = reference, ColorStrength = strength };

    /// <summary>A copy with grain.</summary>
    /// <param name="intensity">0..1 (standard deviation 0.1 x intensity at mid-grey).</param>
    /// <param name="sizePixels">Grain size in pixels, 0.25..16.</param>
    public FilmLookOptions WithGrain(float intensity, float sizePixels = 1.5f) =>
        this with { GrainIntensity = intensity, GrainSizePixels = sizePixels };

    /// <summary>A copy with the grain's seed.</summary>
    /// <param name="seed">Any value.</param>
    public FilmLookOptions WithSeed(int seed) => this with { Seed = seed };
}
