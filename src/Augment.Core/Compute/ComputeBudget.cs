namespace Augment;

/// <summary>
/// How much of the machine an operation may use: worker threads and memory. Every parallel
/// operation in the SDK takes a budget (or uses <see cref="Default"/>) and never exceeds it; a
/// buffer that would exceed <see cref="MaxMemoryBytes"/> fails with a
/// <see cref="ResourceLimitException"/> before it is allocated.
/// </summary>
public sealed record ComputeBudget
{
    private readonly int _maxThreads = Environment.ProcessorCount;
    private readonly long _maxMemoryBytes = DefaultMemoryBytes();

    /// <summary>All logical cores and three quarters of the memory available to the process.</summary>
    public static ComputeBudget Default { get; } = new();

    /// <summary>One thread: for deterministic runs and for callers that parallelise themselves.</summary>
    public static ComputeBudget SingleThreaded { get; } = new() { MaxThreads = 1 };

    /// <summary>Most worker threads one operation may occupy (at least 1).</summary>
    public int MaxThreads
    {
        get => _maxThreads;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxThreads = value;
        }
    }

    /// <summary>Most bytes one operation may hold in buffers it allocates (at least 1 MiB).</summary>
    public long MaxMemoryBytes
    {
        get => _maxMemoryBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L << 20);
            _maxMemoryBytes = value;
        }
    }

    /// <summary>Parallel options that honour <see cref="MaxThreads"/> and the cancellation token.</summary>
    public ParallelOptions ToParallelOptions(CancellationToken cancellationToken = default) =>
        new() { MaxDegreeOfParallelism = MaxThreads, CancellationToken = cancellationToken };

    /// <summary>Throws <see cref="ResourceLimitException"/> when <paramref name="bytes"/> exceed the memory budget.</summary>
    /// <param name="bytes">Size of the intended allocation.</param>
    /// <param name="what">What is being allocated, for the message.</param>
    public void EnsureAllocation(long bytes, string what)
    {
        if (bytes < 0 || bytes > MaxMemoryBytes)
            throw new ResourceLimitException(
                $"{what} needs {FormatBytes(bytes)}, more than the compute budget allows ({FormatBytes(MaxMemoryBytes)}).");
    }

    internal static string FormatBytes(long bytes) => bytes switch
    {
        < 0 => "an overflowing size",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} B",
    };

    private static long DefaultMemoryBytes()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Max(1L << 20, available > 0 ? available / 4 * 3 : 1L << 32);
    }
}
