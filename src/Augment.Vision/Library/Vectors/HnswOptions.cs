namespace Augment.Vision;

/// <summary>
/// How an <see cref="HnswIndex"/> builds and searches its graph (Malkov &amp; Yashunin, "Efficient and robust
/// approximate nearest neighbor search using Hierarchical Navigable Small World graphs", IEEE TPAMI 2018).
/// Immutable: the fluent <c>With*</c> methods only return a copy with one field set.
/// </summary>
public sealed record HnswOptions
{
    private readonly int _m = 16;
    private readonly int _efConstruction = 200;
    private readonly int _efSearch = 96;
    private readonly VectorMetric _metric = VectorMetric.Cosine;

    /// <summary>Largest supported <see cref="M"/>.</summary>
    public const int MaxM = 256;

    /// <summary>Largest supported <see cref="EfConstruction"/> and <see cref="EfSearch"/>.</summary>
    public const int MaxEf = 65536;

    /// <summary>The defaults: M 16, efConstruction 200, efSearch 96, seed 42, cosine.</summary>
    public static HnswOptions Default { get; } = new();

    /// <summary>
    /// Links per node on the upper layers (2..256); layer 0 keeps up to 2·M (the paper's Mmax0, section 4.1).
    /// More links raise recall and memory (about 8·M bytes per vector on layer 0) and slow insertion.
    /// </summary>
    public int M
    {
        get => _m;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxM);
            _m = value;
        }
    }

    /// <summary>Candidate list size while inserting (1..65536): larger builds a better graph, more slowly.</summary>
    public int EfConstruction
    {
        get => _efConstruction;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxEf);
            _efConstruction = value;
        }
    }

    /// <summary>Default candidate list size while searching (1..65536; raised to k when smaller); a search may pass its own.</summary>
    public int EfSearch
    {
        get => _efSearch;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxEf);
            _efSearch = value;
        }
    }

    /// <summary>Seed of the level draws: the same seed, vectors and insertion order on one thread give the same graph.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How vectors are scored; <see cref="VectorMetric.Cosine"/> normalises on insert.</summary>
    public VectorMetric Metric
    {
        get => _metric;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown vector metric.");
            _metric = value;
        }
    }

    /// <summary>A copy with <see cref="M"/> set.</summary>
    public HnswOptions WithM(int m) => this with { M = m };

    /// <summary>A copy with <see cref="EfConstruction"/> set.</summary>
    public HnswOptions WithEfConstruction(int efConstruction) => this with { EfConstruction = efConstruction };

    /// <summary>A copy with <see cref="EfSearch"/> set.</summary>
    public HnswOptions WithEfSearch(int efSearch) => this with { EfSearch = efSearch };

    /// <summary>A copy with <see cref="Seed"/> set.</summary>
    public HnswOptions WithSeed(int seed) => this with { Seed = seed };

    /// <summary>A copy with <see cref="Metric"/> set.</summary>
    public HnswOptions WithMetric(VectorMetric metric) => this with { Metric = metric };
}
