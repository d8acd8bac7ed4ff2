namespace Augment.Splat.Compression;

/// <summary>A cloud whose SH rest coefficients were replaced by codebook entries, and the codebook (entries and labels, for writers that store a palette).</summary>
/// <param name="Cloud">A new cloud: every attribute as before except the SH rest vectors, now each its codebook entry.</param>
/// <param name="Codebook">The entries and each splat's label.</param>
public sealed record ShQuantizationResult(GaussianCloud Cloud, ShCodebook Codebook);
