namespace Augment.Library;

/// <summary>How a <see cref="SqliteAssetIndex"/> opens its database and runs searches.</summary>
public sealed record SqliteIndexOptions
{
    private readonly int _approximateSearchFrom = 200_000;
    private readonly int _approximateSearchEf = 128;

    /// <summary>Threads and memory for vector searches (the embeddings of a source are held in memory while searched);
    /// <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>How long an operation waits for another process's lock on the file before it fails (default 30 s).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A source with at least this many stored embeddings is searched approximately, with an HNSW graph persisted
    /// beside the database as <c>&lt;database file&gt;.&lt;source&gt;.aughnsw</c> (default 200 000; see
    /// docs/library-index.md). 0 (or 1) searches every source approximately; <see cref="int.MaxValue"/> keeps every
    /// search exact and writes no file.
    /// </summary>
    public int ApproximateSearchFrom
    {
        get => _approximateSearchFrom;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _approximateSearchFrom = value;
        }
    }

    /// <summary>Candidate list size of an approximate search (1..65536, default 128; raised to k): larger finds more of
    /// the true nearest shots, more slowly.</summary>
    public int ApproximateSearchEf
    {
        get => _approximateSearchEf;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Vision.HnswOptions.MaxEf);
            _approximateSearchEf = value;
        }
    }

    /// <summary>The defaults.</summary>
    public static SqliteIndexOptions Default { get; } = new();

    /// <summary>Returns a copy with <see cref="Budget"/> set.</summary>
    public SqliteIndexOptions WithBudget(ComputeBudget budget) => this with { Budget = budget };

    /// <summary>Returns a copy with <see cref="BusyTimeout"/> set.</summary>
    public SqliteIndexOptions WithBusyTimeout(TimeSpan timeout) => this with { BusyTimeout = timeout };

    /// <summary>Returns a copy with <see cref="ApproximateSearchFrom"/> set.</summary>
    public SqliteIndexOptions WithApproximateSearchFrom(int embeddings) => this with { ApproximateSearchFrom = embeddings };

    /// <summary>Returns a copy with <see cref="ApproximateSearchEf"/> set.</summary>
    public SqliteIndexOptions WithApproximateSearchEf(int ef) => this with { ApproximateSearchEf = ef };
}
