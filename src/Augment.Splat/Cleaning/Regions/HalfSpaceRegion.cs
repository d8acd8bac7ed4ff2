using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>The half-space dot(normal, p) + offset &gt;= 0 (the side the normal points to); the normal need not be unit length.</summary>
public sealed record HalfSpaceRegion : SplatRegion
{
    /// <summary>The half-space of points p with dot(<paramref name="normal"/>, p) + <paramref name="offset"/> &gt;= 0.</summary>
    public HalfSpaceRegion(Vector3 normal, float offset)
    {
        ThrowIfNotFinite(normal, nameof(normal));
        if (normal == Vector3.Zero)
            throw new ArgumentOutOfRangeException(nameof(normal), normal, "The plane's normal must not be zero.");
        if (!float.IsFinite(offset))
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset must be finite.");
        Normal = normal;
        Offset = offset;
    }

    /// <summary>The plane's normal, pointing into the half-space.</summary>
    public Vector3 Normal { get; }

    /// <summary>The plane equation's constant term (world units times the normal's length).</summary>
    public float Offset { get; }

    /// <inheritdoc/>
    public override bool Contains(Vector3 point) => Vector3.Dot(Normal, point) + Offset >= 0;
}
