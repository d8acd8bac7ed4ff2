using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>One captured view for training: its camera, the photo, an optional mask and whether it is held out for evaluation.</summary>
public sealed record TrainingView
{
    /// <summary>Creates a view.</summary>
    /// <param name="camera">The pose and intrinsics (RDF axes); the photo must have its size.</param>
    /// <param name="target">The photo: at least 3 colour channels (RGB, display values in 0..1), camera-sized. Not disposed by the trainer.</param>
    public TrainingView(PinholeCamera camera, ImageFrame target)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(target);
        Camera = camera;
        Target = target;
    }

    /// <summary>The camera.</summary>
    public PinholeCamera Camera { get; }

    /// <summary>The photo the render is compared with.</summary>
    public ImageFrame Target { get; }

    /// <summary>Optional user mask: one plane (channel 0), camera-sized; values below 0.5 exclude the pixel from the loss (0 = exclude).</summary>
    public ImageFrame? Mask { get; init; }

    /// <summary>Held-out views are never trained on; the report grades the scene on them.</summary>
    public bool HeldOut { get; init; }

    /// <summary>A name for the report (file name); the index when null.</summary>
    public string? Name { get; init; }
}
