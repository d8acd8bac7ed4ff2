namespace Augment.Vision;

/// <summary>
/// The HNSW algorithms of Malkov &amp; Yashunin (IEEE TPAMI 2018) over an <see cref="HnswIndex"/>'s flat
/// stores: INSERT (Algorithm 1), SEARCH-LAYER (Algorithm 2), the neighbour-selection heuristic
/// (Algorithm 4, without the optional extendCandidates/keepPrunedConnections) and K-NN-SEARCH
/// (Algorithm 5). Scores are similarities (higher is nearer), so "distance less than" in the paper
/// reads "score greater than" here. When <c>concurrent</c> is set, every neighbour list is read and
/// written under its node's lock (never two locks at once), which is what lets AddRange link in parallel.
/// </summary>
internal static class HnswGraphKernel
{
    /// <summary>Algorithm 5: greedy descent through the upper layers, then an ef-wide search of layer 0.</summary>
    public static VectorMatch[] Search(HnswIndex index, HnswScratch scratch, int k, int ef, Func<long, bool>? filter)
    {
        var query = scratch.Query.AsSpan();
        var entry = index.EntryPoint;
        var entryScore = VectorKernel.Dot(query, index.VectorOf(entry));
        entry = GreedyDescend(index, query, entry, ref entryScore, index.TopLevel, 0, scratch, concurrent: false);
        scratch.ListNodes[0] = entry;
        scratch.ListScores[0] = entryScore;
        SearchLayer(index, query, scratch, 1, ef, 0, skipRemoved: true, filter, concurrent: false);

        // Pop worst-first into the list's tail so it reads best-first, then settle equal scores by id.
        var results = scratch.Results;
        var count = results.Count;
        scratch.EnsureList(count);
        var nodes = scratch.ListNodes;
        var scores = scratch.ListScores;
        for (var i = count - 1; i >= 0; i--)
        {
            nodes[i] = results.Pop(out var key);
            scores[i] = -key;
        }
        var kept = Math.Min(k, count);
        var matches = new VectorMatch[kept];
        for (var i = 0; i < count; i++)
        {
            // Insertion into the first `kept` slots, ordered by (score desc, id asc); the input is already
            // score-sorted, so this only reorders runs of equal scores.
            var match = new VectorMatch(index.IdAt(nodes[i]), scores[i]);
            var j = Math.Min(i, kept);
            while (j > 0 && Better(match, matches[j - 1]))
            {
                if (j < kept)
                    matches[j] = matches[j - 1];
                j--;
            }
            if (j < kept)
                matches[j] = match;
        }
        return matches;
    }

    /// <summary>Algorithm 1: links <paramref name="node"/> (already stored with its level) into every layer up to its level.</summary>
    public static void Insert(HnswIndex index, int node, HnswScratch scratch, bool concurrent)
    {
        var m = index.Options.M;
        var level = index.LevelOf(node);
        var query = index.VectorOf(node);
        int entry;
        int top;
        var holdsGate = false;
        if (concurrent)
        {
            // A node that raises the top layer keeps the gate for its whole insertion (as hnswlib does), so two
            // such nodes never both build layers the other cannot see.
            Monitor.Enter(index.EntryGate);
            holdsGate = true;
            entry = index.EntryPoint;
            top = index.TopLevel;
            if (level <= top)
            {
                Monitor.Exit(index.EntryGate);
                holdsGate = false;
            }
        }
        else
        {
            entry = index.EntryPoint;
            top = index.TopLevel;
        }
        try
        {
            var entryScore = VectorKernel.Dot(query, index.VectorOf(entry));
            entry = GreedyDescend(index, query, entry, ref entryScore, top, level, scratch, concurrent);
            scratch.ListNodes[0] = entry;
            scratch.ListScores[0] = entryScore;
            var entries = 1;
            for (var layer = Math.Min(level, top); layer >= 0; layer--)
            {
                SearchLayer(index, query, scratch, entries, index.Options.EfConstruction, layer, skipRemoved: false, filter: null, concurrent);
                entries = DrainBestFirst(scratch);
                var selected = SelectNeighbours(index, scratch.ListNodes, scratch.ListScores, scratch.ListKeys, entries, m, scratch.Selected, sortFirst: false);
                if (concurrent)
                {
                    lock (index.LockOf(node))
                        WriteLinks(index.Links(node, layer), scratch.Selected, selected);
                }
                else
                {
                    WriteLinks(index.Links(node, layer), scratch.Selected, selected);
                }
                var capacity = layer == 0 ? 2 * m : m;
                for (var i = 0; i < selected; i++)
                {
                    var neighbour = scratch.Selected[i];
                    if (concurrent)
                    {
                        lock (index.LockOf(neighbour))
                            Connect(index, neighbour, node, layer, capacity, scratch);
                    }
                    else
                    {
                        Connect(index, neighbour, node, layer, capacity, scratch);
                    }
                }
                // The whole candidate list W seeds the next layer down (Algorithm 1, line 14: ep <- W).
            }
            if (level > top)
            {
                index.EntryPoint = node;
                index.TopLevel = level;
            }
        }
        finally
        {
            if (holdsGate)
                Monitor.Exit(index.EntryGate);
        }
    }

