namespace Augment.Vision;

/// <summary>
/// Plane resizing for model inputs: a box (area) average when shrinking, so that fine texture does
/// not alias into the colour statistics, and bilinear interpolation (pixel centres aligned) when
/// enlarging; a plane of the same size is copied.
/// </summary>
internal static class FrameResize
{
    public static void Bilinear(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, Span<float> destination, int width, int height)
    {
        if (sourceWidth == width && sourceHeight == height)
        {
            source.CopyTo(destination);
            return;
        }
        var scaleX = sourceWidth / (double)width;
        var scaleY = sourceHeight / (double)height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                destination[(y * width) + x] = scaleX > 1 || scaleY > 1
                    ? (float)Area(source, sourceWidth, sourceHeight, x * scaleX, (x + 1) * scaleX, y * scaleY, (y + 1) * scaleY)
                    : (float)Sample(source, sourceWidth, sourceHeight, ((x + 0.5) * scaleX) - 0.5, ((y + 0.5) * scaleY) - 0.5);
            }
        }
    }

    private static double Sample(ReadOnlySpan<float> source, int w, int h, double sx, double sy)
    {
        sx = Math.Clamp(sx, 0, w - 1);
        sy = Math.Clamp(sy, 0, h - 1);
        var x0 = Math.Min((int)sx, Math.Max(w - 2, 0));
        var y0 = Math.Min((int)sy, Math.Max(h - 2, 0));
        var x1 = Math.Min(x0 + 1, w - 1);
        var y1 = Math.Min(y0 + 1, h - 1);
        double fx = sx - x0, fy = sy - y0;
        var top = source[(y0 * w) + x0] + (fx * (source[(y0 * w) + x1] - source[(y0 * w) + x0]));
        var bottom = source[(y1 * w) + x0] + (fx * (source[(y1 * w) + x1] - source[(y1 * w) + x0]));
        return top + (fy * (bottom - top));
    }

    /// <summary>Mean over the source rectangle [x0, x1) x [y0, y1), partial pixels weighted by their covered fraction.</summary>
    private static double Area(ReadOnlySpan<float> source, int w, int h, double x0, double x1, double y0, double y1)
    {
        double sum = 0, weight = 0;
        for (var y = (int)y0; y < Math.Min(h, (int)Math.Ceiling(y1)); y++)
        {
            var wy = Math.Min(y + 1, y1) - Math.Max(y, y0);
            for (var x = (int)x0; x < Math.Min(w, (int)Math.Ceiling(x1)); x++)
            {
                var wx = Math.Min(x + 1, x1) - Math.Max(x, x0);
                sum += wx * wy * source[(y * w) + x];
                weight += wx * wy;
            }
        }
        return weight > 0 ? sum / weight : 0;
    }
}
