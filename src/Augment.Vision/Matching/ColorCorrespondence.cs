namespace Augment.Vision;

/// <summary>
/// A pair of regions that show the same surface in the source and in the reference (a chart patch,
/// a face, a wall), for <see cref="ColorMatchMethod.Lut"/>: the source region's mean colour should
/// become the reference region's.
/// </summary>
/// <param name="Source">The region in the source frame.</param>
/// <param name="Reference">The region in the reference frame.</param>
/// <param name="Weight">Relative importance of the pair (positive, finite); 1 by default.</param>
public sealed record ColorCorrespondence(PixelRegion Source, PixelRegion Reference, double Weight = 1.0);
