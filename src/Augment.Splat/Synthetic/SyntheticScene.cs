using System.Numerics;
using Augment.Splat.Cleaning;

namespace Augment.Splat;

/// <summary>
/// A synthetic "plaza" with an exact ground truth: a paved square, three banded spheres and two facade boxes, every colour a
/// procedural function of the surface point with view dependence from a smooth degree-3 spherical-harmonic field. The
/// <see cref="Cloud"/> samples those surfaces with flat disc splats whose colour coefficients are the field at their centres;
/// <see cref="RenderReference"/> ray-casts the surfaces themselves. Quality of any splat pipeline (compression, pruning,
/// cleaning) can then be measured as PSNR against the truth rather than against another splat render. Optional flaws:
/// floaters, a long tail of faint splats and a pedestrian, none of which is in the ground truth. Coordinates are RDF
/// (y down): the ground is the plane y = <see cref="GroundHeight"/> and objects rise towards -y.
/// </summary>
public sealed class SyntheticScene
{
    /// <summary>The ground plane's y (RDF, so the plaza stands above it at smaller y).</summary>
    public const float GroundHeight = 1.0f;

    /// <summary>Half the side of the square paving, world units.</summary>
    public const float GroundHalfSize = 6.0f;

    // Disc splats: tangent standard deviation as a multiple of the surface spacing, normal one as a fraction of it (flat, as
    // trained surface splats become), nearly opaque. Measured against the ground truth (200k splats, 320x180, 4 ring views),
    // sigma 0.6 / alpha 0.99 beat 0.7-1.1 / 0.6-0.95: with untrained splats the front-most disc over a pixel dominates,
    // so wider or more transparent discs blur the texture (or let the background through) more than they smooth it.
    private const float DiscSigmaPerSpacing = 0.6f;
    private const float DiscFlatness = 0.02f;
    private const float SurfaceAlpha = 0.99f;
    private const float ScaleSpread = 0.2f;
    private const int ChunkSplats = 16384;

    // Roberts' R2 sequence: the plastic number's inverse powers give the most even 2D low-discrepancy points.
    private const double Plastic = 1.32471795724474602596;
    private const double R2A1 = 1 / Plastic;
    private const double R2A2 = 1 / (Plastic * Plastic);

    private static readonly SceneSurface[] Surfaces =
    [
        SceneSurface.Ground(GroundHeight, GroundHalfSize, SceneField.GroundMaterial),
        SceneSurface.Sphere(new Vector3(-2.2f, GroundHeight - 1.0f, 1.5f), 1.0f, 1),
        SceneSurface.Sphere(new Vector3(2.5f, GroundHeight - 0.7f, 2.0f), 0.7f, 2),
        SceneSurface.Sphere(new Vector3(0.4f, GroundHeight - 0.5f, -2.9f), 0.5f, 3),
        SceneSurface.Box(new Vector3(-2.6f, GroundHeight - 0.8f, -2.0f), new Vector3(0.6f, 0.8f, 0.6f), 25, 4),
        SceneSurface.Box(new Vector3(1.9f, GroundHeight - 0.5f, -0.6f), new Vector3(0.9f, 0.5f, 0.5f), -15, 5),
    ];

    // A person standing in the open near the front, a centimetre above the paving so no ground splat is inside its box.
    private static readonly SceneSurface PedestrianSurface =
        SceneSurface.Box(new Vector3(0.0f, GroundHeight - 0.91f, 3.1f), new Vector3(0.25f, 0.9f, 0.15f), 0, SceneField.PedestrianMaterial);

    private readonly int[] _mainOffsets;
    private readonly int[] _faintOffsets;

    private SyntheticScene(SyntheticSceneOptions options, int[] mainOffsets, int[] faintOffsets, int pedestrianCount, int floaterCount)
    {
        Options = options;
        _mainOffsets = mainOffsets;
        _faintOffsets = faintOffsets;
        SurfaceSplatCount = mainOffsets[^1];
        FaintSplatCount = faintOffsets[^1];
        PedestrianStart = SurfaceSplatCount + FaintSplatCount;
        PedestrianSplatCount = pedestrianCount;
        FloaterStart = PedestrianStart + pedestrianCount;
        FloaterCount = floaterCount;
        var area = TotalArea(options.Pedestrian);
        SurfaceSpacing = (float)Math.Sqrt(area / (SurfaceSplatCount + pedestrianCount));
        Cloud = GaussianCloud.Create(options.SplatCount, options.ShDegree, budget: options.Budget);
        if (options.Pedestrian)
        {
            var half = PedestrianSurface.HalfExtents + new Vector3(1e-4f);
            PedestrianBox = new BoxRegion(PedestrianSurface.Center - half, PedestrianSurface.Center + half);
        }
    }

