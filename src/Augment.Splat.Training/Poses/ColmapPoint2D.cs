namespace Augment.Splat.Training;

/// <summary>A keypoint of a COLMAP image: pixel position and the 3D point it observes (<see cref="NoPoint"/> when none).</summary>
/// <param name="X">Pixel x (COLMAP: pixel centres at half-integers).</param>
/// <param name="Y">Pixel y.</param>
/// <param name="Point3DId">Id of the observed 3D point, or <see cref="NoPoint"/> (-1).</param>
public readonly record struct ColmapPoint2D(double X, double Y, long Point3DId)
{
    /// <summary>The id that marks a keypoint without a 3D point (-1 in text, 2^64 - 1 in binary files).</summary>
    public const long NoPoint = -1;
}