    /// <summary>
    /// Gives every node that the bottom layer cannot reach from the entry point an incoming link. A parallel build
    /// prunes neighbour lists while other nodes are still linking, so now and then a node ends up with no node
    /// pointing at it (hnswlib has the same gap): no search can then return it, not even one whose ef covers the
    /// whole index. For each such node, the nearest reachable node with room takes a link to it; when every candidate
    /// list is full, the candidate's farthest link whose target has another incoming link makes way. Single-threaded;
    /// the walk is O(nodes × 2M) and runs once per batch.
    /// </summary>
    /// <returns>How many nodes were given a link.</returns>
    public static int RepairReachability(HnswIndex index, HnswScratch scratch)
    {
        var count = index.NodeCount;
        if (count < 2 || index.EntryPoint < 0)
            return 0;
        var reached = new bool[count];
        var queue = new int[count];
        if (Reach(index, index.EntryPoint, reached, queue) == count)
            return 0;
        var inDegree = new int[count];
        for (var node = 0; node < count; node++)
        {
            var links = index.Links(node, 0);
            for (var i = 1; i <= links[0]; i++)
                inDegree[links[i]]++;
        }
        var capacity = 2 * index.Options.M;
        var repaired = 0;
        for (var orphan = 0; orphan < count; orphan++)
        {
            if (reached[orphan])
                continue;
            var query = index.VectorOf(orphan);
            var entry = index.EntryPoint;
            var entryScore = VectorKernel.Dot(query, index.VectorOf(entry));
            entry = GreedyDescend(index, query, entry, ref entryScore, index.TopLevel, 0, scratch, concurrent: false);
            scratch.ListNodes[0] = entry;
            scratch.ListScores[0] = entryScore;
            SearchLayer(index, query, scratch, 1, index.Options.EfConstruction, 0, skipRemoved: false, filter: null, concurrent: false);
            var found = DrainBestFirst(scratch);
            for (var c = 0; c < found; c++)
            {
                var host = scratch.ListNodes[c];
                if (host == orphan || !reached[host])
                    continue;
                var links = index.Links(host, 0);
                int slot;
                if (links[0] < capacity)
                {
                    slot = links[0] + 1;
                    links[0] = slot;
                }
                else
                {
                    slot = FarthestSpareLink(index, host, links, inDegree);
                    if (slot < 0)
                        continue;
                    inDegree[links[slot]]--;
                }
                links[slot] = orphan;
                inDegree[orphan]++;
                repaired++;
                Reach(index, orphan, reached, queue);
                break;
            }
        }
        return repaired;
    }

