namespace Augment.Splat.Cleaning;

/// <summary>Removes splats with a NaN or infinite value in any attribute: position, scales, rotation, opacity, every SH coefficient and every extra property.</summary>
public sealed record RemoveNonFiniteStep : CleaningStep
{
    /// <inheritdoc/>
    public override string Name => "non-finite";

    internal override void Validate()
    {
    }

    internal override int Apply(CleaningPass pass)
    {
        var planes = pass.Cloud.Planes;
        var alive = pass.Alive;
        var count = alive.Length;
        var chunks = (count + CleaningPass.Chunk - 1) / CleaningPass.Chunk;
        var removed = 0;
        Parallel.For(0, chunks, pass.Budget.ToParallelOptions(pass.CancellationToken), () => 0, (chunk, _, local) =>
        {
            var end = Math.Min(count, (chunk + 1) * CleaningPass.Chunk);
            return local + NonFiniteKernel.MarkSimd(planes, alive, chunk * CleaningPass.Chunk, end);
        }, local => Interlocked.Add(ref removed, local));
        pass.Removed(removed);
        return removed;
    }
}
