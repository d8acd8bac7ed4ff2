namespace Augment.Splat.Training;

/// <summary>One observation of a COLMAP 3D point: the image and the index of the keypoint in that image's list.</summary>
/// <param name="ImageId">Image id.</param>
/// <param name="Point2DIndex">Index into the image's <see cref="ColmapImage.Points2D"/>.</param>
public readonly record struct ColmapTrackElement(int ImageId, int Point2DIndex);
