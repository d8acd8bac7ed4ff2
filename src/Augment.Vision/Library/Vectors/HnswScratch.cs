namespace Augment.Vision;

/// <summary>
/// One thread's working memory for an <see cref="HnswIndex"/> search or insertion, rented from the index's
/// pool and returned afterwards, so a query allocates nothing but its result array. The visited set is a
/// generation-stamped int array: a node is visited in this pass when its stamp equals the current
/// generation, so starting a new pass is one increment instead of clearing N entries.
/// </summary>
internal sealed class HnswScratch
{
    private int[] _stamps = [];
    private int _generation;

    public HnswScratch(int dimension, int m)
    {
        Query = new float[dimension];
        Neighbours = new int[(2 * m) + 1];
        ShrinkNodes = new int[(2 * m) + 2];
        ShrinkScores = new float[(2 * m) + 2];
        ShrinkKeys = new float[(2 * m) + 2];
        Selected = new int[(2 * m) + 1];
    }

    /// <summary>The prepared (for cosine: normalised) query.</summary>
    public float[] Query { get; }

    /// <summary>Best-first queue of nodes still to expand.</summary>
    public HnswHeap Candidates { get; } = new();

    /// <summary>The ef best nodes found so far, worst on top.</summary>
    public HnswHeap Results { get; } = new();

    /// <summary>A copy of one node's neighbour list (taken under the node's lock while building in parallel).</summary>
    public int[] Neighbours { get; }

    /// <summary>Entry points of the next layer and the insertion's candidate list (nodes, scores, sort keys).</summary>
    public int[] ListNodes { get; private set; } = new int[64];

    public float[] ListScores { get; private set; } = new float[64];

    public float[] ListKeys { get; private set; } = new float[64];

    /// <summary>Work arrays for shrinking one neighbour's list when it overflows.</summary>
    public int[] ShrinkNodes { get; }

    public float[] ShrinkScores { get; }

    public float[] ShrinkKeys { get; }

    /// <summary>Output of the neighbour selection for the node being inserted.</summary>
    public int[] Selected { get; }

    /// <summary>Starts a visit over nodes 0..<paramref name="nodes"/>-1 and returns the stamp array and generation.</summary>
    public int[] BeginVisit(int nodes, out int generation)
    {
        if (_stamps.Length < nodes)
        {
            _stamps = new int[Math.Max(nodes, Math.Min(int.MaxValue / 2, _stamps.Length) * 2)];
            _generation = 0;
        }
        if (_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 0;
        }
        generation = ++_generation;
        return _stamps;
    }

    public void EnsureList(int count)
    {
        if (ListNodes.Length >= count)
            return;
        var size = Math.Max(count, ListNodes.Length * 2);
        ListNodes = new int[size];
        ListScores = new float[size];
        ListKeys = new float[size];
    }
}
