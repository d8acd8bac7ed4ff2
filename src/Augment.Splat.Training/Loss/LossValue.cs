namespace Augment.Splat.Training;

/// <summary>One evaluation of the training loss: the total and its two terms.</summary>
/// <param name="Loss">(1-λ) L1 + λ (1 - SSIM).</param>
/// <param name="L1">Weighted mean absolute error.</param>
/// <param name="Ssim">Weighted mean SSIM.</param>
internal readonly record struct LossValue(double Loss, double L1, double Ssim);
