namespace Augment.Splat;

/// <summary>
/// CPU preview renderer: tile-based EWA splatting of a <see cref="GaussianCloud"/> seen by a <see cref="PinholeCamera"/>
/// (3D covariances projected to 2D, per-tile depth sort, front-to-back alpha compositing, SH colour per view), following
/// the 3DGS reference rasteriser (Kerbl et al. 2023). See docs/splat-rendering.md for the exact rules.
/// </summary>
public static class SplatRenderer
{
    /// <summary>Renders the cloud to an RGB frame (3 planes, values as the splats' colours give them, not clamped to [0, 1]).</summary>
    /// <param name="cloud">The splats; rotations need not be normalised.</param>
    /// <param name="camera">The view; the frame has its size.</param>
    /// <param name="options">Background, SH degree, low-pass variance, threads and memory; defaults when null.</param>
    /// <param name="cancellationToken">Checked per range of splats and per tile.</param>
    /// <returns>A frame tagged <see cref="ColorSpace.Srgb"/> (3DGS colours are display values); dispose it.</returns>
    /// <exception cref="ResourceLimitException">The tile lists (or the frame) would exceed the budget's memory.</exception>
    public static ImageFrame Render(GaussianCloud cloud, PinholeCamera camera, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(camera);
        options = Validate(options);
        return RenderWith(cloud, camera, options, SplatRasterizer.DefaultKernel, cancellationToken);
    }

    /// <summary>
    /// How much each splat contributes to the given views: the sum over every pixel of every view of its alpha times the
    /// transmittance in front of it (the weight it gets in the composited colour). Index i belongs to splat i.
    /// </summary>
    /// <param name="cloud">The splats.</param>
    /// <param name="cameras">The views.</param>
    /// <param name="options">SH degree is ignored (colour is not needed); the rest as for <see cref="Render(GaussianCloud, PinholeCamera, SplatRenderOptions?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Checked per view, per range of splats and per tile.</param>
    /// <returns>One weight per splat, in pixels (a fully visible opaque splat covering 10 pixels scores about 10).</returns>
    public static float[] Contributions(GaussianCloud cloud, IReadOnlyList<PinholeCamera> cameras, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(cameras);
        options = Validate(options);
        for (var v = 0; v < cameras.Count; v++)
        {
            if (cameras[v] is null)
                throw new ArgumentException($"camera {v} is null.", nameof(cameras));
        }
        options.Budget.EnsureAllocation((long)cloud.Count * sizeof(double), $"the contribution sums of {cloud.Count:N0} splats");
        var sums = new double[cloud.Count];
        for (var v = 0; v < cameras.Count; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SplatRasterizer.Run(cloud, cameras[v], options, null, sums, SplatRasterizer.DefaultKernel, cancellationToken);
        }
        var result = new float[cloud.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = (float)sums[i];
        return result;
    }

    /// <summary>Renders with a chosen compositor (tests compare the SIMD one with the scalar reference).</summary>
    internal static ImageFrame RenderWith(GaussianCloud cloud, PinholeCamera camera, SplatRenderOptions options, CompositeKernel kernel, CancellationToken cancellationToken)
    {
        var frame = ImageFrame.Create(camera.Width, camera.Height, 3, ColorSpace.Srgb, hasAlpha: false, options.Budget);
        try
        {
            SplatRasterizer.Run(cloud, camera, options, frame, null, kernel, cancellationToken);
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    private static SplatRenderOptions Validate(SplatRenderOptions? options)
    {
        options ??= new SplatRenderOptions();
        if (options.MaxShDegree is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxShDegree, "MaxShDegree must not be negative.");
        if (!(options.LowPassVariance >= 0) || !float.IsFinite(options.LowPassVariance))
            throw new ArgumentOutOfRangeException(nameof(options), options.LowPassVariance, "LowPassVariance must be a finite number >= 0 (pixels²).");
        var b = options.Background;
        if (!float.IsFinite(b.X) || !float.IsFinite(b.Y) || !float.IsFinite(b.Z))
            throw new ArgumentOutOfRangeException(nameof(options), b, "Background must be finite.");
        ArgumentNullException.ThrowIfNull(options.Budget, nameof(options));
        return options;
    }
}
