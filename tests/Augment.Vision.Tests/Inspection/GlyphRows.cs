namespace Augment.Vision.Tests.Inspection;

/// <summary>
/// Synthetic rows of glyph-like shapes drawn as anti-aliased strokes (capsules around line segments): "regular"
/// rows have one stroke width and even spacing like rendered type; "irregular" rows let the width change from
/// glyph to glyph and along each stroke, and the spacing wander, like a generator's lettering.
/// </summary>
internal static class GlyphRows
{
    /// <summary>Glyph skeletons in a unit box (x right 0..1, y down 0..1), as line segments.</summary>
    private static readonly (double X0, double Y0, double X1, double Y1)[][] Skeletons =
    [
        [(0, 0, 0, 1), (1, 0, 1, 1), (0, 0.5, 1, 0.5)],                 // H
        [(0, 0, 0, 1), (0, 0, 1, 0), (0, 0.5, 0.8, 0.5), (0, 1, 1, 1)], // E
        [(0, 0, 0, 1), (0, 1, 1, 1)],                                   // L
        [(0, 0, 1, 0), (0.5, 0, 0.5, 1)],                               // T
        [(0, 0, 0, 1), (0, 0, 1, 1), (1, 0, 1, 1)],                     // N
        [(0, 1, 0.5, 0), (0.5, 0, 1, 1), (0.25, 0.55, 0.75, 0.55)],     // A
        [(0, 0, 0, 1), (0, 0, 1, 0), (1, 0, 1, 1), (0, 1, 1, 1)],       // O (boxy)
        [(0, 0, 0, 1), (0, 1, 1, 1), (1, 1, 1, 0)],                     // U
        [(0, 0, 1, 0), (1, 0, 0, 1), (0, 1, 1, 1)],                     // Z
        [(0, 0, 0, 1), (0, 0, 1, 0), (0, 0.5, 0.8, 0.5)],               // F
        [(0, 0, 0.5, 1), (0.5, 1, 1, 0)],                               // V
        [(0, 0, 0, 1), (0, 0.55, 1, 0), (0.3, 0.4, 1, 1)],              // K
    ];

    /// <summary>
    /// Draws a row of <paramref name="count"/> glyphs (height pixels tall) at (x, y) into every colour channel:
    /// ink luma <paramref name="ink"/> over whatever is there. Regular rows: stroke width strokePixels, gap
    /// height/4. Irregular rows: per-glyph width strokePixels x 0.4..1.8, varying ±50 % along each stroke, and gaps of height x 0.05..0.6.
    /// </summary>
    public static void Draw(ImageFrame frame, int x, int y, int count, int height, double strokePixels, bool irregular, int seed, float ink = 0.1f)
    {
        var random = new Random(seed);
        var glyphWidth = 0.62 * height;
        var left = (double)x;
        for (var g = 0; g < count; g++)
        {
            var skeleton = Skeletons[random.Next(Skeletons.Length)];
            var baseWidth = irregular ? strokePixels * (0.4 + (1.4 * random.NextDouble())) : strokePixels;
            var margin = baseWidth;
            var boxW = glyphWidth - (2 * margin);
            var boxH = height - (2 * margin);
            foreach (var (x0, y0, x1, y1) in skeleton)
            {
                var start = irregular ? baseWidth * (0.5 + random.NextDouble()) : baseWidth;
                var end = irregular ? baseWidth * (0.5 + random.NextDouble()) : baseWidth;
                Stroke(frame, left + margin + (x0 * boxW), y + margin + (y0 * boxH), left + margin + (x1 * boxW), y + margin + (y1 * boxH), start, end, ink);
            }
            var gap = irregular ? height * (0.05 + (0.55 * random.NextDouble())) : height / 4.0;
            left += glyphWidth + gap;
        }
    }

    /// <summary>Width of a row drawn by <see cref="Draw"/> at most: count x (0.62 + 0.6) x height.</summary>
    public static int MaxWidth(int count, int height) => (int)Math.Ceiling(count * 1.22 * height);

    /// <summary>An anti-aliased capsule from (ax, ay) to (bx, by) whose width goes linearly from startWidth to endWidth.</summary>
    public static void Stroke(ImageFrame frame, double ax, double ay, double bx, double by, double startWidth, double endWidth, float ink)
    {
        var reach = Math.Max(startWidth, endWidth) / 2 + 2;
        int x0 = Math.Max(0, (int)Math.Floor(Math.Min(ax, bx) - reach)), x1 = Math.Min(frame.Width - 1, (int)Math.Ceiling(Math.Max(ax, bx) + reach));
        int y0 = Math.Max(0, (int)Math.Floor(Math.Min(ay, by) - reach)), y1 = Math.Min(frame.Height - 1, (int)Math.Ceiling(Math.Max(ay, by) + reach));
        double dx = bx - ax, dy = by - ay;
        var lengthSquared = Math.Max((dx * dx) + (dy * dy), 1e-9);
        for (var py = y0; py <= y1; py++)
        {
            for (var px = x0; px <= x1; px++)
            {
                // Pixel centres at integer + 0.5.
                double cx = px + 0.5, cy = py + 0.5;
                var t = Math.Clamp((((cx - ax) * dx) + ((cy - ay) * dy)) / lengthSquared, 0, 1);
                double nx = ax + (t * dx) - cx, ny = ay + (t * dy) - cy;
                var distance = Math.Sqrt((nx * nx) + (ny * ny));
                var half = (startWidth + (t * (endWidth - startWidth))) / 2;
                var coverage = (float)Math.Clamp(half - distance + 0.5, 0, 1);
                if (coverage <= 0)
                    continue;
                for (var c = 0; c < frame.ColorChannels; c++)
                {
                    ref var v = ref frame.Row(c, py)[px];
                    v = Math.Min(v, (v * (1 - coverage)) + (ink * coverage));
                }
            }
        }
    }

    /// <summary>A paper-like page (luma 0.9 with noise) of the given size with rows of glyphs.</summary>
    public static ImageFrame Page(int width, int height, int rows, int glyphHeight, double strokePixels, bool irregular, int seed, int channels = 3)
    {
        var frame = ImageFrame.Create(width, height, channels);
        frame.Data.Fill(0.9f);
        var rowPitch = height / rows;
        for (var r = 0; r < rows; r++)
        {
            var count = Math.Max(4, (width - 16) / (int)(1.25 * glyphHeight));
            Draw(frame, 8, (r * rowPitch) + ((rowPitch - glyphHeight) / 2), count, glyphHeight, strokePixels, irregular, seed + r);
        }
        return ArtifactImages.AddNoise(frame, 0.01, seed);
    }
}
