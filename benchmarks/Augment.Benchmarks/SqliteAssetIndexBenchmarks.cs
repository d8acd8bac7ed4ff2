using Augment.Library;
using Augment.Vision;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Augment.Benchmarks;

/// <summary>
/// The SQLite asset index at 100k shots (2 000 videos x 50 shots, 2 tags per shot from a 100-word vocabulary, one
/// 512-d embedding per shot; about 250 MB): saving one 50-shot asset (replacing what its path held, as a re-scan does),
/// text search for one common word (about 4 % of the tags match; sorted by score, top 1000), exact top-10 vector
/// search with the source's embeddings already in memory, the same with a folder filter, and the cold load of the
/// 100k embeddings into memory that the first search after a write pays.
/// </summary>
[MemoryDiagnoser]
public class SqliteAssetIndexBenchmarks
{
    private const int Dimension = 512;
    private const int Videos = 2000;
    private const int ShotsPerVideo = 50;

    private static readonly string[] Vocabulary = MakeVocabulary();

    private string _folder = null!;
    private SqliteAssetIndex _index = null!;
    private SqliteAssetIndex _saveIndex = null!;
    private AssetRecord _record = null!;
    private float[] _query = null!;
    private int _next;

    // The 100k index is built once per process and shared by the benchmarks (building it takes about a minute).
    private static SqliteAssetIndex? s_shared;
    private static float[]? s_query;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "augment-bench-sqlite-" + Environment.ProcessId);
        Directory.CreateDirectory(_folder);
        var random = new Random(42);
        if (s_shared is null)
        {
            var shared = SqliteAssetIndex.Open(Path.Combine(_folder, "100k.db"));
            for (var v = 0; v < Videos; v++)
                shared.SaveAsync(MakeRecord($"/footage/day{v % 20:D2}/clip{v:D5}.mov", random, thumbnailBytes: 64)).GetAwaiter().GetResult();
            s_query = RandomVector(random);
            shared.SearchVectorsAsync("clip", s_query, 10).GetAwaiter().GetResult(); // loads the embeddings once
            s_shared = shared;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
                SqliteConnection.ClearAllPools();
                File.Delete(shared.Location);
                File.Delete(shared.Location + "-wal");
                File.Delete(shared.Location + "-shm");
            };
        }
        _index = s_shared;
        _query = s_query!;
        _saveIndex = SqliteAssetIndex.Open(Path.Combine(_folder, "save-" + Guid.NewGuid().ToString("N") + ".db"));
        _record = MakeRecord("/footage/save/clip.mov", random, thumbnailBytes: 6 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var location = _saveIndex.Location;
        _saveIndex.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        File.Delete(location);
        File.Delete(location + "-wal");
        File.Delete(location + "-shm");
    }

    /// <summary>One 50-shot asset (hashes, 6 KB thumbnails, 2 tags and a 512-d embedding per shot) replacing one of 16 paths.</summary>
    [Benchmark]
    public long Save_asset_with_50_shots()
    {
        var record = _record with { Info = _record.Info with { Path = $"/footage/save/clip{_next++ % 16}.mov" } };
        return _saveIndex.SaveAsync(record).GetAwaiter().GetResult();
    }

    /// <summary>One word over 100k tagged shots and 2 000 paths, top 1000 by score.</summary>
    [Benchmark]
    public int Text_search_100k_shots() => _index.SearchTextAsync(["sunset"]).GetAwaiter().GetResult().Count;

    /// <summary>The same with a folder filter (one day of 20).</summary>
    [Benchmark]
    public int Text_search_100k_shots_one_folder() =>
        _index.SearchTextAsync(["sunset"], new AssetFilter { Folder = "/footage/day07" }).GetAwaiter().GetResult().Count;

    /// <summary>Exact top-10 cosine over 100k x 512 embeddings already in memory.</summary>
    [Benchmark]
    public int Vector_search_100k_shots() => _index.SearchVectorsAsync("clip", _query, 10).GetAwaiter().GetResult().Count;

    /// <summary>The same with a folder filter (the allowed asset ids are read per search).</summary>
    [Benchmark]
    public int Vector_search_100k_shots_one_folder() =>
        _index.SearchVectorsAsync("clip", _query, 10, new AssetFilter { Folder = "/footage/day07" }).GetAwaiter().GetResult().Count;

    /// <summary>Reading the 100k embeddings (200 MB of blobs) into a fresh in-memory index: the first search after a write.</summary>
    [Benchmark]
    public int Vector_cold_load_100k_shots()
    {
        using var connection = new SqliteConnection($"Data Source={_index.Location}");
        connection.Open();
        return ShotVectorCache.Build(connection, "clip", ComputeBudget.Default, CancellationToken.None).Count;
    }

    private static AssetRecord MakeRecord(string path, Random random, int thumbnailBytes)
    {
        var shots = new ShotRecord[ShotsPerVideo];
        var tags = new List<AssetTag>(ShotsPerVideo * 2);
        var embeddings = new List<AssetEmbedding>(ShotsPerVideo);
        for (var s = 0; s < ShotsPerVideo; s++)
        {
            var start = TimeSpan.FromSeconds(s * 4);
            var end = TimeSpan.FromSeconds((s * 4) + 4);
            var thumbnail = new byte[thumbnailBytes];
            random.NextBytes(thumbnail);
            shots[s] = new ShotRecord(s, start, end)
            {
                Keyframe = start + TimeSpan.FromSeconds(2),
                Transition = s == 0 ? ShotTransition.None : ShotTransition.Cut,
                Hashes = new ImageHashes(new PerceptualHash((ulong)random.NextInt64()), new PerceptualHash((ulong)random.NextInt64())),
                Thumbnail = thumbnail,
            };
            for (var t = 0; t < 2; t++)
            {
                var name = Vocabulary[random.Next(Vocabulary.Length)] + " " + Vocabulary[random.Next(Vocabulary.Length)];
                tags.Add(new AssetTag(name, (float)random.NextDouble(), s, start, end));
            }
            embeddings.Add(new AssetEmbedding(s, RandomVector(random)));
        }
        var info = new AssetInfo(path, AssetKind.Video, 1L << 30, new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc), "0123456789abcdef")
        {
            Width = 1920,
            Height = 1080,
            Duration = TimeSpan.FromSeconds(ShotsPerVideo * 4),
            FrameRate = 25,
            Codec = "h264",
        };
        return new AssetRecord(info, shots, [new AssetAnalysis("clip", "v1", tags, embeddings)]);
    }

    private static float[] RandomVector(Random random)
    {
        var vector = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        return vector;
    }

    private static string[] MakeVocabulary()
    {
        var words = new string[100];
        words[0] = "sunset";
        for (var i = 1; i < words.Length; i++)
            words[i] = "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return words;
    }
}
