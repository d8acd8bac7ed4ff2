namespace Augment.Library;

/// <summary>How a <see cref="SqliteAssetIndex"/> opens its database and runs searches.</summary>
public sealed record SqliteIndexOptions
{
    /// <summary>Threads and memory for vector searches (the embeddings of a source are held in memory while searched);
    /// <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>How long an operation waits for another process's lock on the file before it fails (default 30 s).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The defaults.</summary>
    public static SqliteIndexOptions Default { get; } = new();

    /// <summary>Returns a copy with <see cref="Budget"/> set.</summary>
    public SqliteIndexOptions WithBudget(ComputeBudget budget) => this with { Budget = budget };

    /// <summary>Returns a copy with <see cref="BusyTimeout"/> set.</summary>
    public SqliteIndexOptions WithBusyTimeout(TimeSpan timeout) => this with { BusyTimeout = timeout };
}
