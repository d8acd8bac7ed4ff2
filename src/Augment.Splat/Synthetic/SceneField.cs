using System.Numerics;

namespace Augment.Splat;

/// <summary>
/// The plaza's colour field: a procedural albedo per material plus view-dependent spherical-harmonic coefficients that
/// vary smoothly over space. Both the splats (sampled at their centres) and the ray-cast ground truth (sampled at the hit
/// point) read it, so a splat carries exactly the ground truth's colour model at its centre.
/// </summary>
internal static class SceneField
{
    public const int GroundMaterial = 0;
    public const int PedestrianMaterial = 6;

    private const int MaxRest = 15;

    // Per (channel, rest coefficient): a spatial frequency vector (radians per unit) and a phase; fixed for every seed, so
    // the ground truth does not depend on how the splats were sampled.
    private static readonly Vector3[] Frequencies = BuildFrequencies(out Phases);
    private static readonly float[] Phases;

    /// <summary>Writes the DC and the first <paramref name="restCount"/> rest coefficients of each channel at <paramref name="point"/>.</summary>
    /// <param name="surface">The surface the point lies on (its material and frame pick the albedo pattern).</param>
    /// <param name="point">A point on the surface.</param>
    /// <param name="restCount">Rest coefficients per channel: 0, 3, 8 or 15.</param>
    /// <param name="coefficients">At least 3 x 16 floats: channel c's DC at [16c], its rest k at [16c + 1 + k].</param>
    public static void Coefficients(in SceneSurface surface, Vector3 point, int restCount, Span<float> coefficients)
    {
        var albedo = Albedo(surface, point);
        for (var c = 0; c < 3; c++)
        {
            var a = c == 0 ? albedo.X : c == 1 ? albedo.Y : albedo.Z;
            coefficients[16 * c] = (a - 0.5f) / GaussianCloud.ShC0;
            for (var k = 0; k < restCount; k++)
            {
                var index = (c * MaxRest) + k;
                coefficients[(16 * c) + 1 + k] = Amplitude(k) * MathF.Sin(Vector3.Dot(Frequencies[index], point) + Phases[index]);
            }
        }
    }

