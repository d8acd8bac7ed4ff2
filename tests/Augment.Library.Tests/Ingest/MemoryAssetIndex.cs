namespace Augment.Library.Tests.Ingest;

/// <summary>
/// A TEST DOUBLE of <see cref="IAssetIndex"/>: dictionaries behind one lock, enough of the contract for the scanner's
/// unit tests (store, find, replace, analyses, failures, removal, listing by folder). The search methods are naive
/// scans. It is not the contract's reference: SqliteAssetIndex is. It also counts writes and can refuse a path, so
/// tests can see what the scanner did.
/// </summary>
internal sealed class MemoryAssetIndex : IAssetIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _nextId = 1;

    public string Location => "memory (test double)";

    public int Saves { get; private set; }

    public int AnalysisSaves { get; private set; }

    public int FailureRecords { get; private set; }

    /// <summary>Paths whose SaveAsync throws AssetIndexException (as a database refusing the write would).</summary>
    public Func<string, bool> RefuseSave { get; set; } = _ => false;

    public AssetRecord? Record(string path)
    {
        lock (_lock)
            return _entries.TryGetValue(path, out var entry) ? entry.Record : null;
    }

    public IReadOnlyDictionary<string, AssetAnalysis> Analyses(string path)
    {
        lock (_lock)
            return _entries.TryGetValue(path, out var entry) ? new Dictionary<string, AssetAnalysis>(entry.Analyses) : new Dictionary<string, AssetAnalysis>();
    }

    public Task<StoredAsset?> FindAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_entries.TryGetValue(path, out var entry) ? Stored(entry) : null);
    }

    public Task<StoredAsset?> GetAsync(long assetId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
                if (entry.Id == assetId)
                    return Task.FromResult<StoredAsset?>(Stored(entry));
            return Task.FromResult<StoredAsset?>(null);
        }
    }

    public Task<long> SaveAsync(AssetRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (RefuseSave(record.Info.Path))
            throw new AssetIndexException($"test double refuses to save '{record.Info.Path}'.");
        lock (_lock)
        {
            var id = _entries.TryGetValue(record.Info.Path, out var old) ? old.Id : _nextId++;
            var entry = new Entry(id, record, null, DateTime.UtcNow);
            foreach (var analysis in record.Analyses)
                entry.Analyses[analysis.Source] = analysis;
            _entries[record.Info.Path] = entry;
            Saves++;
            return Task.FromResult(id);
        }
    }

    public Task SaveAnalysisAsync(long assetId, AssetAnalysis analysis, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Entry? found = null;
            foreach (var entry in _entries.Values)
            {
                if (entry.Id == assetId)
                    found = entry;
            }
            if (found?.Record is null)
                throw new AssetIndexException($"no asset has id {assetId}.");
            foreach (var embedding in analysis.Embeddings)
            {
                if (embedding.ShotIndex < 0 || embedding.ShotIndex >= found.Record.Shots.Count)
                    throw new AssetIndexException($"shot {embedding.ShotIndex} is not one of asset {assetId}'s shots.");
            }
            found.Analyses[analysis.Source] = analysis;
            AnalysisSaves++;
            return Task.CompletedTask;
        }
    }

    public Task RecordFailureAsync(AssetFailure failure, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = _entries.TryGetValue(failure.Path, out var old) ? old.Id : _nextId++;
            _entries[failure.Path] = new Entry(id, null, failure, DateTime.UtcNow);
            FailureRecords++;
            return Task.CompletedTask;
        }
    }

    public Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_entries.Remove(path));
    }

    public Task<IReadOnlyList<StoredAsset>> AssetsAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= AssetFilter.None;
        lock (_lock)
        {
            var list = new List<StoredAsset>();
            foreach (var entry in _entries.Values)
            {
                if (Passes(entry, filter))
                    list.Add(Stored(entry));
            }
            list.Sort(static (a, b) => string.CompareOrdinal(a.Info.Path, b.Info.Path));
            return Task.FromResult<IReadOnlyList<StoredAsset>>(list);
        }
    }

    public Task<IReadOnlyList<StoredShot>> ShotsAsync(long assetId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var list = new List<StoredShot>();
            foreach (var entry in _entries.Values)
            {
                if (entry.Id != assetId || entry.Record is null)
                    continue;
                foreach (var shot in entry.Record.Shots)
                    list.Add(new StoredShot(new ShotKey(assetId, shot.Index), shot.Start, shot.End, shot.Keyframe, shot.Transition, shot.Hashes));
            }
            return Task.FromResult<IReadOnlyList<StoredShot>>(list);
        }
    }

    public Task<byte[]?> ThumbnailAsync(ShotKey shot, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Id == shot.AssetId && entry.Record is { } record && shot.ShotIndex >= 0 && shot.ShotIndex < record.Shots.Count)
                    return Task.FromResult(record.Shots[shot.ShotIndex].Thumbnail);
            }
            return Task.FromResult<byte[]?>(null);
        }
    }

    public Task<IReadOnlyList<ShotHashes>> HashesAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= AssetFilter.None;
        lock (_lock)
        {
            var list = new List<ShotHashes>();
            foreach (var entry in _entries.Values)
            {
                if (entry.Record is null || !Passes(entry, filter))
                    continue;
                foreach (var shot in entry.Record.Shots)
                {
                    if (shot.Hashes is { } hashes)
                        list.Add(new ShotHashes(new ShotKey(entry.Id, shot.Index), hashes));
                }
            }
            list.Sort(static (a, b) => a.Shot.AssetId != b.Shot.AssetId ? a.Shot.AssetId.CompareTo(b.Shot.AssetId) : a.Shot.ShotIndex.CompareTo(b.Shot.ShotIndex));
            return Task.FromResult<IReadOnlyList<ShotHashes>>(list);
        }
    }

    public Task<IReadOnlyList<TextHit>> SearchTextAsync(IReadOnlyList<string> terms, AssetFilter? filter = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        filter ??= AssetFilter.None;
        var wanted = new HashSet<string>(terms, StringComparer.Ordinal);
        lock (_lock)
        {
            var hits = new List<TextHit>();
            foreach (var entry in _entries.Values)
            {
                if (entry.Record is null || !Passes(entry, filter))
                    continue;
                if (IndexText.Terms(entry.Record.Info.Path).Any(wanted.Contains))
                    hits.Add(new TextHit(entry.Id, -1, entry.Record.Info.Path, "path", 1f, TimeSpan.Zero, entry.Record.Info.Duration));
                foreach (var analysis in entry.Analyses.Values)
                {
                    foreach (var tag in analysis.Tags)
                    {
                        if (IndexText.Terms(tag.Name).Any(wanted.Contains))
                            hits.Add(new TextHit(entry.Id, tag.ShotIndex, tag.Name, analysis.Source, tag.Score, tag.Start, tag.End));
                    }
                }
            }
            hits.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.AssetId != b.AssetId ? a.AssetId.CompareTo(b.AssetId)
                : a.ShotIndex != b.ShotIndex ? a.ShotIndex.CompareTo(b.ShotIndex) : string.CompareOrdinal(a.Text, b.Text));
            return Task.FromResult<IReadOnlyList<TextHit>>(hits.Take(limit).ToList());
        }
    }

    public Task<IReadOnlyList<ShotMatch>> SearchVectorsAsync(string source, ReadOnlyMemory<float> query, int k, AssetFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= AssetFilter.None;
        lock (_lock)
        {
            var matches = new List<ShotMatch>();
            foreach (var entry in _entries.Values)
            {
                if (entry.Record is null || !Passes(entry, filter) || !entry.Analyses.TryGetValue(source, out var analysis))
                    continue;
                foreach (var embedding in analysis.Embeddings)
                {
                    if (embedding.Vector.Length != query.Length)
                        throw new AssetIndexException($"query has {query.Length} dimensions, '{source}' embeddings have {embedding.Vector.Length}.");
                    matches.Add(new ShotMatch(new ShotKey(entry.Id, embedding.ShotIndex), Cosine(query.Span, embedding.Vector)));
                }
            }
            matches.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Shot.AssetId != b.Shot.AssetId ? a.Shot.AssetId.CompareTo(b.Shot.AssetId) : a.Shot.ShotIndex.CompareTo(b.Shot.ShotIndex));
            return Task.FromResult<IReadOnlyList<ShotMatch>>(matches.Take(k).ToList());
        }
    }

    public Task<float[]?> EmbeddingAsync(ShotKey shot, string source, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Id != shot.AssetId || !entry.Analyses.TryGetValue(source, out var analysis))
                    continue;
                foreach (var embedding in analysis.Embeddings)
                {
                    if (embedding.ShotIndex == shot.ShotIndex)
                        return Task.FromResult<float[]?>(embedding.Vector);
                }
            }
            return Task.FromResult<float[]?>(null);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static StoredAsset Stored(Entry entry)
    {
        var info = entry.Record?.Info
            ?? new AssetInfo(entry.Failure!.Path, AssetKind.Image, entry.Failure.SizeBytes, entry.Failure.ModifiedUtc, "");
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, analysis) in entry.Analyses)
            versions[source] = analysis.Version;
        return new StoredAsset(entry.Id, info, entry.ScannedUtc, entry.Failure?.Error, versions);
    }

    private static bool Passes(Entry entry, AssetFilter filter)
    {
        if (entry.Record is null && !filter.IncludeFailed)
            return false;
        var info = entry.Record?.Info;
        var path = info?.Path ?? entry.Failure!.Path;
        if (filter.Folder is { } folder)
        {
            var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
                return false;
        }
        if (info is null)
            return true;
        return (filter.Kind is not { } kind || info.Kind == kind)
            && (filter.MinDuration is not { } min || info.Duration >= min)
            && (filter.MaxDuration is not { } max || info.Duration <= max)
            && (filter.MinWidth is not { } w || info.Width >= w)
            && (filter.MinHeight is not { } h || info.Height >= h);
    }

    private static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0f : (float)(dot / Math.Sqrt(na * nb));
    }

    private sealed class Entry(long id, AssetRecord? record, AssetFailure? failure, DateTime scannedUtc)
    {
        public long Id { get; } = id;

        public AssetRecord? Record { get; } = record;

        public AssetFailure? Failure { get; } = failure;

        public DateTime ScannedUtc { get; } = scannedUtc;

        public Dictionary<string, AssetAnalysis> Analyses { get; } = new(StringComparer.Ordinal);
    }
}
