using System.Numerics.Tensors;

namespace Augment;

/// <summary>
/// The per-tile copies of tiled and chunked inference: cutting a tile out of a plane (padding past
/// the edge) and adding a tile's output into the result with its blend weights. Each has a scalar
/// reference beside the vectorised one.
/// </summary>
internal static class TileKernels
{
    /// <summary>
    /// Copies the <paramref name="tileWidth"/> x <paramref name="tileHeight"/> window at
    /// (<paramref name="x0"/>, <paramref name="y0"/>) of a plane into <paramref name="tile"/>. Parts
    /// past the plane's right or bottom edge repeat the last column or row (edge replication), or are
    /// zero when <paramref name="replicateEdges"/> is false.
    /// </summary>
    public static void CopyTileIn(ReadOnlySpan<float> plane, int width, int height, int x0, int y0, int tileWidth, int tileHeight, Span<float> tile, bool replicateEdges)
    {
        var validWidth = Math.Min(tileWidth, width - x0);
        var validHeight = Math.Min(tileHeight, height - y0);
        for (var y = 0; y < tileHeight; y++)
        {
            var destination = tile.Slice(y * tileWidth, tileWidth);
            if (y >= validHeight)
            {
                if (replicateEdges) tile.Slice((validHeight - 1) * tileWidth, tileWidth).CopyTo(destination);
                else destination.Clear();
                continue;
            }
            plane.Slice((y0 + y) * width + x0, validWidth).CopyTo(destination);
            if (validWidth < tileWidth)
            {
                var rest = destination.Slice(validWidth);
                if (replicateEdges) rest.Fill(destination[validWidth - 1]);
                else rest.Clear();
            }
        }
    }

    /// <summary>
    /// Adds <c>tile[y, x] * rowWeights[y] * columnWeights[x]</c> into the plane at
    /// (<paramref name="x0"/> + x, <paramref name="y0"/> + y) for the valid part of one tile plane.
    /// </summary>
    /// <param name="tile">One output plane of the tile, <paramref name="tileStride"/> samples per row.</param>
    /// <param name="tileStride">Row length of <paramref name="tile"/>.</param>
    /// <param name="rowWeights">Weight per tile row; its length is the number of rows added.</param>
    /// <param name="columnWeights">Weight per tile column; its length is the number of columns added.</param>
    /// <param name="plane">The result plane.</param>
    /// <param name="planeWidth">Row length of <paramref name="plane"/>.</param>
    /// <param name="x0">Column of the tile's first sample in the plane.</param>
    /// <param name="y0">Row of the tile's first sample in the plane.</param>
    /// <param name="scratch">At least <c>columnWeights.Length</c> samples.</param>
    public static void AccumulateWeighted(ReadOnlySpan<float> tile, int tileStride, ReadOnlySpan<float> rowWeights, ReadOnlySpan<float> columnWeights, Span<float> plane, int planeWidth, int x0, int y0, Span<float> scratch)
    {
        var width = columnWeights.Length;
        var weights = scratch.Slice(0, width);
        for (var y = 0; y < rowWeights.Length; y++)
        {
            var rowWeight = rowWeights[y];
            if (rowWeight == 0f) continue;
            var source = tile.Slice(y * tileStride, width);
            var destination = plane.Slice((y0 + y) * planeWidth + x0, width);
            TensorPrimitives.Multiply(columnWeights, rowWeight, weights);
            TensorPrimitives.MultiplyAdd(source, weights, destination, destination);
        }
    }

    /// <summary>Scalar reference for <see cref="AccumulateWeighted"/>.</summary>
    public static void AccumulateWeightedScalar(ReadOnlySpan<float> tile, int tileStride, ReadOnlySpan<float> rowWeights, ReadOnlySpan<float> columnWeights, Span<float> plane, int planeWidth, int x0, int y0)
    {
        for (var y = 0; y < rowWeights.Length; y++)
        {
            for (var x = 0; x < columnWeights.Length; x++)
            {
                var w = columnWeights[x] * rowWeights[y];
                plane[(y0 + y) * planeWidth + x0 + x] += tile[y * tileStride + x] * w;
            }
        }
    }
}
