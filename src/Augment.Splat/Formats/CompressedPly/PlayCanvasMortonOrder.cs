namespace Augment.Splat;

/// <summary>
/// The splat order PlayCanvas' writers use before quantising: a Morton (Z-order) curve over the positions, so that
/// each 256-splat chunk (compressed PLY) or texel block (SOG) covers a small region and its min/max ranges stay tight.
/// </summary>
internal static class PlayCanvasMortonOrder
{
    /// <summary>Indices of the cloud's splats along a 30-bit Morton curve over its bounds (non-finite positions first).</summary>
    public static int[] Compute(GaussianCloud cloud)
    {
        var count = cloud.Count;
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        if (count < 2)
            return order;
        var (min, max) = cloud.Bounds();
        var keys = new uint[count];
        ReadOnlySpan<float> x = cloud.X, y = cloud.Y, z = cloud.Z;
        var sx = Scale(min.X, max.X);
        var sy = Scale(min.Y, max.Y);
        var sz = Scale(min.Z, max.Z);
        for (var i = 0; i < count; i++)
        {
            if (!float.IsFinite(x[i]) || !float.IsFinite(y[i]) || !float.IsFinite(z[i]))
            {
                keys[i] = 0;
                continue;
            }
            keys[i] = (SplatOrdering.Spread(Quantise(x[i], min.X, sx)) << 2) | (SplatOrdering.Spread(Quantise(y[i], min.Y, sy)) << 1) | SplatOrdering.Spread(Quantise(z[i], min.Z, sz));
        }
        // Stable for equal keys so that the order is deterministic across runs.
        var tieBreak = new long[count];
        for (var i = 0; i < count; i++)
            tieBreak[i] = ((long)keys[i] << 32) | (uint)i;
        Array.Sort(tieBreak, order);
        return order;
    }

    private static float Scale(float min, float max) => max - min > 0 ? 1023 / (max - min) : 0;

    private static uint Quantise(float v, float min, float scale) => (uint)Math.Clamp((int)((v - min) * scale), 0, 1023);
}
