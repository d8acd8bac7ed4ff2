namespace Augment.Vision;

/// <summary>8-connected components of a mask (two-pass labelling with union–find), with each component's bounding box and area.</summary>
internal static class ComponentLabels
{
    /// <summary>One component: bounding box (inclusive-exclusive) and pixel count.</summary>
    internal struct Box
    {
        public int Left, Top, Right, Bottom, Area;
    }

    /// <summary>Labels (0 = background, 1..count) into <paramref name="labels"/>; returns the boxes, index = label − 1.</summary>
    public static Box[] Label(byte[] mask, int width, int height, int[] labels, CancellationToken cancellationToken)
    {
        var parent = new List<int> { 0 };
        for (var y = 0; y < height; y++)
        {
            if ((y & 255) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                var i = row + x;
                if (mask[i] == 0)
                {
                    labels[i] = 0;
                    continue;
                }
                var label = 0;
                // Already visited neighbours: W, NW, N, NE.
                if (x > 0)
                    label = Merge(parent, label, labels[i - 1]);
                if (y > 0)
                {
                    if (x > 0)
                        label = Merge(parent, label, labels[i - width - 1]);
                    label = Merge(parent, label, labels[i - width]);
                    if (x + 1 < width)
                        label = Merge(parent, label, labels[i - width + 1]);
                }
                if (label == 0)
                {
                    label = parent.Count;
                    parent.Add(label);
                }
                labels[i] = label;
            }
        }
        // Flatten to consecutive labels.
        var final = new int[parent.Count];
        var count = 0;
        for (var l = 1; l < parent.Count; l++)
        {
            var root = Find(parent, l);
            if (root == l)
                final[l] = ++count;
        }
        for (var l = 1; l < parent.Count; l++)
            final[l] = final[Find(parent, l)];
        var boxes = new Box[count];
        for (var b = 0; b < count; b++)
            boxes[b] = new Box { Left = int.MaxValue, Top = int.MaxValue };
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                var l = labels[row + x];
                if (l == 0)
                    continue;
                l = final[l];
                labels[row + x] = l;
                ref var box = ref boxes[l - 1];
                box.Left = Math.Min(box.Left, x);
                box.Top = Math.Min(box.Top, y);
                box.Right = Math.Max(box.Right, x + 1);
                box.Bottom = Math.Max(box.Bottom, y + 1);
                box.Area++;
            }
        }
        return boxes;
    }

    private static int Merge(List<int> parent, int current, int neighbour)
    {
        if (neighbour == 0)
            return current;
        var b = Find(parent, neighbour);
        if (current == 0)
            return b;
        var a = Find(parent, current);
        if (a == b)
            return a;
        if (a < b)
        {
            parent[b] = a;
            return a;
        }
        parent[a] = b;
        return b;
    }

    private static int Find(List<int> parent, int label)
    {
        while (parent[label] != label)
        {
            parent[label] = parent[parent[label]];
            label = parent[label];
        }
        return label;
    }
}
