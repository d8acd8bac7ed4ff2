using Augment.Vision;
using Microsoft.Data.Sqlite;

namespace Augment.Library.Tests.Index;

/// <summary>What only the SQLite index has: a file that persists, refuses foreign or broken files, and stays consistent.</summary>
public sealed class SqliteAssetIndexFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-sqlite-tests", Guid.NewGuid().ToString("N"));

    public SqliteAssetIndexFileTests() => Directory.CreateDirectory(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task A_file_of_garbage_is_refused_with_its_path_named()
    {
        var path = PathOf("garbage.db");
        var bytes = new byte[8192];
        new Random(1).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var error = await Assert.ThrowsAsync<AssetIndexException>(() => SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task A_truncated_index_is_refused_when_opened_or_read()
    {
        var path = PathOf("truncated.db");
        await using (var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct))
        {
            for (var i = 0; i < 40; i++)
                await index.SaveAsync(Record($"/lib/clip{i}.mp4", 20, "clip", 64, i), Ct);
        }
        var full = await File.ReadAllBytesAsync(path, Ct);
        Assert.True(full.Length > 16 * 4096, $"the index is only {full.Length} bytes");

        foreach (var length in new[] { 50, 1000, full.Length / 3 })
        {
            var cut = PathOf($"cut{length}.db");
            await File.WriteAllBytesAsync(cut, full.AsSpan(0, length).ToArray(), Ct);
            var error = await Xunit.Record.ExceptionAsync(async () =>
            {
                await using var index = await SqliteAssetIndex.OpenAsync(cut, cancellationToken: Ct);
                await index.AssetsAsync(cancellationToken: Ct);
                await index.SearchTextAsync(["clip"], cancellationToken: Ct);
                await index.SearchVectorsAsync("clip", new float[64], 5, cancellationToken: Ct);
                for (var i = 0; i < 40; i++)
                    await index.ShotsAsync(i + 1, Ct);
            });
            Assert.IsType<AssetIndexException>(error, exactMatch: false);
            Assert.Contains(cut, error!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_applications_database_is_refused_and_left_untouched()
    {
        var path = PathOf("foreign.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Ada');";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<AssetIndexException>(() => SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);

        using var check = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT group_concat(name) FROM sqlite_master";
        Assert.Equal("customers", tables.ExecuteScalar());
    }

    [Fact]
    public async Task An_index_of_another_schema_version_is_refused()
    {
        var path = PathOf("future.db");
        await using (var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct))
            await index.SaveAsync(Record("/a.jpg", 1, "clip", 4, 0), Ct);
        Raw(path, "UPDATE augment_index SET value = '2' WHERE key = 'version'");

        var error = await Assert.ThrowsAsync<AssetIndexException>(() => SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_becomes_a_new_index_in_wal_mode()
    {
        var path = PathOf("empty.db");
        await File.WriteAllBytesAsync(path, [], Ct);
        await using var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct);
        Assert.Equal(path, index.Location);
        Assert.Empty(await index.AssetsAsync(cancellationToken: Ct));
        Assert.Equal("wal", RawScalar(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task What_was_saved_is_there_after_reopening()
    {
        var path = PathOf("persist.db");
        long id;
        float[] embedding;
        await using (var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct))
        {
            var record = Record("/lib/red_car.mp4", 5, "clip", 16, 3);
            embedding = record.Analyses[0].Embeddings[2].Vector;
            id = await index.SaveAsync(record, Ct);
            await index.RecordFailureAsync(new AssetFailure("/lib/bad.mov", 3, new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), "no video stream"), Ct);
            Assert.Single(await index.SearchVectorsAsync("clip", embedding, 1, cancellationToken: Ct));
        }

        await using (var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct))
        {
            var stored = await index.FindAsync("/lib/red_car.mp4", Ct);
            Assert.Equal(id, stored!.Id);
            Assert.Equal(5, (await index.ShotsAsync(id, Ct)).Count);
            Assert.Equal("no video stream", (await index.FindAsync("/lib/bad.mov", Ct))!.Error);
            Assert.Equal(embedding, await index.EmbeddingAsync(new ShotKey(id, 2), "clip", Ct));
            var best = await index.SearchVectorsAsync("clip", embedding, 1, cancellationToken: Ct);
            Assert.Equal(new ShotKey(id, 2), best[0].Shot);
            Assert.Equal(1.0, best[0].Score, 1e-6);
            Assert.Equal(6, (await index.SearchTextAsync(["car"], cancellationToken: Ct)).Count); // the path and 5 tags
            // A new asset after reopening gets a new id, never a removed one's.
            Assert.True(await index.RemoveAsync("/lib/red_car.mp4", Ct));
            Assert.True(await index.SaveAsync(Record("/lib/next.mp4", 1, "clip", 16, 4), Ct) > id);
        }
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_no_rows_and_a_consistent_full_text_index()
    {
        var path = PathOf("rollback.db");
        await using var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct);
        var first = Record("/lib/keep.mp4", 50, "clip", 8, 1);
        var id = await index.SaveAsync(first, Ct);

        // 50 shots, 50 tags and 49 embeddings are written before the last embedding's length is found wrong.
        var bad = Record("/lib/new.mp4", 50, "clip", 8, 2);
        var badEmbeddings = bad.Analyses[0].Embeddings.ToList();
        badEmbeddings[^1] = new AssetEmbedding(49, new float[9]);
        bad = bad with { Analyses = [bad.Analyses[0] with { Embeddings = badEmbeddings }] };
        await Assert.ThrowsAsync<AssetIndexException>(() => index.SaveAsync(bad, Ct));

        // The same for a re-save of the kept asset, which first deletes its old content (it alone holds the source,
        // so only the record's own mixed lengths are wrong).
        var resave = first with { Shots = first.Shots.Take(10).ToList(), Analyses = [first.Analyses[0] with { Embeddings = [new AssetEmbedding(0, new float[8]), new AssetEmbedding(1, new float[3])], Tags = [] }] };
        await Assert.ThrowsAsync<AssetIndexException>(() => index.SaveAsync(resave, Ct));

        Assert.Equal(1L, RawScalar(path, "SELECT count(*) FROM assets"));
        Assert.Equal(50L, RawScalar(path, $"SELECT count(*) FROM shots WHERE asset_id = {id}"));
        Assert.Equal(50L, RawScalar(path, "SELECT count(*) FROM tags"));
        Assert.Equal(50L, RawScalar(path, "SELECT count(*) FROM embeddings"));
        AssertConsistent(path);
        Assert.Equal(51, (await index.SearchTextAsync(["keep", "tag"], cancellationToken: Ct)).Count);
        Assert.Empty(await index.SearchTextAsync(["new"], cancellationToken: Ct));
    }

    [Fact]
    public async Task The_full_text_tables_stay_in_step_through_saves_resaves_analyses_failures_and_removals()
    {
        var path = PathOf("fts.db");
        await using var index = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct);
        var rng = new Random(9);
        for (var step = 0; step < 60; step++)
        {
            var name = $"/lib/{rng.Next(8)}.mp4";
            switch (rng.Next(4))
            {
                case 0:
                case 1:
                    await index.SaveAsync(Record(name, 1 + rng.Next(4), "clip", 4, step), Ct);
                    break;
                case 2:
                    if (await index.FindAsync(name, Ct) is { Failed: false } found)
                        await index.SaveAnalysisAsync(found.Id, new AssetAnalysis("clip", "v" + step, [new AssetTag("late tag " + step, 0.5f, 0, TimeSpan.Zero, TimeSpan.FromSeconds(1))], []), Ct);
                    else
                        await index.RecordFailureAsync(new AssetFailure(name, 0, DateTime.UtcNow, "gone"), Ct);
                    break;
                default:
                    await index.RemoveAsync(name, Ct);
                    break;
            }
        }
        AssertConsistent(path);
    }

    [Fact]
    public async Task Two_handles_on_one_file_see_each_others_writes_in_vector_search()
    {
        var path = PathOf("shared.db");
        await using var first = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct);
        await using var second = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct);
        var a = await first.SaveAsync(Record("/a.jpg", 1, "clip", 2, 0) with { Analyses = [new AssetAnalysis("clip", "v", [], [new AssetEmbedding(0, [1, 0])])] }, Ct);
        Assert.Single(await second.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, cancellationToken: Ct));

        var b = await first.SaveAsync(Record("/b.jpg", 1, "clip", 2, 0) with { Analyses = [new AssetAnalysis("clip", "v", [], [new AssetEmbedding(0, [0, 1])])] }, Ct);
        Assert.Equal([new ShotKey(b, 0), new ShotKey(a, 0)], (await second.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 10; i++) await first.SaveAsync(Record($"/x/{i}.jpg", 1, "clip", 2, i) with { Analyses = [] }, Ct); }, Ct),
            Task.Run(async () => { for (var i = 0; i < 10; i++) await second.SaveAsync(Record($"/y/{i}.jpg", 1, "clip", 2, i) with { Analyses = [] }, Ct); }, Ct));
        Assert.Equal(22, (await first.AssetsAsync(cancellationToken: Ct)).Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>SQLite's own checks: b-trees, foreign keys, and both FTS5 indexes against their content tables.</summary>
    private static void AssertConsistent(string path)
    {
        Assert.Equal("ok", RawScalar(path, "PRAGMA integrity_check"));
        Assert.Null(RawScalar(path, "PRAGMA foreign_key_check"));
        // FTS5 'integrity-check' raises SQLITE_CORRUPT_VTAB when the index differs from the content rows.
        Raw(path, "INSERT INTO tags_fts(tags_fts, rank) VALUES ('integrity-check', 1); INSERT INTO paths_fts(paths_fts, rank) VALUES ('integrity-check', 1);");
    }

    private static object? RawScalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Raw(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static AssetRecord Record(string path, int shots, string source, int dimension, int seed)
    {
        var rng = new Random(seed);
        var shotRecords = new List<ShotRecord>();
        var tags = new List<AssetTag>();
        var embeddings = new List<AssetEmbedding>();
        for (var s = 0; s < shots; s++)
        {
            var thumbnail = new byte[256];
            rng.NextBytes(thumbnail);
            shotRecords.Add(new ShotRecord(s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1))
            {
                Keyframe = TimeSpan.FromSeconds(s + 0.5),
                Transition = s == 0 ? ShotTransition.None : ShotTransition.Cut,
                Hashes = new ImageHashes(new PerceptualHash((ulong)rng.NextInt64()), new PerceptualHash((ulong)rng.NextInt64())),
                Thumbnail = thumbnail,
            });
            tags.Add(new AssetTag($"tag {s} red car", (float)rng.NextDouble(), s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1)));
            var vector = new float[dimension];
            for (var i = 0; i < dimension; i++)
                vector[i] = (float)((rng.NextDouble() * 2) - 1);
            embeddings.Add(new AssetEmbedding(s, vector));
        }
        var info = new AssetInfo(path, AssetKind.Video, 1 << 20, new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc), "abcdef")
        {
            Width = 1920,
            Height = 1080,
            Duration = TimeSpan.FromSeconds(shots),
            FrameRate = 25,
        };
        return new AssetRecord(info, shotRecords, [new AssetAnalysis(source, "v1", tags, embeddings)]);
    }
}
