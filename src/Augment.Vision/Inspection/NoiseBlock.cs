namespace Augment.Vision;

/// <summary>One block of the noise-consistency check: where it is, its mean luma and its noise σ (NaN when mostly edges or clipped).</summary>
internal readonly record struct NoiseBlock(PixelRegion Bounds, float Mean, float Sigma);
