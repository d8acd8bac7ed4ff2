namespace Augment.Splat.Training;

/// <summary>Where a <see cref="SceneCapture"/> came from.</summary>
public enum CaptureFormat
{
    /// <summary>Built in memory.</summary>
    None,

    /// <summary>A COLMAP sparse model (binary or text).</summary>
    Colmap,

    /// <summary>A nerfstudio / instant-ngp transforms.json.</summary>
    Transforms,
}
