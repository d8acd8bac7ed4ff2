using Augment.Vision;

namespace Augment.Library.Tests.Search;

/// <summary>
/// Search over a real SQLite index. Expected scores are worked out by hand from the documented rule: mean over the
/// query's words of the best tag containing the word (a path-only word counts the path weight, 0.5).
/// </summary>
public sealed class AssetLibraryTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime T0 = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-search-tests", Guid.NewGuid().ToString("N"));
    private SqliteAssetIndex _index = null!;
    private long _street, _beach, _field, _still;

    public async ValueTask InitializeAsync()
    {
        _index = await SqliteAssetIndex.OpenAsync(Path.Combine(_folder, "lib.db"), cancellationToken: Ct);
        _street = await _index.SaveAsync(Video("/media/street.mp4", 30, 3,
            Tag("red car", 0.9f, 1, 11, 13), Tag("sunset", 0.8f, 1, 10, 14), Tag("red", 0.7f, 2, 20, 29)), Ct);
        _beach = await _index.SaveAsync(Video("/media/sunset_beach/take1.mp4", 8, 1), Ct);
        _field = await _index.SaveAsync(Video("/media/field.mp4", 20, 2, Tag("sunset", 0.95f, 0, 0, 9)), Ct);
        _still = await _index.SaveAsync(new AssetRecord(
            new AssetInfo("/media/photos/car.jpg", AssetKind.Image, 10, T0, "aa") { Width = 640, Height = 480 },
            [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero)],
            [new AssetAnalysis("descriptors", "1", [new AssetTag("blue", 0.6f, 0, TimeSpan.Zero, TimeSpan.Zero)], [])]), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _index.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static AssetTag Tag(string name, float score, int shot, double start, double end) =>
        new(name, score, shot, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end));

    // A video of `seconds` cut into `shots` equal shots, with tags from one analyser.
    private static AssetRecord Video(string path, double seconds, int shots, params AssetTag[] tags)
    {
        var info = new AssetInfo(path, AssetKind.Video, 1000, T0, "ff") { Width = 1920, Height = 1080, Duration = TimeSpan.FromSeconds(seconds), FrameRate = 25 };
        var list = new List<ShotRecord>();
        for (var i = 0; i < shots; i++)
            list.Add(new ShotRecord(i, TimeSpan.FromSeconds(seconds * i / shots), TimeSpan.FromSeconds(seconds * (i + 1) / shots)));
        return new AssetRecord(info, list, [new AssetAnalysis("tagger", "1", tags, [])]);
    }

    [Fact]
    public async Task Words_score_by_the_best_tag_per_word_averaged_over_the_query()
    {
        var hits = await new AssetLibrary(_index).SearchAsync("Red car at SUNSET", cancellationToken: Ct);

        var scores = hits.Select(h => (h.Shot.Key, h.Score)).ToArray();
        Assert.Equal(new ShotKey(_street, 1), scores[0].Key);
        Assert.Equal((0.9f + 0.9f + 0.8f) / 3, scores[0].Score, 1e-5f);
        Assert.Equal(new ShotKey(_field, 0), scores[1].Key);
        Assert.Equal(0.95f / 3, scores[1].Score, 1e-5f);
        Assert.Equal(new ShotKey(_street, 2), scores[2].Key);
        Assert.Equal(0.7f / 3, scores[2].Score, 1e-5f);
        // "car" only in a path: the beach clip's folder has "sunset", the still's name "car"; equal scores go by asset id.
        Assert.Equal(new ShotKey(_beach, 0), scores[3].Key);
        Assert.Equal(0.5f / 3, scores[3].Score, 1e-5f);
        Assert.Equal(new ShotKey(_still, 0), scores[4].Key);
        Assert.Equal(0.5f / 3, scores[4].Score, 1e-5f);
        Assert.Equal(5, hits.Count);
        // The range narrows to where the matching tags hold: 10..14 s inside the 10..20 s shot.
        Assert.Equal(TimeSpan.FromSeconds(10), hits[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(14), hits[0].End);
        Assert.Equal(["red car", "sunset"], hits[0].MatchedTags);
        Assert.Equal("/media/street.mp4", hits[0].Asset.Info.Path);
    }

    [Fact]
    public async Task Filters_and_limits_apply_to_the_results()
    {
        var library = new AssetLibrary(_index);
        var longOnly = await library.SearchAsync("sunset", new SearchOptions { Filter = new AssetFilter { MinDuration = TimeSpan.FromSeconds(25) } }, Ct);
        Assert.All(longOnly, h => Assert.Equal(_street, h.Shot.Key.AssetId));
        var top = await library.SearchAsync("sunset", new SearchOptions { Limit = 1 }, Ct);
        Assert.Equal(new ShotKey(_field, 0), Assert.Single(top).Shot.Key);
        var strong = await library.SearchAsync("sunset", new SearchOptions { MinScore = 0.85f }, Ct);
        Assert.Equal(new ShotKey(_field, 0), Assert.Single(strong).Shot.Key);
    }

    [Fact]
    public async Task A_query_of_stop_words_only_is_refused_without_a_text_embedder() =>
        await Assert.ThrowsAsync<ArgumentException>(() => new AssetLibrary(_index).SearchAsync("at the", cancellationToken: Ct));

    private sealed class FixedEmbedder(string source, float[] vector) : ITextEmbedder, IImageEmbedder
    {
        public string Source => source;
        public float[] EmbedText(string text) => vector;
        public float[] EmbedImage(ImageFrame frame) => vector;
    }

    [Fact]
    public async Task A_text_embedder_blends_cosine_similarity_with_the_tag_score()
    {
        // Unit vectors: the still points along x, the field shot along y; the query is 0.8x + 0.6y.
        await _index.SaveAnalysisAsync(_still, new AssetAnalysis("clip", "1", [], [new AssetEmbedding(0, [1, 0, 0])]), Ct);
        await _index.SaveAnalysisAsync(_field, new AssetAnalysis("clip", "1", [], [new AssetEmbedding(0, [0, 1, 0]), new AssetEmbedding(1, [0, 0, 1])]), Ct);
        var library = new AssetLibrary(_index, new FixedEmbedder("clip", [0.8f, 0.6f, 0]));

        var hits = await library.SearchAsync("sunset", new SearchOptions { TagWeight = 0.25f }, Ct);

        var byKey = hits.ToDictionary(h => h.Shot.Key);
        Assert.Equal(0.25f * 0.95f + 0.75f * 0.6f, byKey[new ShotKey(_field, 0)].Score, 1e-5f);
        Assert.Equal(0.75f * 0.8f, byKey[new ShotKey(_still, 0)].Score, 1e-5f);
        Assert.Equal(0.25f * 0.8f, byKey[new ShotKey(_street, 1)].Score, 1e-5f);
        Assert.Equal([new ShotKey(_field, 0), new ShotKey(_still, 0), new ShotKey(_street, 1)], hits.Take(3).Select(h => h.Shot.Key).ToArray());
        Assert.Equal(0.8f, byKey[new ShotKey(_still, 0)].Similarity, 1e-5f);
    }

    [Fact]
    public async Task Query_by_example_ranks_by_embedding_when_an_image_embedder_is_given()
    {
        await _index.SaveAnalysisAsync(_still, new AssetAnalysis("clip", "1", [], [new AssetEmbedding(0, [1, 0, 0])]), Ct);
        await _index.SaveAnalysisAsync(_field, new AssetAnalysis("clip", "1", [], [new AssetEmbedding(0, [0, 1, 0])]), Ct);
        using var frame = ImageFrame.Create(8, 8, 3);
        var hits = await new AssetLibrary(_index, imageEmbedder: new FixedEmbedder("clip", [0.6f, 0.8f, 0])).SearchSimilarAsync(frame, cancellationToken: Ct);
        Assert.Equal([new ShotKey(_field, 0), new ShotKey(_still, 0)], hits.Select(h => h.Shot.Key).ToArray());
        Assert.Equal(0.8f, hits[0].Score, 1e-5f);

        var likeStill = await new AssetLibrary(_index).SearchSimilarAsync(new ShotKey(_still, 0), "clip", cancellationToken: Ct);
        Assert.Equal(new ShotKey(_field, 0), Assert.Single(likeStill).Shot.Key);
    }

    // A smooth pattern that differs with the seed: enough structure for perceptual hashes.
    private static ImageFrame Pattern(int width, int height, int seed)
    {
        var frame = ImageFrame.Create(width, height, 3);
        var random = new Random(seed);
        var (fx, fy, phase) = (1 + random.NextDouble() * 3, 1 + random.NextDouble() * 3, random.NextDouble() * 6);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = (float)(0.5 + 0.4 * Math.Sin(fx * 6.28 * x / width + phase + c) * Math.Cos(fy * 6.28 * y / height + c));
            }
        return frame;
    }

    private async Task<long> SaveStill(string path, ImageFrame frame) =>
        await _index.SaveAsync(new AssetRecord(new AssetInfo(path, AssetKind.Image, 1, T0, "00") { Width = frame.Width, Height = frame.Height },
            [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero) { Hashes = ImageHashes.Compute(frame, Ct) }], []), Ct);

    [Fact]
    public async Task Resized_copies_group_as_duplicates_and_rank_first_for_their_original()
    {
        using var original = Pattern(256, 192, seed: 1);
        using var copy = original.Resize(160, 120);
        using var other = Pattern(256, 192, seed: 2);
        var a = await SaveStill("/dupes/original.png", original);
        var b = await SaveStill("/dupes/copy.png", copy);
        var c = await SaveStill("/dupes/other.png", other);
        var library = new AssetLibrary(_index);

        var group = Assert.Single(await library.FindDuplicatesAsync(cancellationToken: Ct));
        Assert.Equal([a, b], group.Members.Select(m => m.Shot.Key.AssetId).ToArray());
        Assert.Equal(1f, group.Members[0].Score);
        Assert.Equal(1f - ImageHashes.Compute(original, Ct).DistanceTo(ImageHashes.Compute(copy, Ct)) / 128f, group.Members[1].Score);

        var similar = await library.SearchSimilarAsync(copy, new SearchOptions { Limit = 2 }, Ct);
        Assert.Equal(a, similar[0].Shot.Key.AssetId);
        var byShot = await library.SearchSimilarAsync(new ShotKey(c, 0), cancellationToken: Ct);
        Assert.DoesNotContain(byShot, h => h.Shot.Key.AssetId == c);
    }
}
