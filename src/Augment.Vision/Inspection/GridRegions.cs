namespace Augment.Vision;

/// <summary>Groups flagged cells of a grid (tiles, blocks) into 8-connected components.</summary>
internal static class GridRegions
{
    /// <summary>
    /// Labels of the 8-connected components of the cells where <paramref name="flagged"/> is true
    /// (columns x rows, row-major); returns the component of each cell (−1 for unflagged) and the count.
    /// </summary>
    public static (int[] Labels, int Count) Label(ReadOnlySpan<bool> flagged, int columns, int rows)
    {
        var labels = new int[columns * rows];
        Array.Fill(labels, -1);
        var count = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (!flagged[start] || labels[start] >= 0)
                continue;
            labels[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var cell = stack.Pop();
                int cx = cell % columns, cy = cell / columns;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int x = cx + dx, y = cy + dy;
                        if (x < 0 || y < 0 || x >= columns || y >= rows)
                            continue;
                        var next = (y * columns) + x;
                        if (flagged[next] && labels[next] < 0)
                        {
                            labels[next] = count;
                            stack.Push(next);
                        }
                    }
                }
            }
            count++;
        }
        return (labels, count);
    }

    /// <summary>The bounding rectangle of two rectangles.</summary>
    public static PixelRegion Union(PixelRegion a, PixelRegion b)
    {
        if (a.Width <= 0)
            return b;
        int left = Math.Min(a.X, b.X), top = Math.Min(a.Y, b.Y);
        int right = Math.Max(a.X + a.Width, b.X + b.Width), bottom = Math.Max(a.Y + a.Height, b.Y + b.Height);
        return new PixelRegion(left, top, right - left, bottom - top);
    }
}
