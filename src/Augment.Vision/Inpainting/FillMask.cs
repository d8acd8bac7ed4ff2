namespace Augment.Vision;

/// <summary>
/// The hole to fill, as bytes (1 = fill), and the cross-fade weights of its blend band. A mask frame's
/// value is its only plane, or the mean of its colour planes; above 0.5 means fill.
/// </summary>
internal static class FillMask
{
    /// <summary>Chebyshev distance used for pixels far from the mask.</summary>
    private const int Far = int.MaxValue / 2;

    /// <summary>Checks the mask's size against the image's and thresholds it; returns the number of fill pixels.</summary>
    public static byte[] Threshold(ImageFrame image, ImageFrame mask, out int count)
    {
        if (mask.Width != image.Width || mask.Height != image.Height)
            throw new ArgumentException($"The mask is {mask.Width}x{mask.Height} pixels but the image is {image.Width}x{image.Height}; they must be the same size.", nameof(mask));
        var result = new byte[image.PixelCount];
        var planes = mask.ColorChannels;
        var n = 0;
        for (var i = 0; i < result.Length; i++)
        {
            var sum = 0f;
            for (var c = 0; c < planes; c++)
                sum += mask.Data[c * mask.PixelCount + i];
            // NaN compares false: an undefined mask value does not mark a hole.
            if (sum > 0.5f * planes)
            {
                result[i] = 1;
                n++;
            }
        }
        count = n;
        return result;
    }

    /// <summary>
    /// Chessboard (Chebyshev) distance of every pixel to the nearest mask pixel, capped at
    /// <paramref name="cap"/> + 1: the two-pass chamfer transform with unit weights on all eight
    /// neighbours, which is exact for this metric (Rosenfeld and Pfaltz 1966).
    /// </summary>
    public static int[] ChessboardDistance(ReadOnlySpan<byte> mask, int width, int height, int cap)
    {
        var distance = new int[mask.Length];
        for (var i = 0; i < distance.Length; i++)
            distance[i] = mask[i] != 0 ? 0 : Far;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var d = distance[i];
                if (d == 0) continue;
                if (x > 0) d = Math.Min(d, distance[i - 1] + 1);
                if (y > 0)
                {
                    d = Math.Min(d, distance[i - width] + 1);
                    if (x > 0) d = Math.Min(d, distance[i - width - 1] + 1);
                    if (x < width - 1) d = Math.Min(d, distance[i - width + 1] + 1);
                }
                distance[i] = d;
            }
        }
        for (var y = height - 1; y >= 0; y--)
        {
            for (var x = width - 1; x >= 0; x--)
            {
                var i = y * width + x;
                var d = distance[i];
                if (d == 0) continue;
                if (x < width - 1) d = Math.Min(d, distance[i + 1] + 1);
                if (y < height - 1)
                {
                    d = Math.Min(d, distance[i + width] + 1);
                    if (x > 0) d = Math.Min(d, distance[i + width - 1] + 1);
                    if (x < width - 1) d = Math.Min(d, distance[i + width + 1] + 1);
                }
                distance[i] = Math.Min(d, cap + 1);
            }
        }
        return distance;
    }

    /// <summary>The mask grown by <paramref name="radius"/> pixels (a square structuring element).</summary>
    public static byte[] Dilate(int[] distance, int radius)
    {
        var grown = new byte[distance.Length];
        for (var i = 0; i < grown.Length; i++)
            grown[i] = distance[i] <= radius ? (byte)1 : (byte)0;
        return grown;
    }

    /// <summary>
    /// Weight of the fill in the result: 1 inside the mask, falling linearly across the grown ring
    /// (1 - d / (radius + 1) at distance d), 0 beyond it.
    /// </summary>
    public static float FillWeight(int distance, int radius) =>
        distance == 0 ? 1f : distance <= radius ? 1f - distance / (radius + 1f) : 0f;
}
