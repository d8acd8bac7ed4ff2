using System.Numerics;

namespace Augment.Splat;

/// <summary>Camera paths for previews and for measuring compression: orbits (turntables) around a point or a cloud.</summary>
public static class CameraPath
{
    /// <summary>
    /// <paramref name="count"/> cameras evenly spaced on a circle of <paramref name="radius"/> around <paramref name="center"/>,
    /// raised by <paramref name="elevationDegrees"/> towards <paramref name="up"/> (default -y, RDF) and all looking at the centre.
    /// The first camera sits on the -z side of the centre (looking along +z, as a 3DGS capture starts).
    /// </summary>
    public static PinholeCamera[] Orbit(Vector3 center, float radius, int count, int width, int height, float elevationDegrees = 20, float verticalFovDegrees = 50, Vector3? up = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!(radius > 0) || !float.IsFinite(radius))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "orbit radius must be positive and finite.");
        var upward = Vector3.Normalize(up ?? -Vector3.UnitY);
        // Two directions in the orbit plane: start at -z (projected off the up axis), then turn about up.
        var start = -Vector3.UnitZ - (Vector3.Dot(-Vector3.UnitZ, upward) * upward);
        if (start.LengthSquared() < 1e-6f)
            start = Vector3.UnitX - (Vector3.Dot(Vector3.UnitX, upward) * upward);
        start = Vector3.Normalize(start);
        var side = Vector3.Cross(upward, start);
        var elevation = elevationDegrees * MathF.PI / 180;
        var cameras = new PinholeCamera[count];
        for (var i = 0; i < count; i++)
        {
            var angle = 2 * MathF.PI * i / count;
            var around = (MathF.Cos(angle) * start) + (MathF.Sin(angle) * side);
            var offset = radius * ((MathF.Cos(elevation) * around) + (MathF.Sin(elevation) * upward));
            cameras[i] = PinholeCamera.LookAt(center + offset, center, width, height, verticalFovDegrees, upward);
        }
        return cameras;
    }

    /// <summary>
    /// An orbit that frames the cloud: centred on the middle of its central 96% (per axis, so floaters do not move it),
    /// at a distance where that box fits the vertical field of view with a margin.
    /// </summary>
    /// <exception cref="ArgumentException">The cloud has no finite splat centre.</exception>
    public static PinholeCamera[] Orbit(GaussianCloud cloud, int count, int width, int height, float elevationDegrees = 20, float verticalFovDegrees = 50, Vector3? up = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var (min, max) = RobustBounds(cloud, 0.02f);
        if (!float.IsFinite(min.X) || !float.IsFinite(max.X))
            throw new ArgumentException("the cloud has no finite splat centre to frame.", nameof(cloud));
        var center = (min + max) / 2;
        var halfDiagonal = MathF.Max(Vector3.Distance(min, max) / 2, 1e-3f);
        var halfFov = verticalFovDegrees * MathF.PI / 360;
        var radius = 1.1f * halfDiagonal / MathF.Sin(halfFov);
        return Orbit(center, radius, count, width, height, elevationDegrees, verticalFovDegrees, up);
    }

    /// <summary>Per-axis quantile box: the <paramref name="tail"/> fraction at each end of each axis is ignored.</summary>
    internal static (Vector3 Min, Vector3 Max) RobustBounds(GaussianCloud cloud, float tail)
    {
        var min = new Vector3(float.NaN);
        var max = new Vector3(float.NaN);
        Span<float> lo = stackalloc float[3];
        Span<float> hi = stackalloc float[3];
        var buffer = new float[cloud.Count];
        for (var axis = 0; axis < 3; axis++)
        {
            var plane = axis == 0 ? cloud.X : axis == 1 ? cloud.Y : cloud.Z;
            var n = 0;
            foreach (var v in plane)
            {
                if (float.IsFinite(v))
                    buffer[n++] = v;
            }
            if (n == 0)
                return (min, max);
            var values = buffer.AsSpan(0, n);
            values.Sort();
            lo[axis] = values[(int)(tail * (n - 1))];
            hi[axis] = values[(int)((1 - tail) * (n - 1))];
        }
        return (new Vector3(lo[0], lo[1], lo[2]), new Vector3(hi[0], hi[1], hi[2]));
    }
}
