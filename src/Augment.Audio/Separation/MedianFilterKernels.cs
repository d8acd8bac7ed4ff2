namespace Augment.Audio;

/// <summary>
/// Median filters along the rows of a row-major matrix, with scipy.ndimage's <c>reflect</c> boundary
/// (… c b a | a b c …), as harmonic/percussive separation needs (Fitzgerald 2010). The fast kernel slides a sorted
/// window: each step replaces the value that leaves with the one that enters and moves it to its place, so a step
/// costs the distance it moves rather than a sort. <see cref="ScalarRow"/> sorts every window: the test oracle.
/// </summary>
internal static class MedianFilterKernels
{
    /// <summary>Reference: median of each reflected window by sorting a copy.</summary>
    internal static void ScalarRow(ReadOnlySpan<float> row, int kernel, Span<float> output)
    {
        var half = kernel / 2;
        var window = new float[kernel];
        for (var i = 0; i < row.Length; i++)
        {
            for (var k = 0; k < kernel; k++) window[k] = row[Reflect(i - half + k, row.Length)];
            Array.Sort(window);
            output[i] = window[half];
        }
    }

    /// <summary>Sliding-window median of one row; <paramref name="sorted"/> is scratch of at least <paramref name="kernel"/> values.</summary>
    internal static void SlidingRow(ReadOnlySpan<float> row, int kernel, Span<float> output, Span<float> sorted)
    {
        var n = row.Length;
        if (n == 0) return;
        var half = kernel / 2;
        var window = sorted[..kernel];
        for (var k = 0; k < kernel; k++) window[k] = row[Reflect(k - half, n)];
        window.Sort();
        output[0] = window[half];
        for (var i = 1; i < n; i++)
        {
            var leaving = row[Reflect(i - 1 - half, n)];
            var entering = row[Reflect(i + half, n)];
            if (leaving != entering)
            {
                var at = Find(window, leaving);
                // Move the entering value to its sorted place, shifting the values in between by one.
                if (entering > leaving)
                {
                    while (at + 1 < kernel && window[at + 1] < entering) { window[at] = window[at + 1]; at++; }
                }
                else
                {
                    while (at > 0 && window[at - 1] > entering) { window[at] = window[at - 1]; at--; }
                }
                window[at] = entering;
            }
            output[i] = window[half];
        }
    }

    /// <summary>Filters every row of a rows × cols matrix, rows in parallel within the budget.</summary>
    internal static void FilterRows(float[] source, int rows, int cols, int kernel, float[] destination, ComputeBudget budget, CancellationToken cancellationToken)
    {
        if (kernel == 1)
        {
            source.AsSpan(0, rows * cols).CopyTo(destination);
            return;
        }
        // Chunks of rows so each task reuses one scratch window.
        var chunk = Math.Max(1, rows / (budget.MaxThreads * 8));
        var chunks = (rows + chunk - 1) / chunk;
        Parallel.For(0, chunks, budget.ToParallelOptions(cancellationToken), index =>
        {
            Span<float> scratch = kernel <= 1024 ? stackalloc float[kernel] : new float[kernel];
            var end = Math.Min(rows, (index + 1) * chunk);
            for (var r = index * chunk; r < end; r++)
                SlidingRow(source.AsSpan(r * cols, cols), kernel, destination.AsSpan(r * cols, cols), scratch);
        });
    }

    // Binary search for a value known to be in the sorted window.
    private static int Find(Span<float> window, float value)
    {
        int lo = 0, hi = window.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (window[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>scipy.ndimage "reflect" (half-sample symmetric) index into [0, n).</summary>
    internal static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * n;
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - 1 - i;
    }
}
