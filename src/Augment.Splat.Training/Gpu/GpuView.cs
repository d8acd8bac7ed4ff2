using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>
/// What the kernels need from a camera and the options, as plain floats so that it passes to an ILGPU kernel by value.
/// The same constants as the preview renderer's view (Augment.Splat ViewConstants): mid point, Jacobian clamp (1.3 x the
/// half field of view) and cull guard band (2 x) of the visible x/z and y/z ranges.
/// </summary>
internal struct GpuView
{
    public float PositionX, PositionY, PositionZ;
    public float RightX, RightY, RightZ;
    public float DownX, DownY, DownZ;
    public float ForwardX, ForwardY, ForwardZ;
    public int Width, Height, TilesX;
    public float FocalX, FocalY, CenterX, CenterY;
    public float MidX, MidY, ClampX, ClampY, CullX, CullY;
    public float LowPassVariance;
    public float BackgroundRed, BackgroundGreen, BackgroundBlue;
    public int ShDegree;

    /// <summary>SH rest coefficients per channel stored in the parameter planes (the scene's, not the degree drawn).</summary>
    public int RestStride;

    /// <summary>Gaussians in the scene: the stride between parameter planes.</summary>
    public int Count;

    public static GpuView Create(PinholeCamera camera, System.Numerics.Vector3 background, float lowPassVariance, int shDegree, int restStride, int count)
    {
        var halfX = camera.Width / (2 * camera.FocalX);
        var halfY = camera.Height / (2 * camera.FocalY);
        return new GpuView
        {
            PositionX = camera.Position.X, PositionY = camera.Position.Y, PositionZ = camera.Position.Z,
            RightX = camera.Right.X, RightY = camera.Right.Y, RightZ = camera.Right.Z,
            DownX = camera.Down.X, DownY = camera.Down.Y, DownZ = camera.Down.Z,
            ForwardX = camera.Forward.X, ForwardY = camera.Forward.Y, ForwardZ = camera.Forward.Z,
            Width = camera.Width,
            Height = camera.Height,
            TilesX = (camera.Width + GpuKernels.TileSize - 1) / GpuKernels.TileSize,
            FocalX = camera.FocalX,
            FocalY = camera.FocalY,
            CenterX = camera.CenterX,
            CenterY = camera.CenterY,
            MidX = ((camera.Width / 2f) - camera.CenterX) / camera.FocalX,
            MidY = ((camera.Height / 2f) - camera.CenterY) / camera.FocalY,
            ClampX = GpuKernels.JacobianClamp * halfX,
            ClampY = GpuKernels.JacobianClamp * halfY,
            CullX = GpuKernels.CullGuardBand * halfX,
            CullY = GpuKernels.CullGuardBand * halfY,
            LowPassVariance = lowPassVariance,
            BackgroundRed = background.X,
            BackgroundGreen = background.Y,
            BackgroundBlue = background.Z,
            ShDegree = shDegree,
            RestStride = restStride,
            Count = count,
        };
    }
}
