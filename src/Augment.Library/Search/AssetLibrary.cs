using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Searches an <see cref="IAssetIndex"/>: words against tags and paths, combined with embedding similarity when a
/// text embedder is given; query by example; near-duplicate groups. Results are time-coded shot ranges.
/// </summary>
/// <example>
/// <code>
/// await using var index = SqliteAssetIndex.Open("lib.db");
/// var library = new AssetLibrary(index);
/// foreach (var hit in await library.SearchAsync("red car at sunset"))
///     Console.WriteLine($"{hit.Asset.Info.Path} {hit.Start}-{hit.End} {hit.Score:F2}");
/// </code>
/// </example>
public sealed class AssetLibrary
{
    // Words that carry no meaning in a query; "red car at sunset" searches red, car, sunset.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
    };

    private const int TextRowsPerQuery = 10_000;

    /// <summary>Creates a search over <paramref name="index"/>.</summary>
    /// <param name="index">The catalogue.</param>
    /// <param name="textEmbedder">Embeds text queries for similarity ranking (the text side of a CLIP-style model); null for tags only.</param>
    /// <param name="imageEmbedder">Embeds example pictures; null to compare examples by perceptual hash.</param>
    public AssetLibrary(IAssetIndex index, ITextEmbedder? textEmbedder = null, IImageEmbedder? imageEmbedder = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        Index = index;
        TextEmbedder = textEmbedder;
        ImageEmbedder = imageEmbedder;
    }

    /// <summary>The catalogue searched.</summary>
    public IAssetIndex Index { get; }

    /// <summary>The text embedder, when one was given.</summary>
    public ITextEmbedder? TextEmbedder { get; }

    /// <summary>The image embedder, when one was given.</summary>
    public IImageEmbedder? ImageEmbedder { get; }

    /// <summary>The words of a query that are searched: <see cref="IndexText.Terms"/> without repeats and stop words.</summary>
    public static IReadOnlyList<string> QueryTerms(string query)
    {
        var terms = new List<string>();
        foreach (var term in IndexText.Terms(query))
            if (!StopWords.Contains(term) && !terms.Contains(term))
                terms.Add(term);
        return terms;
    }

    /// <summary>
    /// Finds the shots that best match <paramref name="query"/>. The tag score of a shot is the mean, over the query's
    /// words, of the best score of a tag on the shot containing that word (a word found only in the asset's path
    /// counts <see cref="SearchOptions.PathWeight"/>); with a text embedder it is blended with the cosine similarity of
    /// the shot's embedding to the query's. Ordered by score, then asset id and shot index.
    /// </summary>
    /// <exception cref="ArgumentException">The query has no searchable word and there is no text embedder.</exception>
    public async Task<IReadOnlyList<LibraryHit>> SearchAsync(string query, SearchOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options = Validate(options);
        var terms = QueryTerms(query);
        if (terms.Count == 0 && TextEmbedder is null)
            throw new ArgumentException($"The query \"{query}\" has no searchable word (letters or digits other than stop words).", nameof(query));

        var cache = new ShotCache(Index);
        var candidates = new Dictionary<ShotKey, Candidate>();
        if (terms.Count > 0)
            await ScoreTagsAsync(terms, options, cache, candidates, cancellationToken).ConfigureAwait(false);

        var useVectors = TextEmbedder is not null;
        if (useVectors)
        {
            var vector = TextEmbedder!.EmbedText(query);
            var k = Math.Max(options.Limit * 5, 100);
            var matches = await Index.SearchVectorsAsync(TextEmbedder.Source, vector, k, options.Filter, cancellationToken).ConfigureAwait(false);
            foreach (var match in matches)
                Get(candidates, match.Shot).Similarity = match.Score;
        }

        var hits = new List<LibraryHit>(candidates.Count);
        foreach (var (key, candidate) in candidates)
        {
            var tagScore = terms.Count == 0 ? 0f : candidate.TermSum / terms.Count;
            var score = useVectors && terms.Count > 0
                ? options.TagWeight * tagScore + (1 - options.TagWeight) * candidate.Similarity
                : useVectors ? candidate.Similarity : tagScore;
            if (score < options.MinScore || score <= 0 && candidate.Tags.Count == 0 && candidate.Similarity == 0)
                continue;
            var hit = await ToHitAsync(cache, key, score, candidate, cancellationToken).ConfigureAwait(false);
            if (hit is not null)
                hits.Add(hit with { TagScore = tagScore, Similarity = candidate.Similarity });
        }
        return Rank(hits, options.Limit);
    }

    /// <summary>
    /// Finds the shots that look most like <paramref name="example"/>: by embedding similarity when the library has
    /// an image embedder, else by perceptual-hash similarity (1 - combined pHash + dHash distance / 128).
    /// </summary>
    public async Task<IReadOnlyList<LibraryHit>> SearchSimilarAsync(ImageFrame example, SearchOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(example);
        options = Validate(options);
        if (ImageEmbedder is not null)
            return await SearchVectorAsync(ImageEmbedder.Source, ImageEmbedder.EmbedImage(example), null, options, cancellationToken).ConfigureAwait(false);
        return await SearchHashAsync(ImageHashes.Compute(example, cancellationToken), null, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds the shots most like an indexed shot (the shot itself left out): by its stored embedding from
    /// <paramref name="source"/> when given, else by its keyframe's perceptual hashes.
    /// </summary>
    /// <exception cref="ArgumentException">The shot has no embedding from <paramref name="source"/>, or no hashes.</exception>
    public async Task<IReadOnlyList<LibraryHit>> SearchSimilarAsync(ShotKey shot, string? source = null, SearchOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options = Validate(options);
        if (source is not null)
        {
            var vector = await Index.EmbeddingAsync(shot, source, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException($"Shot {shot.ShotIndex} of asset {shot.AssetId} has no embedding from \"{source}\".", nameof(shot));
            return await SearchVectorAsync(source, vector, shot, options, cancellationToken).ConfigureAwait(false);
        }
        var shots = await Index.ShotsAsync(shot.AssetId, cancellationToken).ConfigureAwait(false);
        var stored = shots.FirstOrDefault(s => s.Key == shot);
        if (stored?.Hashes is not { } hashes)
            throw new ArgumentException($"Shot {shot.ShotIndex} of asset {shot.AssetId} is not in the index or has no hashes.", nameof(shot));
        return await SearchHashAsync(hashes, shot, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Groups near-duplicate shots across the library: pairs whose keyframes' pHash + dHash distance is at most
    /// <paramref name="maxDistanceBits"/>, joined into groups through chains (see <see cref="NearDuplicates"/>).
    /// </summary>
    /// <param name="maxDistanceBits">0..128; <see cref="NearDuplicates.RecommendedCombinedThresholdBits"/> by default.</param>
    /// <param name="filter">Which assets take part.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public async Task<IReadOnlyList<DuplicateGroup>> FindDuplicatesAsync(int maxDistanceBits = NearDuplicates.RecommendedCombinedThresholdBits,
        AssetFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistanceBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistanceBits, 128);
        var stored = await Index.HashesAsync(filter, cancellationToken).ConfigureAwait(false);
        var hashes = new ImageHashes[stored.Count];
        for (var i = 0; i < hashes.Length; i++)
            hashes[i] = stored[i].Hashes;
        var groups = NearDuplicates.Group(hashes, maxDistanceBits, cancellationToken: cancellationToken);
        var cache = new ShotCache(Index);
        var result = new List<DuplicateGroup>(groups.Count);
        foreach (var group in groups)
        {
            var members = new List<LibraryHit>(group.Length);
            var first = hashes[group[0]];
            foreach (var i in group)
            {
                var similarity = 1f - first.DistanceTo(hashes[i]) / 128f;
                var hit = await ToHitAsync(cache, stored[i].Shot, similarity, null, cancellationToken).ConfigureAwait(false);
                if (hit is not null)
                    members.Add(hit with { Similarity = similarity });
            }
            if (members.Count >= 2)
                result.Add(new DuplicateGroup(members));
        }
        return result;
    }

    /// <summary>The JPEG thumbnail of a hit's shot, or null when none was stored.</summary>
    public Task<byte[]?> ThumbnailAsync(LibraryHit hit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return Index.ThumbnailAsync(hit.Shot.Key, cancellationToken);
    }

    private async Task ScoreTagsAsync(IReadOnlyList<string> terms, SearchOptions options, ShotCache cache,
        Dictionary<ShotKey, Candidate> candidates, CancellationToken cancellationToken)
    {
        var rows = await Index.SearchTextAsync(terms, options.Filter, TextRowsPerQuery, cancellationToken).ConfigureAwait(false);
        // Best match per (shot, query word): a tag scores its confidence, a path the path weight.
        var best = new Dictionary<(ShotKey, int), float>();
        foreach (var row in rows)
        {
            var words = IndexText.Terms(row.Text);
            if (row.ShotIndex >= 0)
            {
                var key = new ShotKey(row.AssetId, row.ShotIndex);
                var candidate = Get(candidates, key);
                var matched = false;
                for (var t = 0; t < terms.Count; t++)
                {
                    if (!Contains(words, terms[t]))
                        continue;
                    matched = true;
                    Raise(best, (key, t), row.Score);
                }
                if (matched)
                    candidate.AddTag(row);
                continue;
            }
            // A path match stands for every shot of the asset.
            foreach (var shot in await cache.ShotsAsync(row.AssetId, cancellationToken).ConfigureAwait(false))
            {
                var candidate = Get(candidates, shot.Key);
                for (var t = 0; t < terms.Count; t++)
                    if (Contains(words, terms[t]))
                        Raise(best, (shot.Key, t), options.PathWeight);
                candidate.PathMatched = true;
            }
        }
        foreach (var ((key, _), score) in best)
            candidates[key].TermSum += score;
    }

    private async Task<IReadOnlyList<LibraryHit>> SearchVectorAsync(string source, float[] vector, ShotKey? leaveOut,
        SearchOptions options, CancellationToken cancellationToken)
    {
        var k = options.Limit + (leaveOut is null ? 0 : 1);
        var matches = await Index.SearchVectorsAsync(source, vector, k, options.Filter, cancellationToken).ConfigureAwait(false);
        var cache = new ShotCache(Index);
        var hits = new List<LibraryHit>(matches.Count);
        foreach (var match in matches)
        {
            if (match.Shot == leaveOut || match.Score < options.MinScore)
                continue;
            var hit = await ToHitAsync(cache, match.Shot, match.Score, null, cancellationToken).ConfigureAwait(false);
            if (hit is not null)
                hits.Add(hit with { Similarity = match.Score });
        }
        return Rank(hits, options.Limit);
    }

    private async Task<IReadOnlyList<LibraryHit>> SearchHashAsync(ImageHashes example, ShotKey? leaveOut, SearchOptions options,
        CancellationToken cancellationToken)
    {
        var stored = await Index.HashesAsync(options.Filter, cancellationToken).ConfigureAwait(false);
        // Keep the best Limit by score while scanning; hash lists are small next to embeddings (16 bytes a shot).
        var scored = new List<(ShotKey Key, float Score)>(stored.Count);
        foreach (var entry in stored)
        {
            if (entry.Shot == leaveOut)
                continue;
            var score = 1f - example.DistanceTo(entry.Hashes) / 128f;
            if (score >= options.MinScore)
                scored.Add((entry.Shot, score));
        }
        scored.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score)
            : a.Key.AssetId != b.Key.AssetId ? a.Key.AssetId.CompareTo(b.Key.AssetId) : a.Key.ShotIndex.CompareTo(b.Key.ShotIndex));
        var cache = new ShotCache(Index);
        var hits = new List<LibraryHit>(Math.Min(options.Limit, scored.Count));
        for (var i = 0; i < scored.Count && hits.Count < options.Limit; i++)
        {
            var hit = await ToHitAsync(cache, scored[i].Key, scored[i].Score, null, cancellationToken).ConfigureAwait(false);
            if (hit is not null)
                hits.Add(hit with { Similarity = scored[i].Score });
        }
        return hits;
    }

    private static async Task<LibraryHit?> ToHitAsync(ShotCache cache, ShotKey key, float score, Candidate? candidate,
        CancellationToken cancellationToken)
    {
        var asset = await cache.AssetAsync(key.AssetId, cancellationToken).ConfigureAwait(false);
        if (asset is null)
            return null;
        var shots = await cache.ShotsAsync(key.AssetId, cancellationToken).ConfigureAwait(false);
        StoredShot? shot = null;
        foreach (var s in shots)
            if (s.Key.ShotIndex == key.ShotIndex)
                shot = s;
        if (shot is null)
            return null;
        var start = shot.Start;
        var end = shot.End;
        IReadOnlyList<string> tags = [];
        if (candidate is { Tags.Count: > 0 })
        {
            // Narrow to where the matching tags hold, unless a path match speaks for the whole shot.
            if (!candidate.PathMatched)
            {
                start = TimeSpan.MaxValue;
                end = TimeSpan.MinValue;
                foreach (var tag in candidate.Tags)
                {
                    if (tag.Start < start) start = tag.Start;
                    if (tag.End > end) end = tag.End;
                }
                if (start < shot.Start) start = shot.Start;
                if (end > shot.End) end = shot.End;
                if (end < start) (start, end) = (shot.Start, shot.End);
            }
            var ordered = new List<TextHit>(candidate.Tags);
            ordered.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Text, b.Text));
            var names = new List<string>(ordered.Count);
            foreach (var tag in ordered)
                if (!names.Contains(tag.Text))
                    names.Add(tag.Text);
            tags = names;
        }
        return new LibraryHit(asset, shot, score, start, end, tags);
    }

    private static List<LibraryHit> Rank(List<LibraryHit> hits, int limit)
    {
        hits.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score)
            : a.Shot.Key.AssetId != b.Shot.Key.AssetId ? a.Shot.Key.AssetId.CompareTo(b.Shot.Key.AssetId)
            : a.Shot.Key.ShotIndex.CompareTo(b.Shot.Key.ShotIndex));
        if (hits.Count > limit)
            hits.RemoveRange(limit, hits.Count - limit);
        return hits;
    }

    private static SearchOptions Validate(SearchOptions? options)
    {
        options ??= SearchOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Limit, 1, nameof(SearchOptions.Limit));
        if (!(options.TagWeight is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TagWeight, "TagWeight must be within 0..1.");
        if (!(options.PathWeight is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.PathWeight, "PathWeight must be within 0..1.");
        ArgumentNullException.ThrowIfNull(options.Filter, nameof(SearchOptions.Filter));
        return options;
    }

    private static bool Contains(IReadOnlyList<string> words, string term)
    {
        foreach (var word in words)
            if (string.Equals(word, term, StringComparison.Ordinal))
                return true;
        return false;
    }

    private static void Raise(Dictionary<(ShotKey, int), float> best, (ShotKey, int) key, float score)
    {
        if (!best.TryGetValue(key, out var current) || score > current)
            best[key] = score;
    }

    private static Candidate Get(Dictionary<ShotKey, Candidate> candidates, ShotKey key)
    {
        if (!candidates.TryGetValue(key, out var candidate))
            candidates[key] = candidate = new Candidate();
        return candidate;
    }

    private sealed class Candidate
    {
        public float TermSum;
        public float Similarity;
        public bool PathMatched;
        public List<TextHit> Tags { get; } = [];

        public void AddTag(TextHit tag) => Tags.Add(tag);
    }

    // Assets and shots fetched once per search, however many results point at them.
    private sealed class ShotCache(IAssetIndex index)
    {
        private readonly Dictionary<long, StoredAsset?> _assets = [];
        private readonly Dictionary<long, IReadOnlyList<StoredShot>> _shots = [];

        public async Task<StoredAsset?> AssetAsync(long id, CancellationToken cancellationToken)
        {
            if (!_assets.TryGetValue(id, out var asset))
                _assets[id] = asset = await index.GetAsync(id, cancellationToken).ConfigureAwait(false);
            return asset;
        }

        public async Task<IReadOnlyList<StoredShot>> ShotsAsync(long id, CancellationToken cancellationToken)
        {
            if (!_shots.TryGetValue(id, out var shots))
                _shots[id] = shots = await index.ShotsAsync(id, cancellationToken).ConfigureAwait(false);
            return shots;
        }
    }
}