    /// <summary>Marks what the bottom layer reaches from <paramref name="start"/> (breadth first, skipping nodes already marked); returns how many it newly marked.</summary>
    private static int Reach(HnswIndex index, int start, bool[] reached, int[] queue)
    {
        if (reached[start])
            return 0;
        reached[start] = true;
        var head = 0;
        var tail = 0;
        queue[tail++] = start;
        while (head < tail)
        {
            var links = index.Links(queue[head++], 0);
            for (var i = 1; i <= links[0]; i++)
            {
                var next = links[i];
                if (!reached[next])
                {
                    reached[next] = true;
                    queue[tail++] = next;
                }
            }
        }
        return tail;
    }

    /// <summary>The slot (1-based) of the least similar link of <paramref name="host"/> whose target keeps another incoming link, or -1.</summary>
    private static int FarthestSpareLink(HnswIndex index, int host, Span<int> links, int[] inDegree)
    {
        var hostVector = index.VectorOf(host);
        var slot = -1;
        var worst = float.PositiveInfinity;
        for (var i = 1; i <= links[0]; i++)
        {
            if (inDegree[links[i]] < 2)
                continue;
            var score = VectorKernel.Dot(hostVector, index.VectorOf(links[i]));
            if (score < worst)
            {
                worst = score;
                slot = i;
            }
        }
        return slot;
    }

    /// <summary>Greedy walk (ef = 1) from <paramref name="fromLevel"/> down to, not including, <paramref name="toLevel"/>.</summary>
    private static int GreedyDescend(HnswIndex index, ReadOnlySpan<float> query, int entry, ref float entryScore, int fromLevel, int toLevel, HnswScratch scratch, bool concurrent)
    {
        for (var layer = fromLevel; layer > toLevel; layer--)
        {
            var moved = true;
            while (moved)
            {
                moved = false;
                var count = CopyLinks(index, entry, layer, scratch.Neighbours, concurrent);
                for (var i = 0; i < count; i++)
                {
                    var candidate = scratch.Neighbours[i];
                    var score = VectorKernel.Dot(query, index.VectorOf(candidate));
                    if (score > entryScore)
                    {
                        entryScore = score;
                        entry = candidate;
                        moved = true;
                    }
                }
            }
        }
        return entry;
    }

    /// <summary>
    /// Algorithm 2: best-first expansion from the entry points in the scratch list, keeping the ef best
    /// accepted nodes in <see cref="HnswScratch.Results"/>. Removed or filtered-out nodes are still
    /// expanded (they keep the graph connected) but never enter the results.
    /// </summary>
    private static void SearchLayer(HnswIndex index, ReadOnlySpan<float> query, HnswScratch scratch, int entries, int ef, int layer, bool skipRemoved, Func<long, bool>? filter, bool concurrent)
    {
        var stamps = scratch.BeginVisit(index.Capacity, out var generation);
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        candidates.Clear();
        results.Clear();
        for (var i = 0; i < entries; i++)
        {
            var node = scratch.ListNodes[i];
            var score = scratch.ListScores[i];
            stamps[node] = generation;
            candidates.Push(score, node);
            if (Accepts(index, node, skipRemoved, filter))
                Keep(results, score, node, ef);
        }
        var neighbours = scratch.Neighbours;
        while (candidates.Count > 0)
        {
            var node = candidates.Pop(out var score);
            if (results.Count >= ef && score < -results.TopKey)
                break;
            var count = CopyLinks(index, node, layer, neighbours, concurrent);
            for (var i = 0; i < count; i++)
            {
                var next = neighbours[i];
                if (stamps[next] == generation)
                    continue;
                stamps[next] = generation;
                var nextScore = VectorKernel.Dot(query, index.VectorOf(next));
                if (results.Count < ef || nextScore > -results.TopKey)
                {
                    candidates.Push(nextScore, next);
                    if (Accepts(index, next, skipRemoved, filter))
                        Keep(results, nextScore, next, ef);
                }
            }
        }
    }

    private static bool Accepts(HnswIndex index, int node, bool skipRemoved, Func<long, bool>? filter) =>
        !(skipRemoved && index.IsRemoved(node)) && (filter is null || filter(index.IdAt(node)));

