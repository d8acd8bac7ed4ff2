using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>A ball, world units, boundary inclusive.</summary>
public sealed record SphereRegion : SplatRegion
{
    /// <summary>A ball of <paramref name="radius"/> (non-negative) around <paramref name="center"/>.</summary>
    public SphereRegion(Vector3 center, float radius)
    {
        ThrowIfNotFinite(center, nameof(center));
        if (!float.IsFinite(radius) || radius < 0)
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be finite and non-negative.");
        Center = center;
        Radius = radius;
    }

    /// <summary>Centre of the ball.</summary>
    public Vector3 Center { get; }

    /// <summary>Radius, world units.</summary>
    public float Radius { get; }

    /// <inheritdoc/>
    public override bool Contains(Vector3 point) => Vector3.DistanceSquared(point, Center) <= Radius * Radius;
}
