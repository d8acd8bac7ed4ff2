namespace Augment.Vision;

/// <summary>
/// Separable resizing of one float plane (model inputs and outputs, key-frame thumbnails): area averaging along an axis that
/// shrinks (every source pixel contributes by the fraction of it an output pixel covers, so no
/// aliasing), bilinear interpolation along an axis that grows (pixel centres at i + 0.5, edges
/// replicated). Both weight sets are non-negative and sum to 1, so a 0..1 mask stays 0..1 and a
/// constant plane stays constant; an axis that keeps its length is copied exactly.
/// </summary>
internal static class PlaneResampler
{
    /// <summary>Resizes <paramref name="source"/> (<paramref name="sourceWidth"/> x <paramref name="sourceHeight"/>) into <paramref name="target"/>.</summary>
    public static void Resize(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, Span<float> target, int targetWidth, int targetHeight)
    {
        if (source.Length < sourceWidth * sourceHeight || target.Length < targetWidth * targetHeight)
            throw new ArgumentException("A plane is shorter than its width x height.");
        var horizontal = AxisWeights.Create(sourceWidth, targetWidth);
        var vertical = AxisWeights.Create(sourceHeight, targetHeight);
        // Horizontal pass first: sourceHeight rows of targetWidth.
        var temporary = new float[sourceHeight * targetWidth];
        for (var y = 0; y < sourceHeight; y++)
            horizontal.Apply(source.Slice(y * sourceWidth, sourceWidth), temporary.AsSpan(y * targetWidth, targetWidth));
        // Vertical pass: each output row is a weighted sum of whole temporary rows.
        for (var y = 0; y < targetHeight; y++)
        {
            var row = target.Slice(y * targetWidth, targetWidth);
            row.Clear();
            for (var k = vertical.Start[y]; k < vertical.Start[y + 1]; k++)
            {
                var w = vertical.Weight[k];
                ReadOnlySpan<float> from = temporary.AsSpan(vertical.Index[k] * targetWidth, targetWidth);
                for (var x = 0; x < targetWidth; x++)
                    row[x] += w * from[x];
            }
        }
    }

    /// <summary>Per output index, the source indices and weights that make it (compressed rows).</summary>
    internal sealed class AxisWeights
    {
        private AxisWeights(int[] start, int[] index, float[] weight)
        {
            Start = start;
            Index = index;
            Weight = weight;
        }

        public int[] Start { get; }

        public int[] Index { get; }

        public float[] Weight { get; }

        public static AxisWeights Create(int sourceLength, int targetLength)
        {
            var start = new int[targetLength + 1];
            var index = new List<int>(targetLength * 2);
            var weight = new List<float>(targetLength * 2);
            if (targetLength <= sourceLength)
            {
                // Area: output o covers [o·s, (o + 1)·s) in source pixels, s = source / target ≥ 1.
                var scale = (double)sourceLength / targetLength;
                for (var o = 0; o < targetLength; o++)
                {
                    start[o] = index.Count;
                    var from = o * scale;
                    var to = (o + 1) * scale;
                    for (var i = (int)Math.Floor(from); i < Math.Min(sourceLength, (int)Math.Ceiling(to)); i++)
                    {
                        var overlap = Math.Min(to, i + 1) - Math.Max(from, i);
                        if (overlap <= 0)
                            continue;
                        index.Add(i);
                        weight.Add((float)(overlap / scale));
                    }
                }
            }
            else
            {
                // Bilinear: output centre o + 0.5 sits at source coordinate (o + 0.5)·s − 0.5, s < 1.
                var scale = (double)sourceLength / targetLength;
                for (var o = 0; o < targetLength; o++)
                {
                    start[o] = index.Count;
                    var x = Math.Clamp(((o + 0.5) * scale) - 0.5, 0.0, sourceLength - 1);
                    var i0 = Math.Min((int)x, Math.Max(sourceLength - 2, 0));
                    var f = x - i0;
                    index.Add(i0);
                    weight.Add((float)(1.0 - f));
                    if (sourceLength > 1)
                    {
                        index.Add(i0 + 1);
                        weight.Add((float)f);
                    }
                }
            }
            start[targetLength] = index.Count;
            return new AxisWeights(start, [.. index], [.. weight]);
        }

        public void Apply(ReadOnlySpan<float> source, Span<float> target)
        {
            for (var o = 0; o < target.Length; o++)
            {
                var sum = 0f;
                for (var k = Start[o]; k < Start[o + 1]; k++)
                    sum += Weight[k] * source[Index[k]];
                target[o] = sum;
            }
        }
    }
}