    /// <summary>The options the scene was built with.</summary>
    public SyntheticSceneOptions Options { get; }

    /// <summary>The splats: surface discs first, then the faint tail, the pedestrian and the floaters.</summary>
    public GaussianCloud Cloud { get; }

    /// <summary>The axis-aligned box around the pedestrian's splats (no other splat is inside it); null without a pedestrian.</summary>
    public BoxRegion? PedestrianBox { get; }

    /// <summary>Number of floaters, the last splats of the cloud.</summary>
    public int FloaterCount { get; }

    /// <summary>Number of opaque surface discs that sample the ground-truth surfaces (the first splats of the cloud).</summary>
    public int SurfaceSplatCount { get; }

    /// <summary>Number of faint splats, right after the surface discs.</summary>
    public int FaintSplatCount { get; }

    /// <summary>Number of pedestrian splats, right after the faint ones.</summary>
    public int PedestrianSplatCount { get; }

    /// <summary>Mean distance between neighbouring surface discs, world units.</summary>
    public float SurfaceSpacing { get; }

    /// <summary>Distance of the <see cref="Ring"/> cameras from <see cref="Center"/>, world units.</summary>
    public const float RingRadius = 9.5f;

    /// <summary>The point the <see cref="Ring"/> cameras look at: the plaza's middle, 0.8 units above the paving.</summary>
    public static Vector3 Center => new(0, GroundHeight - 0.8f, 0);

    internal int PedestrianStart { get; }

    internal int FloaterStart { get; }

    /// <summary>Builds the scene: generation is parallel under the options' budget and the same seed gives the same cloud.</summary>
    /// <exception cref="ArgumentException">Floaters, faint splats and the pedestrian leave fewer than half the splats for the surfaces.</exception>
    public static SyntheticScene Create(SyntheticSceneOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SyntheticSceneOptions();
        var total = options.SplatCount;
        var floaters = options.Floaters ?? (total / 200);
        var faint = (int)Math.Round(options.FaintFraction * total);
        var remaining = total - floaters - faint;
        var pedestrian = options.Pedestrian ? (int)Math.Round(remaining * PedestrianSurface.Area / TotalArea(pedestrian: true)) : 0;
        var main = remaining - pedestrian;
        if (main < total / 10)
            throw new ArgumentException($"{floaters} floaters and {faint} faint splats leave only {main} of {total} splats for the surfaces.", nameof(options));

        var scene = new SyntheticScene(options, Allocate(main), Allocate(faint), pedestrian, floaters);
        var chunks = (total + ChunkSplats - 1) / ChunkSplats;
        Parallel.For(0, chunks, options.Budget.ToParallelOptions(cancellationToken), chunk =>
        {
            var end = Math.Min(total, (chunk + 1) * ChunkSplats);
            for (var i = chunk * ChunkSplats; i < end; i++)
                scene.Generate(i);
        });
        return scene;
    }

    /// <summary>
    /// <paramref name="count"/> cameras on a circle of radius <see cref="RingRadius"/> around <see cref="Center"/>, 30 degrees above the paving,
    /// 50-degree vertical field of view, all looking at the centre (<see cref="CameraPath.Orbit(Vector3, float, int, int, int, float, float, Vector3?)"/>).
    /// </summary>
    public static PinholeCamera[] Ring(int count, int width, int height) =>
        CameraPath.Orbit(Center, RingRadius, count, width, height, elevationDegrees: 30, verticalFovDegrees: 50);

