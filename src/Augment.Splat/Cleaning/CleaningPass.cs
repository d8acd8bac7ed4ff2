namespace Augment.Splat.Cleaning;

/// <summary>
/// The state of one cleaning run: the source cloud (never modified), which splats are still alive, and the run's
/// budget and cancellation. Steps only clear alive flags; the survivors are copied out once at the end.
/// </summary>
internal sealed class CleaningPass
{
    internal const int Chunk = 16384;

    public CleaningPass(GaussianCloud cloud, ComputeBudget budget, CancellationToken cancellationToken)
    {
        Cloud = cloud;
        Budget = budget;
        CancellationToken = cancellationToken;
        budget.EnsureAllocation(cloud.Count, $"the survivor mask of {cloud.Count:N0} splats");
        Alive = new bool[cloud.Count];
        Alive.AsSpan().Fill(true);
        Remaining = cloud.Count;
    }

    public GaussianCloud Cloud { get; }

    public bool[] Alive { get; }

    public int Remaining { get; private set; }

    public ComputeBudget Budget { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Clears the alive flag of every alive splat the predicate rejects; returns how many it removed. Parallel over chunks.</summary>
    public int RemoveWhere<T>(T predicate)
        where T : struct, ISplatPredicate
    {
        var alive = Alive;
        var count = alive.Length;
        var chunks = (count + Chunk - 1) / Chunk;
        var removed = 0;
        Parallel.For(0, chunks, Budget.ToParallelOptions(CancellationToken), () => 0, (chunk, _, local) =>
        {
            var test = predicate;
            var end = Math.Min(count, (chunk + 1) * Chunk);
            for (var i = chunk * Chunk; i < end; i++)
            {
                if (alive[i] && test.Remove(i))
                {
                    alive[i] = false;
                    local++;
                }
            }
            return local;
        }, local => Interlocked.Add(ref removed, local));
        Remaining -= removed;
        return removed;
    }

    /// <summary>Clears the alive flag of the given splats (indices into the cloud, each alive); returns how many.</summary>
    public int Remove(ReadOnlySpan<int> indices)
    {
        foreach (var i in indices)
            Alive[i] = false;
        Remaining -= indices.Length;
        return indices.Length;
    }

    /// <summary>Records that <paramref name="removed"/> flags were cleared directly in <see cref="Alive"/>.</summary>
    public void Removed(int removed) => Remaining -= removed;

    /// <summary>The indices of the alive splats, ascending.</summary>
    public int[] AliveIndices()
    {
        Budget.EnsureAllocation((long)Remaining * sizeof(int), $"the index list of {Remaining:N0} splats");
        var indices = new int[Remaining];
        var n = 0;
        for (var i = 0; i < Alive.Length; i++)
        {
            if (Alive[i])
                indices[n++] = i;
        }
        return indices;
    }
}
