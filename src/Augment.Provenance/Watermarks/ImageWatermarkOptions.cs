namespace Augment.Provenance.Watermarks;

/// <summary>Settings shared by <see cref="ImageWatermark.Embed"/> and <see cref="ImageWatermark.Detect"/>; embed and detect must use the same key.</summary>
public sealed record ImageWatermarkOptions
{
    /// <summary>The defaults: the public default key, peak amplitude 0.018 (about 41 dB PSNR), the frame's budget.</summary>
    public static ImageWatermarkOptions Default { get; } = new();

    /// <summary>
    /// Secret key seeding the pilot positions, chip signs and bit interleaving. A detector without the key finds nothing.
    /// The default is public: use your own for anything that matters.
    /// </summary>
    public ulong Key { get; init; } = 0x4175_676D_656E_7431; // "Augment1"

    /// <summary>
    /// Peak luma change in full-scale units (0..1 images). The mark's RMS is half of this, so 0.018 gives about
    /// 41 dB PSNR before clipping; larger is more robust and more visible.
    /// </summary>
    public float AmplitudePeak
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 0.25f);
            field = value;
        }
    } = 0.018f;

    /// <summary>
    /// Smallest crop ratio (kept fraction of the longer side) the detector searches for, 0.5..1. 0.8 finds images
    /// cropped by up to 20 % along their longer side; 1 searches no crops (fastest).
    /// </summary>
    public double MinimumCropRatio
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.5);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            field = value;
        }
    } = 0.8;

    /// <summary>Threads and memory to use; null uses the frame's own <see cref="ImageFrame.Budget"/>.</summary>
    public ComputeBudget? Budget { get; init; }
}