    /// <summary>
    /// The ground truth seen by <paramref name="camera"/>: rays through <see cref="SyntheticSceneOptions.ReferenceSamplesPerAxis"/>²
    /// stratified points of each pixel hit the nearest surface (pedestrian, floaters and faint splats are not in it); a ray's
    /// colour is max(0, SH(d) + 0.5) of the field at the hit with d the ray direction, exactly how splats are shaded; rays
    /// that hit nothing take <paramref name="background"/>. Rows run in parallel under the options' budget.
    /// </summary>
    /// <returns>An RGB frame tagged <see cref="ColorSpace.Srgb"/>, as <see cref="SplatRenderer"/> renders; dispose it.</returns>
    public ImageFrame RenderReference(PinholeCamera camera, Vector3 background = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var frame = ImageFrame.Create(camera.Width, camera.Height, 3, ColorSpace.Srgb, hasAlpha: false, Options.Budget);
        var samples = Options.ReferenceSamplesPerAxis;
        var degree = Options.ShDegree;
        Parallel.For(0, camera.Height, Options.Budget.ToParallelOptions(cancellationToken), y =>
        {
            var red = frame.Row(0, y);
            var green = frame.Row(1, y);
            var blue = frame.Row(2, y);
            var weight = 1f / (samples * samples);
            for (var x = 0; x < camera.Width; x++)
            {
                var sum = Vector3.Zero;
                for (var sy = 0; sy < samples; sy++)
                {
                    for (var sx = 0; sx < samples; sx++)
                    {
                        var px = x + ((sx + 0.5f) / samples);
                        var py = y + ((sy + 0.5f) / samples);
                        var direction = Vector3.Normalize(
                            (((px - camera.CenterX) / camera.FocalX) * camera.Right) + (((py - camera.CenterY) / camera.FocalY) * camera.Down) + camera.Forward);
                        sum += Trace(camera.Position, direction, degree, background);
                    }
                }
                sum *= weight;
                red[x] = sum.X;
                green[x] = sum.Y;
                blue[x] = sum.Z;
            }
        });
        return frame;
    }

    /// <summary>The colour of one ray: the field at the nearest hit of the ground-truth surfaces, or the background.</summary>
    internal static Vector3 Trace(Vector3 origin, Vector3 direction, int shDegree, Vector3 background)
    {
        var nearest = float.PositiveInfinity;
        var hit = -1;
        for (var s = 0; s < Surfaces.Length; s++)
        {
            var t = Surfaces[s].Intersect(origin, direction, 1e-4f);
            if (t < nearest)
            {
                nearest = t;
                hit = s;
            }
        }
        return hit < 0 ? background : SceneField.Shade(Surfaces[hit], origin + (nearest * direction), direction, shDegree);
    }

    /// <summary>Distance along the ray to the nearest ground-truth surface, or +infinity (for tests).</summary>
    internal static float NearestHit(Vector3 origin, Vector3 direction)
    {
        var nearest = float.PositiveInfinity;
        foreach (var surface in Surfaces)
            nearest = MathF.Min(nearest, surface.Intersect(origin, direction, 1e-4f));
        return nearest;
    }

    private static double TotalArea(bool pedestrian)
    {
        double area = 0;
        foreach (var surface in Surfaces)
            area += surface.Area;
        return pedestrian ? area + PedestrianSurface.Area : area;
    }

    /// <summary>Splits <paramref name="count"/> splats over the surfaces by area (largest remainder); returns prefix offsets.</summary>
    private static int[] Allocate(int count)
    {
        var area = TotalArea(pedestrian: false);
        var offsets = new int[Surfaces.Length + 1];
        Span<double> remainders = stackalloc double[Surfaces.Length];
        var assigned = 0;
        for (var s = 0; s < Surfaces.Length; s++)
        {
            var exact = count * Surfaces[s].Area / area;
            var whole = (int)Math.Floor(exact);
            offsets[s + 1] = whole;
            remainders[s] = exact - whole;
            assigned += whole;
        }
        for (; assigned < count; assigned++)
        {
            var best = 0;
            for (var s = 1; s < Surfaces.Length; s++)
            {
                if (remainders[s] > remainders[best])
                    best = s;
            }
            offsets[best + 1]++;
            remainders[best] = -1;
        }
        for (var s = 0; s < Surfaces.Length; s++)
            offsets[s + 1] += offsets[s];
        return offsets;
    }