    /// <summary>The colour seen along unit direction <paramref name="direction"/>: max(0, SH + 0.5) per channel, as splats are shaded.</summary>
    public static Vector3 Shade(in SceneSurface surface, Vector3 point, Vector3 direction, int shDegree)
    {
        Span<float> coefficients = stackalloc float[48];
        Span<float> basis = stackalloc float[16];
        var count = ShBasis.CountFor(shDegree);
        Coefficients(surface, point, count - 1, coefficients);
        ShBasis.Evaluate(direction, shDegree, basis);
        Span<float> rgb = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            var sum = 0f;
            for (var k = 0; k < count; k++)
                sum += basis[k] * coefficients[(16 * c) + k];
            rgb[c] = MathF.Max(0, sum + 0.5f);
        }
        return new Vector3(rgb[0], rgb[1], rgb[2]);
    }

    /// <summary>The view-independent colour (what the DC term encodes), roughly within [0.1, 0.9].</summary>
    public static Vector3 Albedo(in SceneSurface surface, Vector3 point)
    {
        switch (surface.Material)
        {
            case GroundMaterial:
            {
                // Paving: 1 x 1 stones of hashed warm greys with a soft darker joint and a slight ramp across each stone.
                var ix = MathF.Floor(point.X);
                var iz = MathF.Floor(point.Z);
                float fx = point.X - ix, fz = point.Z - iz;
                var tile = (ulong)(((long)ix * 73856093) ^ ((long)iz * 19349663));
                var stone = new Vector3(
                    0.42f + (0.26f * SceneHash.Unit(0xC0FFEE, (long)tile, 0)),
                    0.38f + (0.20f * SceneHash.Unit(0xC0FFEE, (long)tile, 1)),
                    0.30f + (0.20f * SceneHash.Unit(0xC0FFEE, (long)tile, 2)));
                stone += new Vector3(0.08f * (fx - 0.5f));
                var edge = MathF.Min(MathF.Min(fx, 1 - fx), MathF.Min(fz, 1 - fz));
                return Vector3.Lerp(new Vector3(0.30f, 0.29f, 0.30f), stone, SmoothStep(0.03f, 0.10f, edge));
            }
            case 1:
            case 2:
            case 3:
            {
                // Latitude bands and longitude ripples on a sphere.
                var n = (point - surface.Center) / surface.Radius;
                var latitude = MathF.Asin(Math.Clamp(n.Y, -1, 1));
                var longitude = MathF.Atan2(n.Z, n.X);
                var bands = 0.5f + (0.5f * MathF.Sin(7 * latitude));
                var ripples = 0.85f + (0.15f * MathF.Sin(6 * longitude));
                var (a, b) = surface.Material switch
                {
                    1 => (new Vector3(0.75f, 0.22f, 0.18f), new Vector3(0.90f, 0.85f, 0.70f)),
                    2 => (new Vector3(0.12f, 0.55f, 0.55f), new Vector3(0.90f, 0.80f, 0.25f)),
                    _ => (new Vector3(0.45f, 0.25f, 0.60f), new Vector3(0.85f, 0.85f, 0.85f)),
                };
                return Vector3.Lerp(a, b, bands) * ripples;
            }
            case PedestrianMaterial:
            {
                // Head, shirt, trousers by height above the box's bottom (y grows downwards).
                var fromTop = (point.Y - (surface.Center.Y - surface.HalfExtents.Y)) / (2 * surface.HalfExtents.Y);
                return fromTop < 0.13f ? new Vector3(0.85f, 0.65f, 0.52f)
                    : fromTop < 0.55f ? new Vector3(0.20f, 0.35f, 0.72f)
                    : new Vector3(0.16f, 0.16f, 0.22f);
            }
            default:
            {
                // Facades: a wall with a soft grid of windows, three per unit.
                var d = point - surface.Center;
                var across = d.X + d.Z;
                var window = Pulse(3 * across) * Pulse(3 * d.Y);
                var (wall, glass) = surface.Material == 4
                    ? (new Vector3(0.62f, 0.36f, 0.26f), new Vector3(0.18f, 0.28f, 0.40f))
                    : (new Vector3(0.72f, 0.71f, 0.66f), new Vector3(0.24f, 0.24f, 0.34f));
                return Vector3.Lerp(wall, glass, 0.7f * window);
            }
        }
    }

    private static float Amplitude(int restIndex) => restIndex < 3 ? 0.15f : restIndex < 8 ? 0.06f : 0.03f;

    private static float SmoothStep(float edge0, float edge1, float x)
    {
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0, 1);
        return t * t * (3 - (2 * t));
    }

    // 1 in the middle 40% of each unit period, 0 near its ends, with soft edges.
    private static float Pulse(float x)
    {
        var f = x - MathF.Floor(x);
        return SmoothStep(0.22f, 0.34f, f) * (1 - SmoothStep(0.66f, 0.78f, f));
    }

    private static Vector3[] BuildFrequencies(out float[] phases)
    {
        const ulong seed = 0x5EEDF1E1D;
        var frequencies = new Vector3[3 * MaxRest];
        phases = new float[3 * MaxRest];
        for (var i = 0; i < frequencies.Length; i++)
        {
            // A random direction times 0.3..0.9 rad per unit: the view dependence changes over metres, not splats.
            var z = SceneHash.Range(seed, i, 0, -1, 1);
            var phi = SceneHash.Range(seed, i, 1, 0, 2 * MathF.PI);
            var r = MathF.Sqrt(1 - (z * z));
            var magnitude = SceneHash.Range(seed, i, 2, 0.3f, 0.9f);
            frequencies[i] = magnitude * new Vector3(r * MathF.Cos(phi), z, r * MathF.Sin(phi));
            phases[i] = SceneHash.Range(seed, i, 3, 0, 2 * MathF.PI);
        }
        return frequencies;
    }
}
