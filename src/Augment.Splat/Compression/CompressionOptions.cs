namespace Augment.Splat.Compression;

/// <summary>A compression run as plain data: the steps, in order, and the compute budget. <see cref="CompressionBuilder"/> builds one fluently.</summary>
public sealed record CompressionOptions
{
    /// <summary>The steps, run in this order, each on the output of the one before.</summary>
    public IReadOnlyList<CompressionStep> Steps { get; init; } = [];

    /// <summary>Threads and memory the run may use; <see cref="ComputeBudget.Default"/> unless set.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