    private void Generate(int i)
    {
        var seed = SceneHash.Mix(Options.Seed);
        if (i < SurfaceSplatCount)
        {
            var s = SurfaceOf(_mainOffsets, i);
            var j = i - _mainOffsets[s];
            var (u, v) = R2(seed, 2 * s, j, _mainOffsets[s + 1] - _mainOffsets[s], i);
            Surfaces[s].Sample(u, v, out var point, out var normal, out var tangent);
            WriteDisc(i, Surfaces[s], point, point, normal, tangent, DiscSigmaPerSpacing * SurfaceSpacing, SurfaceAlpha);
        }
        else if (i < PedestrianStart)
        {
            var k = i - SurfaceSplatCount;
            var s = SurfaceOf(_faintOffsets, k);
            var j = k - _faintOffsets[s];
            var (u, v) = R2(seed, (2 * s) + 1, j, _faintOffsets[s + 1] - _faintOffsets[s], i);
            Surfaces[s].Sample(u, v, out var point, out var normal, out var tangent);
            // Just off the surface (outwards; on the paving itself, so nothing lands inside the pedestrian's box).
            var lift = Surfaces[s].Kind == SceneSurfaceKind.Ground ? 0 : SceneHash.Range(seed, i, 2, 0, 0.5f) * SurfaceSpacing;
            var sigma = SceneHash.Range(seed, i, 3, 0.2f, 0.5f) * SurfaceSpacing;
            WriteDisc(i, Surfaces[s], point + (lift * normal), point, normal, tangent, sigma, SceneHash.Range(seed, i, 4, 0.01f, 0.12f));
        }
        else if (i < FloaterStart)
        {
            var j = i - PedestrianStart;
            var (u, v) = R2(seed, 64, j, PedestrianSplatCount, i);
            PedestrianSurface.Sample(u, v, out var point, out var normal, out var tangent);
            WriteDisc(i, PedestrianSurface, point, point, normal, tangent, DiscSigmaPerSpacing * SurfaceSpacing, SurfaceAlpha);
        }
        else
        {
            WriteFloater(seed, i);
        }
    }

    private static int SurfaceOf(int[] offsets, int index)
    {
        var s = 0;
        while (index >= offsets[s + 1])
            s++;
        return s;
    }

    /// <summary>Point <paramref name="j"/> of <paramref name="count"/> of an R2 sequence with a seeded start, jittered by a fifth of a cell.</summary>
    private static (double U, double V) R2(ulong seed, int stream, int j, int count, int splat)
    {
        var startU = SceneHash.UnitDouble(seed, stream, 60);
        var startV = SceneHash.UnitDouble(seed, stream, 61);
        var cell = 1 / Math.Sqrt(Math.Max(count, 1));
        var u = startU + (j * R2A1) + ((SceneHash.UnitDouble(seed, splat, 0) - 0.5) * 0.2 * cell);
        var v = startV + (j * R2A2) + ((SceneHash.UnitDouble(seed, splat, 1) - 0.5) * 0.2 * cell);
        return (u - Math.Floor(u), v - Math.Floor(v));
    }

    /// <summary>A flat disc at <paramref name="position"/> in the surface's tangent plane, coloured by the field at <paramref name="fieldPoint"/>.</summary>
    private void WriteDisc(int i, in SceneSurface surface, Vector3 position, Vector3 fieldPoint, Vector3 normal, Vector3 tangent, float sigma, float alpha)
    {
        // Per-splat spread a trained scene has and a codec must cope with, without changing what the disc shows much: a random
        // turn about the normal, each scale within ±20% (log ±0.2), alpha jittered below the nominal value.
        var seed = SceneHash.Mix(Options.Seed);
        var turn = SceneHash.Range(seed, i, 20, 0, 2 * MathF.PI);
        var bitangent = Vector3.Cross(normal, tangent);
        var axis = (MathF.Cos(turn) * tangent) + (MathF.Sin(turn) * bitangent);
        var planes = Cloud.Planes;
        planes[0][i] = position.X;
        planes[1][i] = position.Y;
        planes[2][i] = position.Z;
        planes[3][i] = MathF.Log(sigma) + SceneHash.Range(seed, i, 21, -ScaleSpread, ScaleSpread);
        planes[4][i] = MathF.Log(sigma) + SceneHash.Range(seed, i, 22, -ScaleSpread, ScaleSpread);
        planes[5][i] = MathF.Log(sigma * DiscFlatness) + SceneHash.Range(seed, i, 23, -ScaleSpread, ScaleSpread);
        alpha *= SceneHash.Range(seed, i, 24, 0.94f, 1);
        var q = FromAxes(axis, Vector3.Cross(normal, axis), normal);
        planes[6][i] = q.W;
        planes[7][i] = q.X;
        planes[8][i] = q.Y;
        planes[9][i] = q.Z;
        planes[10][i] = Logit(alpha);
        Span<float> coefficients = stackalloc float[48];
        var rest = Cloud.ShRestCount;
        SceneField.Coefficients(surface, fieldPoint, rest, coefficients);
        for (var c = 0; c < 3; c++)
        {
            planes[11 + c][i] = coefficients[16 * c];
            for (var k = 0; k < rest; k++)
                planes[14 + (c * rest) + k][i] = coefficients[(16 * c) + 1 + k];
        }
    }

