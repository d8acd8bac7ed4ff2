using System.Numerics;

namespace Augment.Splat;

/// <summary>
/// Reordering and pruning for compact files and fast streaming: Morton (Z-order) sorting puts splats that are
/// near in space near in the file, and importance pruning keeps the splats that contribute most to an image.
/// </summary>
public static class SplatOrdering
{
    /// <summary>Bits per axis of the Morton code: 10, so 30-bit codes over the cloud's bounding box.</summary>
    public const int MortonBitsPerAxis = 10;

    /// <summary>
    /// A new cloud with the splats in Morton (Z-curve) order of their centres, quantised to a 1024^3 grid over the
    /// bounding box; splats in the same cell keep their relative order. Splats with a non-finite centre go last.
    /// </summary>
    public static GaussianCloud SortMorton(this GaussianCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var codes = MortonCodes(cloud);
        var order = new int[cloud.Count];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        // Stable: sort (code, index) pairs packed in one 64-bit key.
        var keys = new ulong[cloud.Count];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = ((ulong)codes[i] << 32) | (uint)i;
        Array.Sort(keys, order);
        return cloud.Select(order);
    }

    /// <summary>
    /// The Morton code of each splat's centre (x bits in positions 0, 3, 6, ..., y in 1, 4, ..., z in 2, 5, ...);
    /// <see cref="uint.MaxValue"/> for a non-finite centre.
    /// </summary>
    public static uint[] MortonCodes(GaussianCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var (min, max) = cloud.Bounds();
        var extent = max - min;
        const float cells = (1 << MortonBitsPerAxis) - 1;
        var scale = new Vector3(Scale(extent.X), Scale(extent.Y), Scale(extent.Z)) * cells;
        var codes = new uint[cloud.Count];
        ReadOnlySpan<float> xs = cloud.X, ys = cloud.Y, zs = cloud.Z;
        for (var i = 0; i < codes.Length; i++)
        {
            float x = xs[i], y = ys[i], z = zs[i];
            if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
            {
                codes[i] = uint.MaxValue;
                continue;
            }
            codes[i] = Spread((uint)((x - min.X) * scale.X)) | (Spread((uint)((y - min.Y) * scale.Y)) << 1) | (Spread((uint)((z - min.Z) * scale.Z)) << 2);
        }
        return codes;

        static float Scale(float extent) => extent > 0 ? 1 / extent : 0;
    }

    /// <summary>
    /// Each splat's importance: alpha (sigmoid of the opacity logit) times the volume of its ellipsoid up to a
    /// constant, e^(sx + sy + sz). Large, opaque splats cover more of an image; NaN attributes give 0.
    /// </summary>
    public static float[] Importance(GaussianCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var importance = new float[cloud.Count];
        for (var i = 0; i < importance.Length; i++)
        {
            var value = cloud.Alpha(i) * MathF.Exp(cloud.ScaleX[i] + cloud.ScaleY[i] + cloud.ScaleZ[i]);
            importance[i] = float.IsFinite(value) ? value : 0;
        }
        return importance;
    }

    /// <summary>
    /// Each splat's view-coverage importance: its rendered contribution to <paramref name="cameras"/>
    /// (<see cref="SplatRenderer.Contributions"/>: the sum over every pixel of every view of its alpha times the
    /// transmittance in front of it). This already holds alpha and the projected size, so it is used as is rather than
    /// multiplied by <see cref="Importance(GaussianCloud)"/>; a splat no view sees scores 0.
    /// </summary>
    /// <param name="cloud">The cloud.</param>
    /// <param name="cameras">The views that matter (e.g. <see cref="CameraPath.Orbit(GaussianCloud, int, int, int, float, float, System.Numerics.Vector3?)"/>); small images suffice.</param>
    /// <param name="options">Renderer settings; defaults when null.</param>
    /// <param name="cancellationToken">Checked by the renderer.</param>
    public static float[] Importance(GaussianCloud cloud, IReadOnlyList<PinholeCamera> cameras, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(cameras);
        if (cameras.Count == 0)
            throw new ArgumentException("view-coverage importance needs at least one camera.", nameof(cameras));
        var importance = SplatRenderer.Contributions(cloud, cameras, options, cancellationToken);
        for (var i = 0; i < importance.Length; i++)
        {
            if (!float.IsFinite(importance[i]))
                importance[i] = 0;
        }
        return importance;
    }

    /// <summary>
    /// A new cloud of the <paramref name="keepCount"/> most important splats (<see cref="Importance(GaussianCloud)"/>), in their
    /// original order; ties at the threshold keep the earlier splats.
    /// </summary>
    public static GaussianCloud PruneToImportance(this GaussianCloud cloud, int keepCount)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentOutOfRangeException.ThrowIfNegative(keepCount);
        if (keepCount >= cloud.Count)
            return cloud.Clone();
        return KeepTop(cloud, Importance(cloud), keepCount);
    }

    /// <summary>
    /// A new cloud of the <paramref name="keepCount"/> splats that contribute most to <paramref name="cameras"/>
    /// (<see cref="Importance(GaussianCloud, IReadOnlyList{PinholeCamera}, SplatRenderOptions?, CancellationToken)"/>),
    /// in their original order; ties keep the earlier splats.
    /// </summary>
    public static GaussianCloud PruneToImportance(this GaussianCloud cloud, int keepCount, IReadOnlyList<PinholeCamera> cameras, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentOutOfRangeException.ThrowIfNegative(keepCount);
        if (keepCount >= cloud.Count)
            return cloud.Clone();
        return KeepTop(cloud, Importance(cloud, cameras, options, cancellationToken), keepCount);
    }

    private static GaussianCloud KeepTop(GaussianCloud cloud, float[] importance, int keepCount)
    {
        // Descending importance, then ascending index: negate for an ascending sort of (key, index).
        var keys = new (float Importance, int Index)[cloud.Count];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = (-importance[i], i);
        Array.Sort(keys);
        var kept = new int[keepCount];
        for (var i = 0; i < keepCount; i++)
            kept[i] = keys[i].Index;
        Array.Sort(kept);
        return cloud.Select(kept);
    }

    /// <summary>
    /// Level-of-detail sets: level 0 is the whole cloud, each next level keeps the more important half of the one
    /// before (<see cref="PruneToImportance(GaussianCloud, int)"/>), so every level is a subset of the previous one and a viewer can
    /// switch levels by distance or device.
    /// </summary>
    /// <param name="cloud">The full-detail cloud.</param>
    /// <param name="levels">How many levels, at least 1 (level 0 included).</param>
    public static IReadOnlyList<GaussianCloud> LevelsOfDetail(this GaussianCloud cloud, int levels)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        var result = new List<GaussianCloud>(levels) { cloud.Clone() };
        for (var level = 1; level < levels; level++)
            result.Add(result[^1].PruneToImportance(result[^1].Count / 2));
        return result;
    }

    /// <summary>Spreads the low 10 bits of <paramref name="v"/> so that bit k lands at 3k (one axis of a 30-bit Morton code).</summary>
    internal static uint Spread(uint v)
    {
        v &= 0x3FF;
        v = (v | (v << 16)) & 0x030000FF;
        v = (v | (v << 8)) & 0x0300F00F;
        v = (v | (v << 4)) & 0x030C30C3;
        v = (v | (v << 2)) & 0x09249249;
        return v;
    }
}
