namespace Augment;

/// <summary>Full-reference image quality: PSNR and SSIM between two frames of the same size and channel count.</summary>
public static class ImageQuality
{
    /// <summary>Peak signal-to-noise ratio in dB over all colour channels; +infinity for identical frames.</summary>
    public static double Psnr(ImageFrame reference, ImageFrame test, double dataRange = 1.0)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        throw new NotImplementedException("being written");
    }

    /// <summary>Mean structural similarity (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03), averaged over colour channels.</summary>
    public static double Ssim(ImageFrame reference, ImageFrame test, double dataRange = 1.0)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        throw new NotImplementedException("being written");
    }
}
