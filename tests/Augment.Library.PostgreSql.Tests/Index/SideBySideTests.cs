using Augment.Vision;

namespace Augment.Library.PostgreSql.Tests.Index;

/// <summary>
/// The PostgreSQL index and the embedded SQLite index given the same content answer alike: the same assets, the same
/// text hits and the same exact vector matches in the same order (scores equal to float rounding). Ids are compared
/// through the paths they stand for.
/// </summary>
public sealed class SideBySideTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _schema = PostgresServer.NewSchema();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-side-by-side-" + Guid.NewGuid().ToString("N"));

    public async ValueTask DisposeAsync()
    {
        await PostgresServer.DropSchemaAsync(_schema);
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Same_content_gives_the_same_assets_text_hits_hashes_and_exact_vector_matches_as_SQLite()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        Directory.CreateDirectory(_folder);
        await using var postgres = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
            new PostgresIndexOptions { Schema = _schema, VectorSearch = PostgresVectorSearch.InProcess }, Ct);
        await using var sqlite = await SqliteAssetIndex.OpenAsync(Path.Combine(_folder, "lib.db"), cancellationToken: Ct);

        string[] words = ["red", "car", "sunset", "beach", "dog", "night", "city", "Straße", "été", "2", "exterior"];
        var rng = new Random(31);
        for (var a = 0; a < 60; a++)
        {
            var path = $"/lib/{words[rng.Next(words.Length)]}/{a:D3}_{words[rng.Next(words.Length)]}.{(a % 4 == 0 ? "jpg" : "mp4")}";
            if (a % 13 == 5)
            {
                var failure = new AssetFailure(path, a, DateTime.UnixEpoch.AddTicks(a), "unreadable");
                await postgres.RecordFailureAsync(failure, Ct);
                await sqlite.RecordFailureAsync(failure, Ct);
                continue;
            }
            var record = RandomRecord(rng, path, a % 4 == 0, words);
            await postgres.SaveAsync(record, Ct);
            await sqlite.SaveAsync(record, Ct);
        }

        var pgAssets = await postgres.AssetsAsync(new AssetFilter { IncludeFailed = true }, Ct);
        var liteAssets = await sqlite.AssetsAsync(new AssetFilter { IncludeFailed = true }, Ct);
        Assert.Equal(liteAssets.Select(a => (a.Info, a.Error)), pgAssets.Select(a => (a.Info, a.Error)));
        var pgPath = pgAssets.ToDictionary(a => a.Id, a => a.Info.Path);
        var litePath = liteAssets.ToDictionary(a => a.Id, a => a.Info.Path);

        Assert.Equal((await sqlite.HashesAsync(cancellationToken: Ct)).Select(h => (litePath[h.Shot.AssetId], h.Shot.ShotIndex, h.Hashes)),
            (await postgres.HashesAsync(cancellationToken: Ct)).Select(h => (pgPath[h.Shot.AssetId], h.Shot.ShotIndex, h.Hashes)));

        AssetFilter[] filters = [AssetFilter.None, new AssetFilter { Kind = AssetKind.Video }, new AssetFilter { Folder = "/lib/car" }, new AssetFilter { IncludeFailed = true }];
        for (var q = 0; q < 16; q++)
        {
            var filter = filters[q % filters.Length];
            var terms = new[] { IndexText.Terms(words[rng.Next(words.Length)])[0], IndexText.Terms(words[rng.Next(words.Length)])[0] };
            var liteHits = await sqlite.SearchTextAsync(terms, filter, 25, Ct);
            var pgHits = await postgres.SearchTextAsync(terms, filter, 25, Ct);
            Assert.Equal(liteHits.Select(h => h with { AssetId = 0 }), pgHits.Select(h => h with { AssetId = 0 }));
            Assert.Equal(liteHits.Select(h => litePath[h.AssetId]), pgHits.Select(h => pgPath[h.AssetId]));

            var query = RandomVector(rng, 64);
            var liteMatches = await sqlite.SearchVectorsAsync("clip", query, 15, filter, Ct);
            var pgMatches = await postgres.SearchVectorsAsync("clip", query, 15, filter, Ct);
            Assert.Equal(liteMatches.Select(m => (litePath[m.Shot.AssetId], m.Shot.ShotIndex)), pgMatches.Select(m => (pgPath[m.Shot.AssetId], m.Shot.ShotIndex)));
            for (var i = 0; i < liteMatches.Count; i++)
                Assert.Equal(liteMatches[i].Score, pgMatches[i].Score, 1e-6f);
        }
    }

    private static AssetRecord RandomRecord(Random rng, string path, bool still, string[] words)
    {
        var shotCount = still ? 1 : 1 + rng.Next(4);
        var shots = new ShotRecord[shotCount];
        var tags = new List<AssetTag>();
        var embeddings = new List<AssetEmbedding>();
        for (var s = 0; s < shotCount; s++)
        {
            shots[s] = new ShotRecord(s, TimeSpan.FromTicks(s * 20_000_001L), TimeSpan.FromTicks((s + 1) * 20_000_001L))
            {
                Keyframe = TimeSpan.FromTicks((s * 20_000_001L) + 7),
                Transition = s == 0 ? ShotTransition.None : (ShotTransition)(1 + rng.Next(3)),
                Hashes = rng.Next(4) == 0 ? null : new ImageHashes(new PerceptualHash((ulong)rng.NextInt64() | (1UL << 63)), new PerceptualHash((ulong)rng.NextInt64())),
            };
            for (var t = 0; t < rng.Next(4); t++)
            {
                // Coarse scores, so that ties exercise the tie order.
                tags.Add(new AssetTag(words[rng.Next(words.Length)] + " " + words[rng.Next(words.Length)], rng.Next(4) / 4f, s,
                    shots[s].Start, shots[s].End));
            }
            if (rng.Next(5) != 0)
                embeddings.Add(new AssetEmbedding(s, RandomVector(rng, 64)));
        }
        var info = new AssetInfo(path, still ? AssetKind.Image : AssetKind.Video, rng.Next(1_000_000), DateTime.UnixEpoch.AddTicks(rng.NextInt64(1L << 50)), "h")
        {
            Width = 640 * (1 + rng.Next(3)),
            Height = 360 * (1 + rng.Next(3)),
            Duration = still ? TimeSpan.Zero : shots[^1].End,
            FrameRate = still ? 0 : 24000.0 / 1001,
        };
        return new AssetRecord(info, shots, [new AssetAnalysis("clip", "v1", tags, embeddings)]);
    }

    private static float[] RandomVector(Random rng, int dimension)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
            v[i] = (float)((rng.NextDouble() * 2) - 1);
        return v;
    }
}
