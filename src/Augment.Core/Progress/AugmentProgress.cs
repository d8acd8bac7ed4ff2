namespace Augment;

/// <summary>
/// One progress report from long-running work: which stage, how far through it, and how many items
/// (tiles, frames, files, chunks) are done out of how many. Reported through
/// <see cref="IProgress{T}"/>; every long operation in the SDK accepts one.
/// </summary>
/// <param name="Stage">Short name of the current stage, such as "inference" or "decode".</param>
/// <param name="Fraction">Completed fraction of the stage, from 0 to 1.</param>
/// <param name="ItemsDone">Items finished so far in this stage.</param>
/// <param name="ItemsTotal">Items in this stage, or 0 when unknown.</param>
public readonly record struct AugmentProgress(string Stage, double Fraction, long ItemsDone = 0, long ItemsTotal = 0)
{
    /// <summary>A report for <paramref name="done"/> of <paramref name="total"/> items.</summary>
    public static AugmentProgress Items(string stage, long done, long total) =>
        new(stage, total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0, done, total);

    /// <inheritdoc />
    public override string ToString() =>
        ItemsTotal > 0 ? $"{Stage}: {ItemsDone}/{ItemsTotal} ({Fraction:P0})" : $"{Stage}: {Fraction:P0}";
}
