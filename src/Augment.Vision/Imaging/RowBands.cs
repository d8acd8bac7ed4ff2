namespace Augment.Vision;

/// <summary>
/// Splits a frame's rows into bands (about four per allowed thread, for balance) and runs them in
/// parallel within the frame's <see cref="ComputeBudget"/>. For per-pixel work whose result does not
/// depend on how rows are grouped; reductions that must be thread-count independent use fixed
/// pixel bands instead (see <c>PlaneBands</c>).
/// </summary>
internal static class RowBands
{
    /// <summary>Runs <paramref name="body"/>(firstRow, endRow) over every band.</summary>
    public static void Run(ImageFrame frame, Action<int, int> body, CancellationToken cancellationToken)
    {
        var height = frame.Height;
        var bands = Math.Min(height, frame.Budget.MaxThreads * 4);
        var rowsPerBand = (height + bands - 1) / bands;
        bands = (height + rowsPerBand - 1) / rowsPerBand;
        Parallel.For(0, bands, frame.Budget.ToParallelOptions(cancellationToken), band =>
            body(band * rowsPerBand, Math.Min(height, (band + 1) * rowsPerBand)));
    }
}