    private static void Keep(HnswHeap results, float score, int node, int ef)
    {
        results.Push(-score, node);
        if (results.Count > ef)
            results.Pop(out _);
    }

    /// <summary>Moves the result heap into the scratch list best-first and returns its length.</summary>
    private static int DrainBestFirst(HnswScratch scratch)
    {
        var results = scratch.Results;
        var count = results.Count;
        scratch.EnsureList(count);
        for (var i = count - 1; i >= 0; i--)
        {
            scratch.ListNodes[i] = results.Pop(out var key);
            scratch.ListScores[i] = -key;
        }
        return count;
    }

    /// <summary>
    /// Algorithm 4 (the heuristic): walking candidates from nearest to farthest, keep one only when it is
    /// nearer to the base element than to every neighbour kept so far, which spreads links over directions
    /// and keeps clusters connected. Fewer than <paramref name="m"/> candidates are all kept (as hnswlib does).
    /// </summary>
    /// <returns>How many node numbers were written to <paramref name="selected"/>.</returns>
    internal static int SelectNeighbours(HnswIndex index, int[] nodes, float[] scores, float[] keys, int count, int m, int[] selected, bool sortFirst)
    {
        if (sortFirst)
        {
            for (var i = 0; i < count; i++)
                keys[i] = -scores[i];
            Array.Sort(keys, nodes, 0, count);
            for (var i = 0; i < count; i++)
                scores[i] = -keys[i];
        }
        if (count <= m)
        {
            Array.Copy(nodes, selected, count);
            return count;
        }
        var kept = 0;
        for (var i = 0; i < count && kept < m; i++)
        {
            var candidate = index.VectorOf(nodes[i]);
            var good = true;
            for (var j = 0; j < kept; j++)
            {
                if (VectorKernel.Dot(candidate, index.VectorOf(selected[j])) > scores[i])
                {
                    good = false;
                    break;
                }
            }
            if (good)
                selected[kept++] = nodes[i];
        }
        return kept;
    }

    /// <summary>Adds <paramref name="node"/> to <paramref name="neighbour"/>'s list, shrinking it with the heuristic when full (caller holds the lock).</summary>
    private static void Connect(HnswIndex index, int neighbour, int node, int layer, int capacity, HnswScratch scratch)
    {
        var links = index.Links(neighbour, layer);
        var count = links[0];
        for (var i = 1; i <= count; i++)
        {
            if (links[i] == node)
                return;
        }
        if (count < capacity)
        {
            links[count + 1] = node;
            links[0] = count + 1;
            return;
        }
        var baseVector = index.VectorOf(neighbour);
        var nodes = scratch.ShrinkNodes;
        var scores = scratch.ShrinkScores;
        for (var i = 0; i < count; i++)
        {
            nodes[i] = links[i + 1];
            scores[i] = VectorKernel.Dot(baseVector, index.VectorOf(nodes[i]));
        }
        nodes[count] = node;
        scores[count] = VectorKernel.Dot(baseVector, index.VectorOf(node));
        var kept = SelectNeighbours(index, nodes, scores, scratch.ShrinkKeys, count + 1, capacity, scratch.Neighbours, sortFirst: true);
        WriteLinks(links, scratch.Neighbours, kept);
    }

    private static void WriteLinks(Span<int> links, int[] nodes, int count)
    {
        nodes.AsSpan(0, count).CopyTo(links[1..]);
        links[0] = count;
    }

    private static int CopyLinks(HnswIndex index, int node, int layer, int[] destination, bool concurrent)
    {
        if (!concurrent)
            return CopyLinksUnlocked(index, node, layer, destination);
        lock (index.LockOf(node))
            return CopyLinksUnlocked(index, node, layer, destination);
    }

    private static int CopyLinksUnlocked(HnswIndex index, int node, int layer, int[] destination)
    {
        var links = index.Links(node, layer);
        var count = links[0];
        links.Slice(1, count).CopyTo(destination);
        return count;
    }

    private static bool Better(VectorMatch a, VectorMatch b) => a.Score > b.Score || (a.Score == b.Score && a.Id < b.Id);
}
