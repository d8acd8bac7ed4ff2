using System.Numerics;

namespace Augment.Splat;

/// <summary>
/// A pinhole camera in the cloud's own coordinates, in the OpenCV/COLMAP convention the 3DGS files use: the image's
/// x runs along <see cref="Right"/>, its y along <see cref="Down"/>, and the camera looks along <see cref="Forward"/>.
/// A world point p lands at pixel (FocalX * x / z + CenterX, FocalY * y / z + CenterY) where (x, y, z) are the dot
/// products of p - <see cref="Position"/> with the three axes; pixel centres are at half-integer coordinates.
/// </summary>
public sealed record PinholeCamera
{
    /// <summary>Creates a camera from an orthonormal right-handed frame (Right x Down = Forward) and intrinsics.</summary>
    /// <exception cref="ArgumentException">The frame is not orthonormal and right-handed, or a size or focal length is not positive.</exception>
    public PinholeCamera(Vector3 position, Vector3 right, Vector3 down, Vector3 forward, int width, int height, float focalX, float focalY, float centerX, float centerY)
    {
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide)
            throw new ArgumentException($"image size {width}x{height} must be 1..{MaxSide} on each side.", nameof(width));
        if (!(focalX > 0) || !(focalY > 0) || !float.IsFinite(focalX) || !float.IsFinite(focalY))
            throw new ArgumentException($"focal lengths {focalX}, {focalY} must be positive and finite.", nameof(focalX));
        if (!IsFinite(position) || !float.IsFinite(centerX) || !float.IsFinite(centerY))
            throw new ArgumentException("camera position and principal point must be finite.", nameof(position));
        const float tolerance = 1e-3f;
        if (MathF.Abs(right.Length() - 1) > tolerance || MathF.Abs(down.Length() - 1) > tolerance || MathF.Abs(forward.Length() - 1) > tolerance
            || MathF.Abs(Vector3.Dot(right, down)) > tolerance || Vector3.Distance(Vector3.Cross(right, down), forward) > 4 * tolerance)
            throw new ArgumentException("camera axes must be orthonormal with right x down = forward.", nameof(right));
        Position = position;
        Right = right;
        Down = down;
        Forward = forward;
        Width = width;
        Height = height;
        FocalX = focalX;
        FocalY = focalY;
        CenterX = centerX;
        CenterY = centerY;
    }

    /// <summary>Largest image side a camera accepts (16384 pixels).</summary>
    public const int MaxSide = 16384;

    /// <summary>Centre of projection, in cloud coordinates.</summary>
    public Vector3 Position { get; }

    /// <summary>Unit vector along the image's +x, in cloud coordinates.</summary>
    public Vector3 Right { get; }

    /// <summary>Unit vector along the image's +y (down the image), in cloud coordinates.</summary>
    public Vector3 Down { get; }

    /// <summary>Unit viewing direction, in cloud coordinates.</summary>
    public Vector3 Forward { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Horizontal focal length in pixels.</summary>
    public float FocalX { get; }

    /// <summary>Vertical focal length in pixels.</summary>
    public float FocalY { get; }

    /// <summary>Principal point x in pixels (image centre: Width / 2).</summary>
    public float CenterX { get; }

    /// <summary>Principal point y in pixels (image centre: Height / 2).</summary>
    public float CenterY { get; }

    /// <summary>Vertical field of view in degrees.</summary>
    public float VerticalFovDegrees => 2 * MathF.Atan(Height / (2 * FocalY)) * 180 / MathF.PI;

    /// <summary>
    /// A camera at <paramref name="eye"/> looking at <paramref name="target"/>, square pixels, principal point at the image
    /// centre. <paramref name="up"/> is the world direction that should appear up in the image; the default is -y, because
    /// the clouds Augment loads are in RDF (y down).
    /// </summary>
    /// <exception cref="ArgumentException">Eye and target coincide, up is parallel to the view, or the field of view is not in (0, 180).</exception>
    public static PinholeCamera LookAt(Vector3 eye, Vector3 target, int width, int height, float verticalFovDegrees = 50, Vector3? up = null)
    {
        if (!(verticalFovDegrees > 0 && verticalFovDegrees < 180))
            throw new ArgumentException($"vertical field of view {verticalFovDegrees} must be between 0 and 180 degrees.", nameof(verticalFovDegrees));
        var view = target - eye;
        if (!IsFinite(view) || view.LengthSquared() < 1e-20f)
            throw new ArgumentException("eye and target must be finite and distinct.", nameof(target));
        var forward = Vector3.Normalize(view);
        var upward = up ?? -Vector3.UnitY;
        var right = Vector3.Cross(forward, upward);
        if (right.LengthSquared() < 1e-12f)
            throw new ArgumentException("up must not be parallel to the viewing direction.", nameof(up));
        right = Vector3.Normalize(right);
        var down = Vector3.Cross(forward, right);
        var focal = height / (2 * MathF.Tan(verticalFovDegrees * MathF.PI / 360));
        return new PinholeCamera(eye, right, down, forward, width, height, focal, focal, width / 2f, height / 2f);
    }

    /// <summary>The same camera with another image size, keeping the field of view (focal lengths and centre scale with it).</summary>
    public PinholeCamera WithSize(int width, int height)
    {
        float sx = width / (float)Width, sy = height / (float)Height;
        return new PinholeCamera(Position, Right, Down, Forward, width, height, FocalX * sx, FocalY * sy, CenterX * sx, CenterY * sy);
    }

    /// <summary>Camera-space coordinates of a world point (x right, y down, z = depth along the view).</summary>
    public Vector3 ToCamera(Vector3 world)
    {
        var d = world - Position;
        return new Vector3(Vector3.Dot(d, Right), Vector3.Dot(d, Down), Vector3.Dot(d, Forward));
    }

    /// <summary>Pixel coordinates and depth of a world point; depth &lt;= 0 means behind the camera.</summary>
    public (float U, float V, float Depth) Project(Vector3 world)
    {
        var c = ToCamera(world);
        return (FocalX * c.X / c.Z + CenterX, FocalY * c.Y / c.Z + CenterY, c.Z);
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);
}
