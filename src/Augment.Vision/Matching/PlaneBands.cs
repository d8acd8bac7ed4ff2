namespace Augment.Vision;

/// <summary>
/// Splits planes into fixed pixel ranges for parallel work. The split depends only on the pixel
/// count, never on the thread count, so per-band partial sums combined in band order give the same
/// double-precision result on one thread or many.
/// </summary>
internal static class PlaneBands
{
    public const int PixelsPerBand = 1 << 15;

    public static int Count(int pixels) => Math.Max(1, (pixels + PixelsPerBand - 1) / PixelsPerBand);

    public static (int Start, int Length) Range(int band, int pixels)
    {
        var start = band * PixelsPerBand;
        return (start, Math.Min(PixelsPerBand, pixels - start));
    }

    /// <summary>Runs <paramref name="body"/> for every band within <paramref name="budget"/>.</summary>
    public static void Run(int pixels, ComputeBudget budget, Action<int, int, int> body, CancellationToken cancellationToken)
    {
        var bands = Count(pixels);
        if (bands == 1 || budget.MaxThreads == 1)
        {
            for (var band = 0; band < bands; band++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (start, length) = Range(band, pixels);
                body(band, start, length);
            }
            return;
        }
        Parallel.For(0, bands, budget.ToParallelOptions(cancellationToken), band =>
        {
            var (start, length) = Range(band, pixels);
            body(band, start, length);
        });
    }
}
