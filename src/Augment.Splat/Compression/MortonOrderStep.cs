namespace Augment.Splat.Compression;

/// <summary>Reorders the splats along the Morton curve of their centres (<see cref="SplatOrdering.SortMorton"/>), so neighbours in space are neighbours in the file.</summary>
public sealed record MortonOrderStep : CompressionStep
{
    /// <inheritdoc/>
    public override string Name => "Morton order";

    internal override void Validate()
    {
    }

    internal override GaussianCloud Apply(GaussianCloud cloud, CompressionContext context, out string detail)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        detail = "30-bit codes";
        return cloud.SortMorton();
    }
}
