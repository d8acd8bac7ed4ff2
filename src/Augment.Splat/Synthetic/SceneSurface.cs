using System.Numerics;

namespace Augment.Splat;

/// <summary>
/// One surface of the synthetic plaza: it can place a point uniformly by area from (u, v) in [0, 1)² (where splats go)
/// and intersect a ray exactly (the ground truth). Coordinates are RDF: +y points down, so "up" is -y.
/// </summary>
internal readonly struct SceneSurface
{
    private readonly Vector3 _axisX;
    private readonly Vector3 _axisZ;

    private SceneSurface(SceneSurfaceKind kind, int material, Vector3 center, Vector3 halfExtents, float radius, float yawRadians)
    {
        Kind = kind;
        Material = material;
        Center = center;
        HalfExtents = halfExtents;
        Radius = radius;
        _axisX = new Vector3(MathF.Cos(yawRadians), 0, MathF.Sin(yawRadians));
        _axisZ = new Vector3(-MathF.Sin(yawRadians), 0, MathF.Cos(yawRadians));
    }

    public SceneSurfaceKind Kind { get; }

    /// <summary>Which albedo function <see cref="SceneField"/> paints the surface with.</summary>
    public int Material { get; }

    public Vector3 Center { get; }

    /// <summary>Box half sizes along its local x, y, z; the ground's half size in x and z.</summary>
    public Vector3 HalfExtents { get; }

    public float Radius { get; }

    /// <summary>A square of half size <paramref name="halfSize"/> on the plane y = <paramref name="height"/>.</summary>
    public static SceneSurface Ground(float height, float halfSize, int material) =>
        new(SceneSurfaceKind.Ground, material, new Vector3(0, height, 0), new Vector3(halfSize, 0, halfSize), 0, 0);

    public static SceneSurface Sphere(Vector3 center, float radius, int material) =>
        new(SceneSurfaceKind.Sphere, material, center, Vector3.Zero, radius, 0);

    public static SceneSurface Box(Vector3 center, Vector3 halfExtents, float yawDegrees, int material) =>
        new(SceneSurfaceKind.Box, material, center, halfExtents, 0, yawDegrees * MathF.PI / 180);

    /// <summary>Area that carries splats (a box's bottom face excluded).</summary>
    public double Area => Kind switch
    {
        SceneSurfaceKind.Ground => 4.0 * HalfExtents.X * HalfExtents.Z,
        SceneSurfaceKind.Sphere => 4.0 * Math.PI * Radius * Radius,
        _ => BoxFaceArea(0) + BoxFaceArea(1) + BoxFaceArea(2) + BoxFaceArea(3) + BoxFaceArea(4),
    };

    /// <summary>The point for (u, v) in [0, 1)², uniform by area, with its outward normal and a tangent (the disc's first axis).</summary>
    public void Sample(double u, double v, out Vector3 point, out Vector3 normal, out Vector3 tangent)
    {
        switch (Kind)
        {
            case SceneSurfaceKind.Ground:
                point = new Vector3((float)((((2 * u) - 1) * HalfExtents.X) + Center.X), Center.Y, (float)((((2 * v) - 1) * HalfExtents.Z) + Center.Z));
                normal = -Vector3.UnitY;
                tangent = Vector3.UnitX;
                return;
            case SceneSurfaceKind.Sphere:
            {
                // Uniform in cos(theta) and in phi is uniform by area (Archimedes); the polar axis is vertical.
                var cosTheta = 1 - (2 * u);
                var sinTheta = Math.Sqrt(Math.Max(0, 1 - (cosTheta * cosTheta)));
                var phi = 2 * Math.PI * v;
                normal = new Vector3((float)(sinTheta * Math.Cos(phi)), (float)cosTheta, (float)(sinTheta * Math.Sin(phi)));
                tangent = new Vector3((float)-Math.Sin(phi), 0, (float)Math.Cos(phi));
                point = Center + (Radius * normal);
                return;
            }
            default:
                SampleBox(u, v, out point, out normal, out tangent);
                return;
        }
    }

    /// <summary>Distance along the unit ray to the nearest hit beyond <paramref name="minDistance"/>, or +infinity.</summary>
    public float Intersect(Vector3 origin, Vector3 direction, float minDistance)
    {
        switch (Kind)
        {
            case SceneSurfaceKind.Ground:
            {
                if (direction.Y == 0)
                    return float.PositiveInfinity;
                var t = (Center.Y - origin.Y) / direction.Y;
                if (!(t > minDistance))
                    return float.PositiveInfinity;
                var hit = origin + (t * direction);
                return MathF.Abs(hit.X - Center.X) <= HalfExtents.X && MathF.Abs(hit.Z - Center.Z) <= HalfExtents.Z ? t : float.PositiveInfinity;
            }
            case SceneSurfaceKind.Sphere:
            {
                // |o + t d - c|² = r² with |d| = 1: t = -b ± sqrt(b² - (|o - c|² - r²)).
                var oc = origin - Center;
                var b = Vector3.Dot(oc, direction);
                var c = oc.LengthSquared() - (Radius * Radius);
                var discriminant = (b * b) - c;
                if (discriminant < 0)
                    return float.PositiveInfinity;
                var root = MathF.Sqrt(discriminant);
                var near = -b - root;
                if (near > minDistance)
                    return near;
                var far = -b + root;
                return far > minDistance ? far : float.PositiveInfinity;
            }
            default:
                return IntersectBox(origin, direction, minDistance);
        }
    }

    /// <summary>Whether a point lies inside a box surface (boundary inclusive); false for other kinds.</summary>
    public bool Contains(Vector3 point)
    {
        if (Kind != SceneSurfaceKind.Box)
            return false;
        var d = point - Center;
        return MathF.Abs(Vector3.Dot(d, _axisX)) <= HalfExtents.X && MathF.Abs(d.Y) <= HalfExtents.Y && MathF.Abs(Vector3.Dot(d, _axisZ)) <= HalfExtents.Z;
    }

    // Faces 0 top (-y, up), 1 +x, 2 -x, 3 +z, 4 -z; the bottom (+y) rests on the ground.
    private double BoxFaceArea(int face) => face switch
    {
        0 => 4.0 * HalfExtents.X * HalfExtents.Z,
        1 or 2 => 4.0 * HalfExtents.Y * HalfExtents.Z,
        _ => 4.0 * HalfExtents.X * HalfExtents.Y,
    };

    private void SampleBox(double u, double v, out Vector3 point, out Vector3 normal, out Vector3 tangent)
    {
        // Split u across the faces by area so the whole box stays uniform by area.
        var total = Area;
        var position = u * total;
        var face = 0;
        while (face < 4 && position >= BoxFaceArea(face))
        {
            position -= BoxFaceArea(face);
            face++;
        }
        var s = (2 * Math.Clamp(position / BoxFaceArea(face), 0, 1)) - 1;
        var t = (2 * v) - 1;
        var h = HalfExtents;
        Vector3 local;
        switch (face)
        {
            case 0:
                local = new Vector3((float)(s * h.X), -h.Y, (float)(t * h.Z));
                normal = -Vector3.UnitY;
                tangent = _axisX;
                break;
            case 1:
            case 2:
                var sign = face == 1 ? 1 : -1;
                local = new Vector3(sign * h.X, (float)(t * h.Y), (float)(s * h.Z));
                normal = sign * _axisX;
                tangent = _axisZ;
                break;
            default:
                var side = face == 3 ? 1 : -1;
                local = new Vector3((float)(s * h.X), (float)(t * h.Y), side * h.Z);
                normal = side * _axisZ;
                tangent = _axisX;
                break;
        }
        point = Center + (local.X * _axisX) + (local.Y * Vector3.UnitY) + (local.Z * _axisZ);
    }

    private float IntersectBox(Vector3 origin, Vector3 direction, float minDistance)
    {
        // Slabs in the box's own frame (Kay and Kajiya 1986).
        var o = origin - Center;
        Span<float> ol = [Vector3.Dot(o, _axisX), o.Y, Vector3.Dot(o, _axisZ)];
        Span<float> dl = [Vector3.Dot(direction, _axisX), direction.Y, Vector3.Dot(direction, _axisZ)];
        Span<float> half = [HalfExtents.X, HalfExtents.Y, HalfExtents.Z];
        float near = float.NegativeInfinity, far = float.PositiveInfinity;
        for (var axis = 0; axis < 3; axis++)
        {
            if (dl[axis] == 0)
            {
                if (MathF.Abs(ol[axis]) > half[axis])
                    return float.PositiveInfinity;
                continue;
            }
            var inverse = 1 / dl[axis];
            var t0 = (-half[axis] - ol[axis]) * inverse;
            var t1 = (half[axis] - ol[axis]) * inverse;
            if (t0 > t1)
                (t0, t1) = (t1, t0);
            near = MathF.Max(near, t0);
            far = MathF.Min(far, t1);
            if (near > far)
                return float.PositiveInfinity;
        }
        if (near > minDistance)
            return near;
        return far > minDistance ? far : float.PositiveInfinity;
    }
}
