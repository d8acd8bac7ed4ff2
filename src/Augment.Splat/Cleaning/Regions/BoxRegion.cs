using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>An axis-aligned box, world units, boundary inclusive.</summary>
public sealed record BoxRegion : SplatRegion
{
    /// <summary>A box from <paramref name="min"/> to <paramref name="max"/>; every component of min must be at most that of max.</summary>
    public BoxRegion(Vector3 min, Vector3 max)
    {
        ThrowIfNotFinite(min, nameof(min));
        ThrowIfNotFinite(max, nameof(max));
        if (min.X > max.X || min.Y > max.Y || min.Z > max.Z)
            throw new ArgumentException($"The box's min {min} exceeds its max {max} on some axis.", nameof(min));
        Min = min;
        Max = max;
    }

    /// <summary>The corner with the smallest coordinates.</summary>
    public Vector3 Min { get; }

    /// <summary>The corner with the largest coordinates.</summary>
    public Vector3 Max { get; }

    /// <inheritdoc/>
    public override bool Contains(Vector3 point) =>
        point.X >= Min.X && point.X <= Max.X && point.Y >= Min.Y && point.Y <= Max.Y && point.Z >= Min.Z && point.Z <= Max.Z;
}
