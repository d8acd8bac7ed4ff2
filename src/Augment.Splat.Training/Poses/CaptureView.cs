using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>
/// One posed photograph of a capture: its name, where the image file is, and the pinhole camera that took it (RDF axes, as
/// <see cref="PinholeCamera"/> documents). Lens distortion is not modelled by the renderer: the terms are kept here so that
/// a caller can undistort first, and <see cref="SceneCapture.Warnings"/> says when any of them is non-zero.
/// </summary>
public sealed record CaptureView
{
    /// <summary>Creates a view.</summary>
    /// <param name="name">Name as the source gives it (COLMAP image name, transforms.json file_path).</param>
    /// <param name="imagePath">Full path of the image file (it may not exist when the capture was loaded without its images).</param>
    /// <param name="camera">Pose and intrinsics.</param>
    /// <param name="distortionModel">Name of the distortion model (COLMAP model name, e.g. <c>OPENCV</c>; <c>PINHOLE</c> when none).</param>
    /// <param name="distortion">Distortion terms in the model's order (empty when none).</param>
    public CaptureView(string name, string imagePath, PinholeCamera camera, string distortionModel = "PINHOLE", IReadOnlyList<double>? distortion = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(imagePath);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(distortionModel);
        Name = name;
        ImagePath = imagePath;
        Camera = camera;
        DistortionModel = distortionModel;
        Distortion = distortion is null ? [] : [.. distortion];
    }

    /// <summary>Name as the source gives it.</summary>
    public string Name { get; }

    /// <summary>Full path of the image file.</summary>
    public string ImagePath { get; }

    /// <summary>Pose and intrinsics (pixel centres at half-integers).</summary>
    public PinholeCamera Camera { get; }

    /// <summary>Name of the distortion model (COLMAP's spelling).</summary>
    public string DistortionModel { get; }

    /// <summary>Distortion terms in the model's order; empty for a pinhole.</summary>
    public IReadOnlyList<double> Distortion { get; }

    /// <summary>Whether any distortion term is non-zero.</summary>
    public bool IsDistorted
    {
        get
        {
            foreach (var d in Distortion)
            {
                if (d != 0)
                    return true;
            }
            return false;
        }
    }
}
