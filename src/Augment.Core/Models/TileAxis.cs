namespace Augment;

/// <summary>
/// Where tiles (or chunks) sit along one axis and how much each contributes to every output
/// position. Tiles have one length, step by at most <c>tile - overlap</c> (spread evenly), and the
/// last ends at the image edge so that no tile extends past the image; an axis shorter than a
/// tile gets one tile (padded to the model's size when that is fixed). Weights are per-axis ramps; normalising them here to sum to one
/// makes their 2-D products a partition of unity without a weight plane.
/// </summary>
internal sealed class TileAxis
{
    /// <summary>Plans an axis.</summary>
    /// <param name="imageLength">Input length on this axis.</param>
    /// <param name="tileLength">Length the model is fed (the model's fixed size, or the requested tile size).</param>
    /// <param name="overlap">Requested overlap; reduced to half a tile.</param>
    /// <param name="fixedLength">Whether the model's size on this axis is fixed (then a short axis is padded, not shrunk).</param>
    public TileAxis(int imageLength, int tileLength, int overlap, bool fixedLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileLength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ImageLength = imageLength;
        TileLength = fixedLength ? tileLength : Math.Min(tileLength, imageLength);
        ValidLength = Math.Min(TileLength, imageLength);
        Overlap = Math.Min(overlap, TileLength / 2);
        Positions = Plan(imageLength, TileLength, Overlap);
    }

    /// <summary>Input length on this axis.</summary>
    public int ImageLength { get; }

    /// <summary>Length of every tile fed to the model.</summary>
    public int TileLength { get; }

    /// <summary>Part of each tile inside the image (less than <see cref="TileLength"/> only when padded).</summary>
    public int ValidLength { get; }

    /// <summary>Overlap in use.</summary>
    public int Overlap { get; }

    /// <summary>Start of each tile, ascending; the first is 0 and the last ends at the image edge.</summary>
    public int[] Positions { get; }

    /// <summary>Number of tiles along the axis.</summary>
    public int Count => Positions.Length;

    /// <summary>Whether tiles are padded past the image (a fixed-size model on a short axis).</summary>
    public bool IsPadded => ValidLength < TileLength;

    /// <summary>
    /// Blend weights in output samples: <c>Count</c> runs of <c>ValidLength * scale</c> values, tile
    /// after tile, normalised so that at every output position the weights of the tiles covering it
    /// sum to one. A tile's weight is zero within a quarter of the overlap of an edge it shares with
    /// a neighbour, ramps up across the middle half of the overlap, and is one elsewhere (image edges
    /// have no ramp).
    /// </summary>
    /// <param name="scale">Output samples per input sample (1 for same-size models, 2 for x2 upscalers).</param>
    /// <param name="ramp">Shape of the ramp.</param>
    public float[] BuildWeights(int scale, BlendRamp ramp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var validOut = ValidLength * scale;
        var lengthOut = ImageLength * scale;
        var margin = Overlap / 4 * scale;
        var fade = (Overlap - 2 * (Overlap / 4)) * scale;
        var weights = new float[Count * validOut];
        var sums = new double[lengthOut];
        for (var k = 0; k < Count; k++)
        {
            var start = Positions[k] * scale;
            var leftShared = start > 0;
            var rightShared = start + validOut < lengthOut;
            var run = weights.AsSpan(k * validOut, validOut);
            for (var i = 0; i < validOut; i++)
            {
                // Distances from the pixel centre to the tile's two edges.
                var fromLeft = i + 0.5;
                var fromRight = validOut - i - 0.5;
                var w = 1.0;
                if (leftShared) w *= Ramp(fromLeft - margin, fade, ramp);
                if (rightShared) w *= Ramp(fromRight - margin, fade, ramp);
                run[i] = (float)w;
                sums[start + i] += w;
            }
        }
        for (var k = 0; k < Count; k++)
        {
            var start = Positions[k] * scale;
            var run = weights.AsSpan(k * validOut, validOut);
            for (var i = 0; i < validOut; i++)
            {
                var sum = sums[start + i];
                // The plan guarantees a positive sum (some tile is at least half an overlap from its
                // shared edges there); the guard keeps a degenerate plan from producing NaN.
                run[i] = sum > 0 ? (float)(run[i] / sum) : 1f / CoveringCount(start + i, scale, validOut);
            }
        }
        return weights;
    }

    private static int[] Plan(int length, int tile, int overlap)
    {
        if (length <= tile) return [0];
        // The fewest tiles whose steps are at most tile - overlap, spread evenly so that the extra
        // overlap is shared rather than piled onto the last pair.
        var stride = tile - overlap;
        var span = length - tile;
        var count = (span + stride - 1) / stride + 1;
        var positions = new int[count];
        for (var k = 0; k < count; k++) positions[k] = (int)((long)k * span / (count - 1));
        return positions;
    }

    private static double Ramp(double distance, int fade, BlendRamp ramp)
    {
        if (distance <= 0) return 0;
        if (distance >= fade) return 1;
        var t = distance / fade;
        return ramp == BlendRamp.Linear ? t : 0.5 - 0.5 * Math.Cos(Math.PI * t);
    }

    private int CoveringCount(int position, int scale, int validOut)
    {
        var count = 0;
        foreach (var p in Positions)
        {
            if (position >= p * scale && position < p * scale + validOut) count++;
        }
        return Math.Max(1, count);
    }
}