    private void WriteFloater(ulong seed, int i)
    {
        // Somewhere in the air over the paving, 0.3 to 3 units up, never inside the pedestrian's box.
        var position = new Vector3(0, GroundHeight - 3, -GroundHalfSize + 1);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = new Vector3(
                SceneHash.Range(seed, i, 8 + (3 * attempt), -5, 5),
                SceneHash.Range(seed, i, 9 + (3 * attempt), GroundHeight - 3, GroundHeight - 0.3f),
                SceneHash.Range(seed, i, 10 + (3 * attempt), -5, 5));
            if (PedestrianBox is null || !PedestrianBox.Contains(candidate))
            {
                position = candidate;
                break;
            }
        }
        var planes = Cloud.Planes;
        planes[0][i] = position.X;
        planes[1][i] = position.Y;
        planes[2][i] = position.Z;
        for (var axis = 0; axis < 3; axis++)
            planes[3 + axis][i] = MathF.Log(SceneHash.Range(seed, i, 40 + axis, 0.03f, 0.15f));
        var q = Quaternion.Normalize(new Quaternion(
            SceneHash.Range(seed, i, 44, -1, 1), SceneHash.Range(seed, i, 45, -1, 1), SceneHash.Range(seed, i, 46, -1, 1), SceneHash.Range(seed, i, 47, -1, 1) + 1e-3f));
        planes[6][i] = q.W;
        planes[7][i] = q.X;
        planes[8][i] = q.Y;
        planes[9][i] = q.Z;
        planes[10][i] = Logit(SceneHash.Range(seed, i, 48, 0.05f, 0.3f));
        for (var c = 0; c < 3; c++)
            planes[11 + c][i] = (SceneHash.Range(seed, i, 50 + c, 0.2f, 0.9f) - 0.5f) / GaussianCloud.ShC0;
        // Rest coefficients stay zero: floaters look the same from everywhere.
    }

    private static float Logit(float alpha) => MathF.Log(alpha / (1 - alpha));

    /// <summary>The unit quaternion (3DGS order w, x, y, z) of the rotation whose matrix has columns a, b, c (right-handed, orthonormal).</summary>
    internal static Quaternion FromAxes(Vector3 a, Vector3 b, Vector3 c)
    {
        // Shepperd's method on the column-vector matrix R = [a b c]: pick the largest diagonal combination for stability.
        float m00 = a.X, m10 = a.Y, m20 = a.Z, m01 = b.X, m11 = b.Y, m21 = b.Z, m02 = c.X, m12 = c.Y, m22 = c.Z;
        var trace = m00 + m11 + m22;
        Quaternion q;
        if (trace > 0)
        {
            var s = MathF.Sqrt(trace + 1) * 2;
            q = new Quaternion((m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, 0.25f * s);
        }
        else if (m00 > m11 && m00 > m22)
        {
            var s = MathF.Sqrt(1 + m00 - m11 - m22) * 2;
            q = new Quaternion(0.25f * s, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s);
        }
        else if (m11 > m22)
        {
            var s = MathF.Sqrt(1 + m11 - m00 - m22) * 2;
            q = new Quaternion((m01 + m10) / s, 0.25f * s, (m12 + m21) / s, (m02 - m20) / s);
        }
        else
        {
            var s = MathF.Sqrt(1 + m22 - m00 - m11) * 2;
            q = new Quaternion((m02 + m20) / s, (m12 + m21) / s, 0.25f * s, (m10 - m01) / s);
        }
        return Quaternion.Normalize(q);
    }
}
