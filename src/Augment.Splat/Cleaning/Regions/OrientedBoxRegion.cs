using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>A box turned in space (e.g. around a pedestrian walking diagonally), world units, boundary inclusive.</summary>
public sealed record OrientedBoxRegion : SplatRegion
{
    private readonly Quaternion _inverse;

    /// <summary>A box of half-sizes <paramref name="halfExtents"/> (non-negative) at <paramref name="center"/>, rotated by <paramref name="rotation"/> (box frame to world; normalised here).</summary>
    public OrientedBoxRegion(Vector3 center, Vector3 halfExtents, Quaternion rotation)
    {
        ThrowIfNotFinite(center, nameof(center));
        ThrowIfNotFinite(halfExtents, nameof(halfExtents));
        if (halfExtents.X < 0 || halfExtents.Y < 0 || halfExtents.Z < 0)
            throw new ArgumentOutOfRangeException(nameof(halfExtents), halfExtents, "Half-extents must be non-negative.");
        var length = rotation.Length();
        if (!(length > 1e-6f) || !float.IsFinite(length))
            throw new ArgumentOutOfRangeException(nameof(rotation), rotation, "The rotation quaternion must be finite and non-zero.");
        Center = center;
        HalfExtents = halfExtents;
        Rotation = Quaternion.Normalize(rotation);
        _inverse = Quaternion.Conjugate(Rotation);
    }

    /// <summary>Centre of the box.</summary>
    public Vector3 Center { get; }

    /// <summary>Half the box's size along each of its own axes.</summary>
    public Vector3 HalfExtents { get; }

    /// <summary>Rotation from the box's frame to world (unit length).</summary>
    public Quaternion Rotation { get; }

    /// <inheritdoc/>
    public override bool Contains(Vector3 point)
    {
        // Into the box's frame: the inverse rotation of the offset from the centre.
        var local = Vector3.Transform(point - Center, _inverse);
        return MathF.Abs(local.X) <= HalfExtents.X && MathF.Abs(local.Y) <= HalfExtents.Y && MathF.Abs(local.Z) <= HalfExtents.Z;
    }
}
