namespace Augment.Core.Tests.Compute;

public class ComputeBudgetTests
{
    [Fact]
    public void Limits_below_one_thread_or_one_MiB_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeBudget { MaxThreads = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeBudget.Default with { MaxThreads = -4 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeBudget { MaxMemoryBytes = (1L << 20) - 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeBudget { MaxMemoryBytes = -1 });

        var smallest = new ComputeBudget { MaxThreads = 1, MaxMemoryBytes = 1L << 20 };
        Assert.Equal(1, smallest.MaxThreads);
        Assert.Equal(1L << 20, smallest.MaxMemoryBytes);
        Assert.Equal(1, ComputeBudget.SingleThreaded.MaxThreads);
        Assert.Equal(Environment.ProcessorCount, ComputeBudget.Default.MaxThreads);
    }

    [Fact]
    public void EnsureAllocation_throws_ResourceLimitException_naming_what_and_how_much()
    {
        var budget = new ComputeBudget { MaxMemoryBytes = 4L << 20 };

        budget.EnsureAllocation(4L << 20, "exactly the budget");
        budget.EnsureAllocation(0, "nothing");
        var tooBig = Assert.Throws<ResourceLimitException>(() => budget.EnsureAllocation(6L << 20, "Tile buffer"));
        var overflow = Assert.Throws<ResourceLimitException>(() => budget.EnsureAllocation(-1, "Frame"));

        Assert.Contains("Tile buffer", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("6 MiB", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("4 MiB", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("overflowing", overflow.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<AugmentException>(tooBig);
    }

    [Fact]
    public void ToParallelOptions_never_runs_more_bodies_at_once_than_MaxThreads()
    {
        var budget = new ComputeBudget { MaxThreads = 2 };
        using var cts = new CancellationTokenSource();
        var options = budget.ToParallelOptions(cts.Token);
        Assert.Equal(2, options.MaxDegreeOfParallelism);
        Assert.Equal(cts.Token, options.CancellationToken);

        var running = 0;
        var peak = 0;
        Parallel.For(0, 64, options, _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            Thread.Sleep(2); // give other workers the chance to overlap
            Interlocked.Decrement(ref running);
        });

        Assert.InRange(peak, 1, 2);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
