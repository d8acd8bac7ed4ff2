namespace Augment.Splat.Training;

/// <summary>How well the trained scene reproduces one held-out view.</summary>
/// <param name="Name">The view's name (or index).</param>
/// <param name="Psnr">PSNR in dB (data range 1).</param>
/// <param name="Ssim">SSIM (scikit-image's Gaussian definition, <see cref="ImageQuality.Ssim"/>).</param>
public sealed record ViewQuality(string Name, double Psnr, double Ssim);
