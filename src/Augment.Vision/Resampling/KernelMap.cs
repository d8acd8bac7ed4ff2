namespace Augment.Vision;

/// <summary>
/// The precomputed weights of one axis: for each output index, the first source index of a window of
/// <see cref="Taps"/> consecutive source pixels and the normalised weights over it. Output pixel o
/// is centred on source coordinate (o + ½)·s − ½ with s = source / target (pixel centres aligned, as
/// ImageSharp, Pillow and ffmpeg do); when shrinking (s &gt; 1) the kernel is stretched by s so that it
/// low-passes to the new Nyquist frequency. Taps that fall outside the source are folded onto the edge
/// pixel (edge replication), so the weights always sum to 1 and a constant stays constant up to the
/// border. An axis that keeps its length maps each pixel to itself with weight 1.
/// </summary>
internal sealed class KernelMap
{
    private KernelMap(int sourceLength, int targetLength, int taps, int[] start, float[] weights)
    {
        SourceLength = sourceLength;
        TargetLength = targetLength;
        Taps = taps;
        Start = start;
        Weights = weights;
    }

    public int SourceLength { get; }

    public int TargetLength { get; }

    /// <summary>Window length, the same for every output index.</summary>
    public int Taps { get; }

    /// <summary>First source index of each output's window; the window lies inside 0..SourceLength-1.</summary>
    public int[] Start { get; }

    /// <summary><see cref="Taps"/> weights per output index, output after output.</summary>
    public float[] Weights { get; }

    public bool IsIdentity => SourceLength == TargetLength;

    public ReadOnlySpan<float> WeightsOf(int output) => Weights.AsSpan(output * Taps, Taps);

    /// <summary>Bytes a map of these lengths holds (for budget checks before building it).</summary>
    public static long EstimateBytes(ResampleKernel kernel, int sourceLength, int targetLength) =>
        (long)targetLength * (sizeof(int) + (sizeof(float) * (long)Math.Min(sourceLength, MaxTaps(kernel, sourceLength, targetLength))));

    public static KernelMap Create(ResampleKernel kernel, int sourceLength, int targetLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetLength, 1);
        if (sourceLength == targetLength)
        {
            var identityStart = new int[targetLength];
            var ones = new float[targetLength];
            for (var i = 0; i < targetLength; i++)
            {
                identityStart[i] = i;
                ones[i] = 1f;
            }
            return new KernelMap(sourceLength, targetLength, 1, identityStart, ones);
        }

        var scale = (double)sourceLength / targetLength;
        var filterScale = Math.Max(1.0, scale);
        var support = ResampleFilters.Radius(kernel) * filterScale;
        var taps = Math.Min(sourceLength, MaxTaps(kernel, sourceLength, targetLength));
        var start = new int[targetLength];
        var weights = new float[(long)targetLength * taps];
        Span<double> window = taps <= 256 ? stackalloc double[taps] : new double[taps];
        for (var o = 0; o < targetLength; o++)
        {
            var center = ((o + 0.5) * scale) - 0.5;
            var left = (int)Math.Ceiling(center - support);
            var right = (int)Math.Floor(center + support);
            var first = Math.Clamp(left, 0, sourceLength - taps);
            window.Clear();
            var sum = 0.0;
            for (var j = left; j <= right; j++)
            {
                var w = ResampleFilters.Evaluate(kernel, (j - center) / filterScale);
                if (w == 0.0)
                    continue;
                window[Math.Clamp(j, 0, sourceLength - 1) - first] += w;
                sum += w;
            }
            if (sum == 0.0)
            {
                // Cannot happen for these kernels (the centre tap is positive); guard anyway.
                window[Math.Clamp((int)Math.Round(center), 0, sourceLength - 1) - first] = 1.0;
                sum = 1.0;
            }
            start[o] = first;
            var row = weights.AsSpan(o * taps, taps);
            for (var k = 0; k < taps; k++)
                row[k] = (float)(window[k] / sum);
        }
        return new KernelMap(sourceLength, targetLength, taps, start, weights);
    }

    // Integers j with |j − centre| ≤ support: at most floor(2·support) + 1.
    private static int MaxTaps(ResampleKernel kernel, int sourceLength, int targetLength)
    {
        var support = ResampleFilters.Radius(kernel) * Math.Max(1.0, (double)sourceLength / targetLength);
        return (int)Math.Min(int.MaxValue / 2, Math.Floor(2.0 * support) + 1.0);
    }
}
