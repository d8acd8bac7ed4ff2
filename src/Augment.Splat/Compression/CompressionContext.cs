namespace Augment.Splat.Compression;

/// <summary>What the steps of one run share: the budget and the token.</summary>
internal sealed class CompressionContext(ComputeBudget budget, CancellationToken cancellationToken)
{
    public ComputeBudget Budget { get; } = budget;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
