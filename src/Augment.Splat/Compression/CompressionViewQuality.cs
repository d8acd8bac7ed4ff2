namespace Augment.Splat.Compression;

/// <summary>
/// Image quality of one view: the decoded output's render against the original's render (both clamped to [0, 1], as
/// a display shows them), and, when reference images were given, each render against the reference.
/// </summary>
/// <param name="View">Index of the camera.</param>
/// <param name="PsnrDb">PSNR of the compressed render against the original render, dB (+infinity when identical).</param>
/// <param name="Ssim">SSIM of the compressed render against the original render.</param>
/// <param name="OriginalReferencePsnrDb">PSNR of the original render against the reference image, dB; null without references.</param>
/// <param name="CompressedReferencePsnrDb">PSNR of the compressed render against the reference image, dB; null without references.</param>
/// <param name="OriginalReferenceSsim">SSIM of the original render against the reference image; null without references.</param>
/// <param name="CompressedReferenceSsim">SSIM of the compressed render against the reference image; null without references.</param>
public sealed record CompressionViewQuality(
    int View,
    double PsnrDb,
    double Ssim,
    double? OriginalReferencePsnrDb = null,
    double? CompressedReferencePsnrDb = null,
    double? OriginalReferenceSsim = null,
    double? CompressedReferenceSsim = null)
{
    /// <summary>How much PSNR against the reference compression cost, dB (original minus compressed); null without references.</summary>
    public double? ReferencePsnrDropDb => OriginalReferencePsnrDb - CompressedReferencePsnrDb;
}
