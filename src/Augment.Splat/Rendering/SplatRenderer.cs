namespace Augment.Splat;

/// <summary>
/// CPU preview renderer: tile-based EWA splatting of a <see cref="GaussianCloud"/> seen by a <see cref="PinholeCamera"/>
/// (3D covariances projected to 2D, per-tile depth sort, front-to-back alpha compositing, SH colour per view).
/// </summary>
public static class SplatRenderer
{
    /// <summary>Renders the cloud to an RGB frame (3 planes, values as the splats' colours give them, not clamped to [0, 1]).</summary>
    public static ImageFrame Render(GaussianCloud cloud, PinholeCamera camera, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(camera);
        throw new NotImplementedException("renderer being written");
    }

    /// <summary>
    /// How much each splat contributes to the given views: the sum over every pixel of every view of its alpha times the
    /// transmittance in front of it (the weight it gets in the composited colour). Index i belongs to splat i.
    /// </summary>
    public static float[] Contributions(GaussianCloud cloud, IReadOnlyList<PinholeCamera> cameras, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(cameras);
        throw new NotImplementedException("renderer being written");
    }
}
