using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>What the projection needs from a camera and the options, computed once per view (as Augment.Splat's preview renderer).</summary>
internal readonly struct RasterView
{
    public RasterView(PinholeCamera camera, float lowPassVariance, int shDegree)
    {
        Position = camera.Position;
        Right = camera.Right;
        Down = camera.Down;
        Forward = camera.Forward;
        Width = camera.Width;
        Height = camera.Height;
        FocalX = camera.FocalX;
        FocalY = camera.FocalY;
        CenterX = camera.CenterX;
        CenterY = camera.CenterY;
        // The visible x/z range is [-cx / fx, (W - cx) / fx]; its middle and half width generalise the reference's
        // symmetric tan(fov / 2) to off-centre principal points (the preview renderer's rule).
        var halfX = Width / (2 * FocalX);
        var halfY = Height / (2 * FocalY);
        MidX = ((Width / 2f) - CenterX) / FocalX;
        MidY = ((Height / 2f) - CenterY) / FocalY;
        ClampX = GaussianProjection.JacobianClamp * halfX;
        ClampY = GaussianProjection.JacobianClamp * halfY;
        CullX = GaussianProjection.CullGuardBand * halfX;
        CullY = GaussianProjection.CullGuardBand * halfY;
        LowPassVariance = lowPassVariance;
        ShDegree = shDegree;
    }

    public Vector3 Position { get; }
    public Vector3 Right { get; }
    public Vector3 Down { get; }
    public Vector3 Forward { get; }
    public int Width { get; }
    public int Height { get; }
    public float FocalX { get; }
    public float FocalY { get; }
    public float CenterX { get; }
    public float CenterY { get; }
    public float MidX { get; }
    public float MidY { get; }
    public float ClampX { get; }
    public float ClampY { get; }
    public float CullX { get; }
    public float CullY { get; }
    public float LowPassVariance { get; }
    public int ShDegree { get; }
}
