using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>
/// A region of space, in the cloud's own coordinates (world units), that a crop keeps or a removal empties:
/// an axis-aligned box, an oriented box, a sphere or a half-space. A splat belongs to a region when its centre
/// does (its extent is not considered); a splat with a non-finite centre belongs to none.
/// </summary>
public abstract record SplatRegion
{
    private protected SplatRegion()
    {
    }

    /// <summary>Whether the point lies inside the region (boundary included).</summary>
    public abstract bool Contains(Vector3 point);

    /// <summary>An axis-aligned box from <paramref name="min"/> to <paramref name="max"/> (world units, inclusive).</summary>
    public static SplatRegion Box(Vector3 min, Vector3 max) => new BoxRegion(min, max);

    /// <summary>A box of half-sizes <paramref name="halfExtents"/> (world units) centred at <paramref name="center"/>, turned by <paramref name="rotation"/> (box to world).</summary>
    public static SplatRegion OrientedBox(Vector3 center, Vector3 halfExtents, Quaternion rotation) => new OrientedBoxRegion(center, halfExtents, rotation);

    /// <summary>A ball of <paramref name="radius"/> (world units) around <paramref name="center"/>.</summary>
    public static SplatRegion Sphere(Vector3 center, float radius) => new SphereRegion(center, radius);

    /// <summary>The half-space of points p with dot(<paramref name="normal"/>, p) + <paramref name="offset"/> &gt;= 0: the side the normal points to.</summary>
    public static SplatRegion HalfSpace(Vector3 normal, float offset) => new HalfSpaceRegion(normal, offset);

    internal static void ThrowIfNotFinite(Vector3 value, string name)
    {
        if (!float.IsFinite(value.X) || !float.IsFinite(value.Y) || !float.IsFinite(value.Z))
            throw new ArgumentOutOfRangeException(name, value, "Every component must be finite.");
    }
}
