using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Normalised box mean of radius r ((2r+1)² window) with reflect-101 borders, separable running sums: O(1) per
/// pixel whatever the radius (He et al. 2010 build the guided filter on it). Sums are kept in double so that long
/// rows do not drift.
/// </summary>
internal static class BoxFilter
{
    public static void Mean(ReadOnlySpan<float> source, int width, int height, int radius, Span<float> destination)
    {
        var temp = ArrayPool<float>.Shared.Rent(width * height);
        var column = ArrayPool<double>.Shared.Rent(width);
        try
        {
            var horizontal = temp.AsSpan(0, width * height);
            var inverse = 1.0 / (2 * radius + 1);
            for (var y = 0; y < height; y++)
            {
                var row = source.Slice(y * width, width);
                var output = horizontal.Slice(y * width, width);
                double sum = 0;
                for (var k = -radius; k <= radius; k++)
                    sum += row[PaddedPlanes.Reflect(k, width)];
                output[0] = (float)(sum * inverse);
                for (var x = 1; x < width; x++)
                {
                    sum += row[PaddedPlanes.Reflect(x + radius, width)] - row[PaddedPlanes.Reflect(x - radius - 1, width)];
                    output[x] = (float)(sum * inverse);
                }
            }
            var sums = column.AsSpan(0, width);
            sums.Clear();
            for (var k = -radius; k <= radius; k++)
            {
                var row = horizontal.Slice(PaddedPlanes.Reflect(k, height) * width, width);
                for (var x = 0; x < width; x++)
                    sums[x] += row[x];
            }
            for (var y = 0; y < height; y++)
            {
                if (y > 0)
                {
                    var add = horizontal.Slice(PaddedPlanes.Reflect(y + radius, height) * width, width);
                    var remove = horizontal.Slice(PaddedPlanes.Reflect(y - radius - 1, height) * width, width);
                    for (var x = 0; x < width; x++)
                        sums[x] += add[x] - remove[x];
                }
                var output = destination.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                    output[x] = (float)(sums[x] * inverse);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(temp);
            ArrayPool<double>.Shared.Return(column);
        }
    }
}
