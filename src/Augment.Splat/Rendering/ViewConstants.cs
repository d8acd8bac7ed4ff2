using System.Numerics;

namespace Augment.Splat;

/// <summary>What the projection needs from a camera and the options, computed once per view.</summary>
/// <remarks>The training rasteriser builds the same constants, so that its image equals the preview's.</remarks>
internal readonly struct ViewConstants
{
    public ViewConstants(PinholeCamera camera, SplatRenderOptions options, int shDegree, bool withColour)
        : this(camera, options.LowPassVariance, shDegree, withColour)
    {
    }

    public ViewConstants(PinholeCamera camera, float lowPassVariance, int shDegree, bool withColour)
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
        // symmetric tan(fov / 2) to off-centre principal points.
        var halfX = Width / (2 * FocalX);
        var halfY = Height / (2 * FocalY);
        MidX = ((Width / 2f) - CenterX) / FocalX;
        MidY = ((Height / 2f) - CenterY) / FocalY;
        ClampX = SplatProjection.JacobianClamp * halfX;
        ClampY = SplatProjection.JacobianClamp * halfY;
        CullX = SplatProjection.CullGuardBand * halfX;
        CullY = SplatProjection.CullGuardBand * halfY;
        LowPassVariance = lowPassVariance;
        ShDegree = shDegree;
        WithColour = withColour;
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
    public bool WithColour { get; }
}
