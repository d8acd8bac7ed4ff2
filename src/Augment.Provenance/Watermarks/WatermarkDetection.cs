namespace Augment.Provenance.Watermarks;

/// <summary>What <see cref="ImageWatermark.Detect"/> or <see cref="AudioWatermark.Detect"/> found.</summary>
/// <param name="Found">True when the sync pattern was located and the decoded message passed its CRC-16.</param>
/// <param name="Payload">The recovered payload, or null when <paramref name="Found"/> is false.</param>
/// <param name="BitConfidence">
/// Fraction (0..1) of the coded bits whose received sign agrees with the re-encoded decoded message: 1 means every
/// coded bit arrived intact, 0.5 is chance. Measured on the best candidate even when nothing was found.
/// </param>
/// <param name="SyncScore">Normalised correlation (z-score) of the sync pilots at the best grid position (image) or block offset (audio); unmarked images give about 3 to 5, unmarked sound about 2.5 to 4.</param>
/// <param name="ScaleRatio">Estimated size of the examined image relative to the marked one along the longer side, assuming a crop (1 = uncropped or uniformly resized); always 1 for audio (time scaling is not searched).</param>
public sealed record WatermarkDetection(bool Found, WatermarkPayload? Payload, double BitConfidence, double SyncScore, double ScaleRatio)
{
    /// <summary>Nothing examined or nothing found.</summary>
    public static WatermarkDetection NotFound { get; } = new(false, null, 0, 0, 1);
}
