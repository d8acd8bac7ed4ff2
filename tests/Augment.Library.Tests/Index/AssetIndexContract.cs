using Augment.Vision;

namespace Augment.Library.Tests.Index;

/// <summary>
/// The behaviour every <see cref="IAssetIndex"/> must have (the interface's XML docs are the spec). A backend's test
/// class derives from this and supplies a fresh, empty index per test. Expected values are written here from first
/// principles (hand-written lists, or a brute-force model of the stored content computed in double precision), never
/// by asking an index.
/// </summary>
/// <remarks>
/// Decisions this contract pins down where the interface docs leave room, so that every backend answers alike:
/// <list type="bullet">
/// <item>Times come back with <see cref="DateTimeKind.Utc"/> and the same ticks; <see cref="StoredAsset.ScannedUtc"/> is
/// the writer's clock at the write (checked to within a millisecond, for servers that keep microseconds).</item>
/// <item><see cref="IAssetIndex.RecordFailureAsync"/> on a stored path keeps its id; a later save clears the error and
/// keeps the id too. <see cref="IAssetIndex.FindAsync"/> finds failed files; listings and searches hide them unless
/// <see cref="AssetFilter.IncludeFailed"/>.</item>
/// <item>The date filters use the capture time, else the file time: <see cref="AssetFilter.From"/> inclusive,
/// <see cref="AssetFilter.Until"/> exclusive; the duration and size bounds are inclusive; <see cref="AssetFilter.Folder"/>
/// is an ordinal prefix followed by '/' (no pattern characters).</item>
/// <item>Text search: every term must pass <see cref="IndexText.IsTerm"/> (else <see cref="ArgumentException"/>); no
/// terms give no hits; a limit below 1 is an <see cref="ArgumentOutOfRangeException"/>. Tag hits carry the tag as
/// given, path hits the path.</item>
/// <item>Vector search: k below 1 is an <see cref="ArgumentOutOfRangeException"/>; an unknown source gives no matches
/// whatever the query's length.</item>
/// <item>An embedding's length is checked against the other embeddings of its source that stay stored after the
/// write (and against the record's own); a mismatch writes nothing.</item>
/// </list>
/// </remarks>
public abstract class AssetIndexContract
{
    /// <summary>Opens a fresh, empty index (disposed by the test).</summary>
    protected abstract Task<IAssetIndex> OpenEmptyAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime T0 = new DateTime(2024, 5, 17, 18, 42, 7, DateTimeKind.Utc).AddTicks(1_234_567);

    // ---------------------------------------------------------------- save / find

    [Fact]
    public async Task Save_then_find_round_trips_every_asset_field_to_the_tick()
    {
        await using var index = await OpenEmptyAsync();
        var video = new AssetInfo("/media/clips/Sunset Beach/A001_C002.mov", AssetKind.Video, 123_456_789_012L, T0,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        {
            Width = 3840,
            Height = 2160,
            Duration = TimeSpan.FromTicks(1_234_567_891),
            FrameRate = 24000.0 / 1001,
            Codec = "prores",
            Timecode = "01:02:03:04",
            CapturedUtc = T0.AddDays(-3).AddTicks(7),
        };
        var still = new AssetInfo("/media/Ölfeld/it's \"quoted\" 100%_x.jpg", AssetKind.Image, 0, T0.AddTicks(1), "00");

        var before = DateTime.UtcNow;
        var videoId = await index.SaveAsync(Record(video, Shots(2)), Ct);
        var stillId = await index.SaveAsync(Record(still, Shots(1)), Ct);
        var after = DateTime.UtcNow;

        Assert.NotEqual(videoId, stillId);
        foreach (var (info, id) in new[] { (video, videoId), (still, stillId) })
        {
            var stored = await index.FindAsync(info.Path, Ct);
            Assert.NotNull(stored);
            Assert.Equal(id, stored.Id);
            Assert.Equal(info, stored.Info);
            Assert.Equal(DateTimeKind.Utc, stored.Info.ModifiedUtc.Kind);
            if (stored.Info.CapturedUtc is { } captured)
                Assert.Equal(DateTimeKind.Utc, captured.Kind);
            Assert.Null(stored.Error);
            Assert.False(stored.Failed);
            Assert.Empty(stored.Analyses);
            Assert.Equal(DateTimeKind.Utc, stored.ScannedUtc.Kind);
            Assert.InRange(stored.ScannedUtc, before.AddMilliseconds(-1), after.AddMilliseconds(1));
        }
        Assert.Null((await index.FindAsync(still.Path, Ct))!.Info.Codec);
        Assert.Null((await index.FindAsync(still.Path, Ct))!.Info.CapturedUtc);
    }

    [Fact]
    public async Task Find_compares_paths_exactly_and_returns_null_for_unknown_ones()
    {
        await using var index = await OpenEmptyAsync();
        await index.SaveAsync(Record(Image("/media/a/Photo.jpg"), Shots(1)), Ct);

        Assert.NotNull(await index.FindAsync("/media/a/Photo.jpg", Ct));
        Assert.Null(await index.FindAsync("/media/a/photo.jpg", Ct));
        Assert.Null(await index.FindAsync("/media/a/Photo.jpg ", Ct));
        Assert.Null(await index.FindAsync("/media/a", Ct));
    }

    [Fact]
    public async Task Analyses_map_each_source_to_its_version()
    {
        await using var index = await OpenEmptyAsync();
        var record = Record(Video("/m/v.mp4", TimeSpan.FromSeconds(4)), Shots(2),
            new AssetAnalysis("clip", "sha256:abc;vocab:1", [new AssetTag("car", 0.5f, 0, TimeSpan.Zero, TimeSpan.FromSeconds(1))], [new AssetEmbedding(0, [1, 0, 0])]),
            new AssetAnalysis("descriptors", "1", [], []));
        await index.SaveAsync(record, Ct);

        var stored = await index.FindAsync("/m/v.mp4", Ct);
        Assert.Equal(new Dictionary<string, string> { ["clip"] = "sha256:abc;vocab:1", ["descriptors"] = "1" },
            stored!.Analyses.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
    }

    // ---------------------------------------------------------------- shots, hashes, thumbnails

    [Fact]
    public async Task Shots_come_back_in_timeline_order_with_times_transitions_and_hashes()
    {
        await using var index = await OpenEmptyAsync();
        var hashA = new ImageHashes(new PerceptualHash(0xF0E1D2C3B4A59687UL), new PerceptualHash(0x8000000000000001UL));
        var hashB = new ImageHashes(new PerceptualHash(0UL), new PerceptualHash(ulong.MaxValue));
        ShotRecord[] shots =
        [
            new(0, TimeSpan.Zero, TimeSpan.FromTicks(41_708_333)) { Keyframe = TimeSpan.FromTicks(20_854_166), Transition = ShotTransition.None, Hashes = hashA, Thumbnail = [0xFF, 0xD8, 1, 2, 3] },
            new(1, TimeSpan.FromTicks(41_750_000), TimeSpan.FromTicks(83_416_666)) { Keyframe = TimeSpan.FromTicks(62_583_333), Transition = ShotTransition.Dissolve, Thumbnail = [0xFF, 0xD8, 0, 0, 255] },
            new(2, TimeSpan.FromTicks(83_458_333), TimeSpan.FromTicks(100_000_001)) { Keyframe = TimeSpan.FromTicks(83_458_333), Transition = ShotTransition.Fade, Hashes = hashB },
            new(3, TimeSpan.FromTicks(100_041_667), TimeSpan.FromTicks(120_000_000)) { Keyframe = TimeSpan.FromTicks(110_000_000), Transition = ShotTransition.Cut },
        ];
        var id = await index.SaveAsync(Record(Video("/m/shots.mov", TimeSpan.FromTicks(120_000_000)), shots), Ct);

        var stored = await index.ShotsAsync(id, Ct);
        StoredShot[] expected =
        [
            new(new ShotKey(id, 0), TimeSpan.Zero, TimeSpan.FromTicks(41_708_333), TimeSpan.FromTicks(20_854_166), ShotTransition.None, hashA),
            new(new ShotKey(id, 1), TimeSpan.FromTicks(41_750_000), TimeSpan.FromTicks(83_416_666), TimeSpan.FromTicks(62_583_333), ShotTransition.Dissolve, null),
            new(new ShotKey(id, 2), TimeSpan.FromTicks(83_458_333), TimeSpan.FromTicks(100_000_001), TimeSpan.FromTicks(83_458_333), ShotTransition.Fade, hashB),
            new(new ShotKey(id, 3), TimeSpan.FromTicks(100_041_667), TimeSpan.FromTicks(120_000_000), TimeSpan.FromTicks(110_000_000), ShotTransition.Cut, null),
        ];
        Assert.Equal(expected, stored);
        Assert.Empty(await index.ShotsAsync(id + 1000, Ct));
    }

    [Fact]
    public async Task Thumbnails_come_back_byte_for_byte_and_are_null_where_none_was_stored()
    {
        await using var index = await OpenEmptyAsync();
        var rng = new Random(11);
        var big = new byte[20_000];
        rng.NextBytes(big);
        ShotRecord[] shots =
        [
            new(0, TimeSpan.Zero, TimeSpan.FromSeconds(1)) { Thumbnail = big },
            new(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
            new(2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)) { Thumbnail = [0] },
        ];
        var id = await index.SaveAsync(Record(Video("/m/t.mov", TimeSpan.FromSeconds(3)), shots), Ct);

        Assert.Equal(big, await index.ThumbnailAsync(new ShotKey(id, 0), Ct));
        Assert.Null(await index.ThumbnailAsync(new ShotKey(id, 1), Ct));
        Same<byte>([(byte)0], await index.ThumbnailAsync(new ShotKey(id, 2), Ct));
        Assert.Null(await index.ThumbnailAsync(new ShotKey(id, 3), Ct));
        Assert.Null(await index.ThumbnailAsync(new ShotKey(id + 1000, 0), Ct));
    }

    [Fact]
    public async Task Hashes_list_every_hashed_shot_of_the_assets_that_pass_the_filter_ordered_by_shot()
    {
        await using var index = await OpenEmptyAsync();
        var rng = new Random(5);
        var expectedAll = new List<ShotHashes>();
        var expectedImages = new List<ShotHashes>();
        for (var a = 0; a < 6; a++)
        {
            var isImage = a % 2 == 0;
            var shotCount = isImage ? 1 : 3;
            var shots = new ShotRecord[shotCount];
            var hashes = new ImageHashes?[shotCount];
            for (var s = 0; s < shotCount; s++)
            {
                hashes[s] = (a + s) % 3 == 1 ? null : new ImageHashes(new PerceptualHash((ulong)rng.NextInt64() ^ ((ulong)s << 63)), new PerceptualHash((ulong)rng.NextInt64()));
                shots[s] = new ShotRecord(s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1)) { Hashes = hashes[s] };
            }
            var info = isImage ? Image($"/h/{a}.jpg") : Video($"/h/{a}.mp4", TimeSpan.FromSeconds(shotCount));
            var id = await index.SaveAsync(Record(info, shots), Ct);
            for (var s = 0; s < shotCount; s++)
            {
                if (hashes[s] is not { } h)
                    continue;
                expectedAll.Add(new ShotHashes(new ShotKey(id, s), h));
                if (isImage)
                    expectedImages.Add(new ShotHashes(new ShotKey(id, s), h));
            }
        }
        await index.RecordFailureAsync(new AssetFailure("/h/broken.mp4", 10, T0, "truncated"), Ct);

        Assert.Equal(SortByShot(expectedAll), await index.HashesAsync(cancellationToken: Ct));
        Assert.Equal(SortByShot(expectedImages), await index.HashesAsync(new AssetFilter { Kind = AssetKind.Image }, Ct));
        Assert.Equal(SortByShot(expectedAll), await index.HashesAsync(new AssetFilter { IncludeFailed = true }, Ct));

        static List<ShotHashes> SortByShot(List<ShotHashes> list) =>
            [.. list.OrderBy(h => h.Shot.AssetId).ThenBy(h => h.Shot.ShotIndex)];
    }

    // ---------------------------------------------------------------- re-save and analyses

    [Fact]
    public async Task Saving_a_path_again_replaces_shots_tags_and_embeddings_and_keeps_the_id()
    {
        await using var index = await OpenEmptyAsync();
        var v1 = Record(Video("/m/re.mp4", TimeSpan.FromSeconds(9)) with { SizeBytes = 1 },
            [
                new ShotRecord(0, TimeSpan.Zero, TimeSpan.FromSeconds(3)) { Thumbnail = [1] },
                new ShotRecord(1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6)) { Thumbnail = [2] },
                new ShotRecord(2, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(9)) { Thumbnail = [3], Hashes = new ImageHashes(new PerceptualHash(1), new PerceptualHash(2)) },
            ],
            new AssetAnalysis("clip", "v1", [Tag("red car", 0.9f, 0), Tag("sunset", 0.8f, 2)], [new AssetEmbedding(0, [1, 0, 0]), new AssetEmbedding(2, [0, 1, 0])]),
            new AssetAnalysis("descriptors", "d1", [Tag("warm", 0.7f, 1)], []));
        var id = await index.SaveAsync(v1, Ct);
        var other = await index.SaveAsync(Record(Image("/m/other.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [Tag("car", 0.3f, 0)], [new AssetEmbedding(0, [0, 0, 1])])), Ct);

        var v2Info = Video("/m/re.mp4", TimeSpan.FromSeconds(5)) with { SizeBytes = 2, Codec = "h264" };
        var v2 = Record(v2Info, [new ShotRecord(0, TimeSpan.Zero, TimeSpan.FromSeconds(5)) { Thumbnail = [9] }],
            new AssetAnalysis("clip", "v2", [Tag("boat", 0.6f, 0)], [new AssetEmbedding(0, [0.5f, 0.5f, 0])]));
        var id2 = await index.SaveAsync(v2, Ct);

        Assert.Equal(id, id2);
        var stored = await index.FindAsync("/m/re.mp4", Ct);
        Assert.Equal(v2Info, stored!.Info);
        Assert.Equal(new Dictionary<string, string> { ["clip"] = "v2" }, stored.Analyses.ToDictionary());
        Assert.Equal([new StoredShot(new ShotKey(id, 0), TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.Zero, ShotTransition.None, null)], await index.ShotsAsync(id, Ct));
        Same<byte>([(byte)9], await index.ThumbnailAsync(new ShotKey(id, 0), Ct));
        Assert.Null(await index.ThumbnailAsync(new ShotKey(id, 2), Ct));
        Assert.Empty(await index.HashesAsync(cancellationToken: Ct));
        Same<float>([0.5f, 0.5f, 0], await index.EmbeddingAsync(new ShotKey(id, 0), "clip", Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id, 2), "clip", Ct));
        Assert.Empty(await index.SearchTextAsync(["sunset"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["warm"], cancellationToken: Ct));
        Assert.Equal([(other, 0, "car")], Hits(await index.SearchTextAsync(["car"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "boat")], Hits(await index.SearchTextAsync(["boat"], cancellationToken: Ct)));
        var matches = await index.SearchVectorsAsync("clip", new float[] { 0, 1, 0 }, 10, cancellationToken: Ct);
        Assert.Equal([new ShotKey(id, 0), new ShotKey(other, 0)], matches.Select(m => m.Shot));
    }

    [Fact]
    public async Task Saving_an_analysis_replaces_that_source_only()
    {
        await using var index = await OpenEmptyAsync();
        var id = await index.SaveAsync(Record(Video("/m/an.mp4", TimeSpan.FromSeconds(4)), Shots(2),
            new AssetAnalysis("clip", "v1", [Tag("car", 0.9f, 0)], [new AssetEmbedding(0, [1, 0]), new AssetEmbedding(1, [0, 1])]),
            new AssetAnalysis("descriptors", "d1", [Tag("warm", 0.7f, 1)], [new AssetEmbedding(1, [3, 4, 5])])), Ct);

        await index.SaveAnalysisAsync(id, new AssetAnalysis("clip", "v2", [Tag("truck", 0.8f, 1)], [new AssetEmbedding(1, [-1, 2])]), Ct);
        await index.SaveAnalysisAsync(id, new AssetAnalysis("palette", "p1", [Tag("teal", 0.5f, 0)], []), Ct);

        var stored = await index.FindAsync("/m/an.mp4", Ct);
        Assert.Equal(new Dictionary<string, string> { ["clip"] = "v2", ["descriptors"] = "d1", ["palette"] = "p1" },
            stored!.Analyses.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Empty(await index.SearchTextAsync(["car"], cancellationToken: Ct));
        Assert.Equal([(id, 1, "truck")], Hits(await index.SearchTextAsync(["truck"], cancellationToken: Ct)));
        Assert.Equal([(id, 1, "warm")], Hits(await index.SearchTextAsync(["warm"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "teal")], Hits(await index.SearchTextAsync(["teal"], cancellationToken: Ct)));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id, 0), "clip", Ct));
        Same<float>([-1f, 2f], await index.EmbeddingAsync(new ShotKey(id, 1), "clip", Ct));
        Same<float>([3f, 4f, 5f], await index.EmbeddingAsync(new ShotKey(id, 1), "descriptors", Ct));
        Assert.Equal(2, (await index.ShotsAsync(id, Ct)).Count);
    }

    [Fact]
    public async Task Saving_an_analysis_for_an_unknown_asset_or_shot_throws_and_changes_nothing()
    {
        await using var index = await OpenEmptyAsync();
        var id = await index.SaveAsync(Record(Video("/m/bad.mp4", TimeSpan.FromSeconds(4)), Shots(2),
            new AssetAnalysis("clip", "v1", [Tag("car", 0.9f, 0)], [new AssetEmbedding(0, [1, 0])])), Ct);

        await Assert.ThrowsAnyAsync<AssetIndexException>(() =>
            index.SaveAnalysisAsync(id + 1000, new AssetAnalysis("clip", "v2", [], []), Ct));
        await Assert.ThrowsAnyAsync<AssetIndexException>(() =>
            index.SaveAnalysisAsync(id, new AssetAnalysis("clip", "v2", [Tag("boat", 0.5f, 0)], [new AssetEmbedding(2, [0, 1])]), Ct));
        await Assert.ThrowsAnyAsync<AssetIndexException>(() =>
            index.SaveAnalysisAsync(id, new AssetAnalysis("clip", "v2", [Tag("boat", 0.5f, 5)], [new AssetEmbedding(1, [0, 1])]), Ct));

        var stored = await index.FindAsync("/m/bad.mp4", Ct);
        Assert.Equal("v1", stored!.Analyses["clip"]);
        Assert.Equal([(id, 0, "car")], Hits(await index.SearchTextAsync(["car"], cancellationToken: Ct)));
        Assert.Empty(await index.SearchTextAsync(["boat"], cancellationToken: Ct));
        Same<float>([1f, 0f], await index.EmbeddingAsync(new ShotKey(id, 0), "clip", Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id, 1), "clip", Ct));
    }

    // ---------------------------------------------------------------- embedding dimensions

    [Fact]
    public async Task A_new_asset_whose_embedding_length_differs_from_its_source_is_refused_and_nothing_is_written()
    {
        await using var index = await OpenEmptyAsync();
        await index.SaveAsync(Record(Image("/d/a.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, new float[8])])), Ct);

        await Assert.ThrowsAnyAsync<AssetIndexException>(() => index.SaveAsync(Record(Image("/d/b.jpg"), Shots(1),
            new AssetAnalysis("clip", "v1", [Tag("car", 0.5f, 0)], [new AssetEmbedding(0, Ones(9))])), Ct));

        Assert.Null(await index.FindAsync("/d/b.jpg", Ct));
        Assert.Single(await index.AssetsAsync(cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["car"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["b"], cancellationToken: Ct));
    }

    [Fact]
    public async Task A_resave_with_a_mismatched_embedding_length_throws_and_keeps_the_earlier_content()
    {
        await using var index = await OpenEmptyAsync();
        var v1Info = Video("/d/keep.mp4", TimeSpan.FromSeconds(6));
        var v1 = Record(v1Info,
            [
                new ShotRecord(0, TimeSpan.Zero, TimeSpan.FromSeconds(3)) { Thumbnail = [7], Hashes = new ImageHashes(new PerceptualHash(5), new PerceptualHash(6)) },
                new ShotRecord(1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6)),
            ],
            new AssetAnalysis("clip", "v1", [Tag("sunset", 0.9f, 1)], [new AssetEmbedding(0, Ones(4)), new AssetEmbedding(1, [1, 2, 3, 4])]));
        var id = await index.SaveAsync(v1, Ct);
        var otherId = await index.SaveAsync(Record(Image("/d/other.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, Ones(4))])), Ct);

        // Mixed lengths inside one record, after the shots and tags would have been written.
        var mixed = Record(v1Info with { SizeBytes = 99 }, Shots(3),
            new AssetAnalysis("clip", "v2", [Tag("boat", 0.5f, 0)], [new AssetEmbedding(0, Ones(4)), new AssetEmbedding(1, Ones(5))]));
        await Assert.ThrowsAnyAsync<AssetIndexException>(() => index.SaveAsync(mixed, Ct));

        // Every embedding 5 long, while the other asset keeps the source at 4.
        var longer = Record(v1Info with { SizeBytes = 98 }, Shots(1), new AssetAnalysis("clip", "v3", [Tag("boat", 0.5f, 0)], [new AssetEmbedding(0, Ones(5))]));
        await Assert.ThrowsAnyAsync<AssetIndexException>(() => index.SaveAsync(longer, Ct));

        var stored = await index.FindAsync("/d/keep.mp4", Ct);
        Assert.Equal(id, stored!.Id);
        Assert.Equal(v1Info, stored.Info);
        Assert.Equal("v1", stored.Analyses["clip"]);
        Assert.Equal(2, (await index.ShotsAsync(id, Ct)).Count);
        Same<byte>([(byte)7], await index.ThumbnailAsync(new ShotKey(id, 0), Ct));
        Assert.Single(await index.HashesAsync(cancellationToken: Ct));
        Same<float>([1f, 2f, 3f, 4f], await index.EmbeddingAsync(new ShotKey(id, 1), "clip", Ct));
        Assert.Equal([(id, 1, "sunset")], Hits(await index.SearchTextAsync(["sunset"], cancellationToken: Ct)));
        Assert.Empty(await index.SearchTextAsync(["boat"], cancellationToken: Ct));
        var all = await index.SearchVectorsAsync("clip", Ones(4), 10, cancellationToken: Ct);
        Assert.Equal(3, all.Count);
        Assert.Contains(all, m => m.Shot == new ShotKey(otherId, 0));
    }

    [Fact]
    public async Task An_analysis_with_a_mismatched_embedding_length_throws_and_keeps_the_earlier_analysis()
    {
        await using var index = await OpenEmptyAsync();
        var id = await index.SaveAsync(Record(Video("/d/an.mp4", TimeSpan.FromSeconds(2)), Shots(2),
            new AssetAnalysis("clip", "v1", [Tag("car", 0.5f, 0)], [new AssetEmbedding(0, Ones(3))])), Ct);
        await index.SaveAsync(Record(Image("/d/x.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, Ones(3))])), Ct);

        await Assert.ThrowsAnyAsync<AssetIndexException>(() =>
            index.SaveAnalysisAsync(id, new AssetAnalysis("clip", "v2", [Tag("boat", 0.5f, 0)], [new AssetEmbedding(0, Ones(2))]), Ct));

        Assert.Equal("v1", (await index.FindAsync("/d/an.mp4", Ct))!.Analyses["clip"]);
        Assert.Equal(Ones(3), await index.EmbeddingAsync(new ShotKey(id, 0), "clip", Ct));
        Assert.Single(await index.SearchTextAsync(["car"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["boat"], cancellationToken: Ct));
    }

    [Fact]
    public async Task Embeddings_come_back_exactly_as_stored_per_shot_and_source()
    {
        await using var index = await OpenEmptyAsync();
        var rng = new Random(3);
        var a = RandomVector(rng, 512);
        var b = RandomVector(rng, 512);
        a[0] = -0f;
        a[1] = float.Epsilon;
        a[2] = 3.4e38f;
        var id = await index.SaveAsync(Record(Video("/e/v.mp4", TimeSpan.FromSeconds(2)), Shots(2),
            new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, a), new AssetEmbedding(1, b)]),
            new AssetAnalysis("tiny", "v1", [], [new AssetEmbedding(1, [0.25f])])), Ct);

        var gotA = await index.EmbeddingAsync(new ShotKey(id, 0), "clip", Ct);
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), gotA!.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(b, await index.EmbeddingAsync(new ShotKey(id, 1), "clip", Ct));
        Same<float>([0.25f], await index.EmbeddingAsync(new ShotKey(id, 1), "tiny", Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id, 0), "tiny", Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id, 0), "nope", Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id + 1000, 0), "clip", Ct));
    }

    // ---------------------------------------------------------------- failures and removal

    [Fact]
    public async Task Recording_a_failure_replaces_the_content_keeps_the_id_and_a_later_save_clears_it()
    {
        await using var index = await OpenEmptyAsync();
        var good = Record(Video("/f/clip.mp4", TimeSpan.FromSeconds(4)),
            [new ShotRecord(0, TimeSpan.Zero, TimeSpan.FromSeconds(4)) { Thumbnail = [1], Hashes = new ImageHashes(new PerceptualHash(1), new PerceptualHash(1)) }],
            new AssetAnalysis("clip", "v1", [Tag("car", 0.9f, 0)], [new AssetEmbedding(0, [1, 0])]));
        var id = await index.SaveAsync(good, Ct);

        var failedAt = T0.AddTicks(3);
        await index.RecordFailureAsync(new AssetFailure("/f/clip.mp4", 77, failedAt, "moov atom not found"), Ct);

        var stored = await index.FindAsync("/f/clip.mp4", Ct);
        Assert.NotNull(stored);
        Assert.Equal(id, stored.Id);
        Assert.True(stored.Failed);
        Assert.Equal("moov atom not found", stored.Error);
        Assert.Equal("/f/clip.mp4", stored.Info.Path);
        Assert.Equal(77, stored.Info.SizeBytes);
        Assert.Equal(failedAt, stored.Info.ModifiedUtc);
        Assert.Equal(DateTimeKind.Utc, stored.Info.ModifiedUtc.Kind);
        Assert.Empty(stored.Analyses);
        Assert.Empty(await index.ShotsAsync(id, Ct));
        Assert.Null(await index.ThumbnailAsync(new ShotKey(id, 0), Ct));
        Assert.Empty(await index.HashesAsync(new AssetFilter { IncludeFailed = true }, Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(id, 0), "clip", Ct));
        Assert.Empty(await index.SearchTextAsync(["car"], new AssetFilter { IncludeFailed = true }, cancellationToken: Ct));
        Assert.Empty(await index.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, new AssetFilter { IncludeFailed = true }, Ct));

        Assert.Equal(id, await index.SaveAsync(good, Ct));
        var again = await index.FindAsync("/f/clip.mp4", Ct);
        Assert.Null(again!.Error);
        Assert.False(again.Failed);
        Assert.Equal(good.Info, again.Info);
        Assert.Single(await index.ShotsAsync(id, Ct));
    }

    [Fact]
    public async Task Failed_files_are_hidden_from_listings_and_path_search_unless_asked_for()
    {
        await using var index = await OpenEmptyAsync();
        var okId = await index.SaveAsync(Record(Image("/f/zebra.jpg"), Shots(1)), Ct);
        await index.RecordFailureAsync(new AssetFailure("/f/broken zebra.mov", 0, T0, "vanished during the scan"), Ct);
        var failedId = (await index.FindAsync("/f/broken zebra.mov", Ct))!.Id;

        Assert.Equal(["/f/zebra.jpg"], (await index.AssetsAsync(cancellationToken: Ct)).Select(a => a.Info.Path));
        Assert.Equal(["/f/broken zebra.mov", "/f/zebra.jpg"], (await index.AssetsAsync(new AssetFilter { IncludeFailed = true }, Ct)).Select(a => a.Info.Path));

        Assert.Equal([(okId, -1, "/f/zebra.jpg")], Hits(await index.SearchTextAsync(["zebra"], cancellationToken: Ct)));
        var withFailed = await index.SearchTextAsync(["zebra"], new AssetFilter { IncludeFailed = true }, cancellationToken: Ct);
        var expectedBoth = new List<(long, int, string)> { (okId, -1, "/f/zebra.jpg"), (failedId, -1, "/f/broken zebra.mov") };
        expectedBoth.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        Assert.Equal(expectedBoth, Hits(withFailed));
        var failedHit = withFailed.Single(h => h.AssetId == failedId);
        Assert.Equal(new TextHit(failedId, -1, "/f/broken zebra.mov", "path", 1f, TimeSpan.Zero, TimeSpan.Zero), failedHit);
    }

    [Fact]
    public async Task Remove_deletes_a_path_and_everything_stored_for_it()
    {
        await using var index = await OpenEmptyAsync();
        var gone = await index.SaveAsync(Record(Video("/r/gone.mp4", TimeSpan.FromSeconds(2)),
            [new ShotRecord(0, TimeSpan.Zero, TimeSpan.FromSeconds(2)) { Thumbnail = [1], Hashes = new ImageHashes(new PerceptualHash(3), new PerceptualHash(4)) }],
            new AssetAnalysis("clip", "v1", [Tag("car", 0.9f, 0)], [new AssetEmbedding(0, [1, 0])])), Ct);
        var kept = await index.SaveAsync(Record(Image("/r/kept.jpg"), Shots(1),
            new AssetAnalysis("clip", "v1", [Tag("car", 0.4f, 0)], [new AssetEmbedding(0, [0, 1])])), Ct);

        Assert.True(await index.RemoveAsync("/r/gone.mp4", Ct));
        Assert.False(await index.RemoveAsync("/r/gone.mp4", Ct));
        Assert.False(await index.RemoveAsync("/r/never.mp4", Ct));

        Assert.Null(await index.FindAsync("/r/gone.mp4", Ct));
        Assert.Equal(["/r/kept.jpg"], (await index.AssetsAsync(new AssetFilter { IncludeFailed = true }, Ct)).Select(a => a.Info.Path));
        Assert.Empty(await index.ShotsAsync(gone, Ct));
        Assert.Null(await index.ThumbnailAsync(new ShotKey(gone, 0), Ct));
        Assert.Null(await index.EmbeddingAsync(new ShotKey(gone, 0), "clip", Ct));
        Assert.Empty(await index.HashesAsync(cancellationToken: Ct));
        Assert.Equal([(kept, 0, "car")], Hits(await index.SearchTextAsync(["car"], cancellationToken: Ct)));
        Assert.Empty(await index.SearchTextAsync(["gone"], cancellationToken: Ct));
        Assert.Equal([new ShotKey(kept, 0)], (await index.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, cancellationToken: Ct)).Select(m => m.Shot));
        Assert.Single(await index.ShotsAsync(kept, Ct));
    }

    [Fact]
    public async Task A_failure_can_be_removed()
    {
        await using var index = await OpenEmptyAsync();
        await index.RecordFailureAsync(new AssetFailure("/r/bad.mov", 1, T0, "bad"), Ct);
        Assert.True(await index.RemoveAsync("/r/bad.mov", Ct));
        Assert.Null(await index.FindAsync("/r/bad.mov", Ct));
    }

    // ---------------------------------------------------------------- filters

    [Fact]
    public async Task Assets_are_listed_in_ordinal_path_order()
    {
        await using var index = await OpenEmptyAsync();
        string[] paths = ["/b/x.jpg", "/B/x.jpg", "/a/Z.jpg", "/a/z.jpg", "/a/é.jpg", "/a/e.jpg", "/a/_.jpg", "/a/ä/1.jpg", "/a/10.jpg", "/a/9.jpg"];
        foreach (var p in paths)
            await index.SaveAsync(Record(Image(p), Shots(1)), Ct);

        var expected = paths.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, (await index.AssetsAsync(cancellationToken: Ct)).Select(a => a.Info.Path));
    }

    [Fact]
    public async Task Every_filter_field_selects_exactly_the_assets_it_documents()
    {
        await using var index = await OpenEmptyAsync();
        var infos = FilterAssets();
        foreach (var info in infos)
            await index.SaveAsync(Record(info, Shots(1)), Ct);
        await index.RecordFailureAsync(new AssetFailure("/lib/a/b/failed.mov", 5, T0, "bad"), Ct);

        var cases = FilterCases();
        var wrong = new List<string>();
        foreach (var (name, filter, predicate) in cases)
        {
            var expected = infos.Where(predicate).Select(i => i.Path).Order(StringComparer.Ordinal).ToList();
            var actual = (await index.AssetsAsync(filter, Ct)).Select(a => a.Info.Path).ToList();
            if (!expected.SequenceEqual(actual))
                wrong.Add($"{name}: expected [{string.Join(", ", expected)}] got [{string.Join(", ", actual)}]");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_folder_filter_is_a_plain_prefix_that_ends_at_a_separator()
    {
        await using var index = await OpenEmptyAsync();
        string[] paths = ["/a/b/x.jpg", "/a/b/c/y.jpg", "/a/bc/z.jpg", "/a/b", "/A/b/u.jpg", "/a/b_/w.jpg", "/a/bx/v.jpg", "/a/b%/q.jpg", "/a/bb%/r.jpg"];
        foreach (var p in paths)
            await index.SaveAsync(Record(Image(p), Shots(1)), Ct);

        async Task<string[]> Folder(string folder) =>
            [.. (await index.AssetsAsync(new AssetFilter { Folder = folder }, Ct)).Select(a => a.Info.Path)];

        Assert.Equal(["/a/b/c/y.jpg", "/a/b/x.jpg"], await Folder("/a/b"));
        Assert.Equal(["/a/b/c/y.jpg", "/a/b/x.jpg"], await Folder("/a/b/"));
        Assert.Equal(["/a/b_/w.jpg"], await Folder("/a/b_"));
        Assert.Equal(["/a/b%/q.jpg"], await Folder("/a/b%"));
        Assert.Equal(["/a/b/c/y.jpg"], await Folder("/a/b/c"));
        Assert.Equal(["/A/b/u.jpg"], await Folder("/A/b"));
        Assert.Empty(await Folder("/a/b/x.jpg"));
        Assert.Empty(await Folder("/a/b/c/y"));
    }

    // ---------------------------------------------------------------- text search

    [Fact]
    public async Task Text_search_matches_whole_words_of_tags_and_paths_ordered_by_score_then_asset_shot_and_text()
    {
        await using var index = await OpenEmptyAsync();
        var a1 = await index.SaveAsync(Record(Video("/lib/cars/red_car_sunset.mp4", TimeSpan.FromSeconds(10)), Shots(2),
            new AssetAnalysis("clip", "v1",
                [
                    new AssetTag("red car", 0.9f, 0, TimeSpan.Zero, TimeSpan.FromSeconds(4)),
                    new AssetTag("sunset", 0.8f, 1, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10)),
                    new AssetTag("car park", 0.5f, 1, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10)),
                ], []),
            new AssetAnalysis("descriptors", "d1", [new AssetTag("warm", 0.7f, 0, TimeSpan.Zero, TimeSpan.FromSeconds(4))], [])), Ct);
        var a2 = await index.SaveAsync(Record(Image("/lib/boats/harbour.jpg"), Shots(1),
            new AssetAnalysis("clip", "v1", [Tag("boat", 0.95f, 0), Tag("sunset", 0.6f, 0), Tag("carousel", 0.9f, 0), Tag("Cars", 0.5f, 0)], [])), Ct);

        var car = await index.SearchTextAsync(["car"], cancellationToken: Ct);
        Assert.Equal(
            [
                new TextHit(a1, -1, "/lib/cars/red_car_sunset.mp4", "path", 1f, TimeSpan.Zero, TimeSpan.FromSeconds(10)),
                new TextHit(a1, 0, "red car", "clip", 0.9f, TimeSpan.Zero, TimeSpan.FromSeconds(4)),
                new TextHit(a1, 1, "car park", "clip", 0.5f, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10)),
            ], car);

        // Any term: "sunset" or "boat"; 0.8 vs 0.6 and the path (score 1) first.
        var any = await index.SearchTextAsync(["sunset", "boat"], cancellationToken: Ct);
        var expected = new List<(long, int, string, float)>
        {
            (a1, -1, "/lib/cars/red_car_sunset.mp4", 1f),
            (a2, 0, "boat", 0.95f),
            (a1, 1, "sunset", 0.8f),
            (a2, 0, "sunset", 0.6f),
        };
        Assert.Equal(expected, any.Select(h => (h.AssetId, h.ShotIndex, h.Text, h.Score)));

        Assert.Equal([(a2, 0, "Cars")], Hits(await index.SearchTextAsync(["cars"], new AssetFilter { Kind = AssetKind.Image }, cancellationToken: Ct)));
        Assert.Equal([(a1, -1, "/lib/cars/red_car_sunset.mp4")], Hits(await index.SearchTextAsync(["cars"], new AssetFilter { Kind = AssetKind.Video }, cancellationToken: Ct)));
        Assert.Equal([(a1, 0, "warm")], Hits(await index.SearchTextAsync(["warm"], cancellationToken: Ct)));
        Assert.Equal("descriptors", (await index.SearchTextAsync(["warm"], cancellationToken: Ct))[0].Source);
        Assert.Empty(await index.SearchTextAsync(["ca"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["sun"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["carpark"], cancellationToken: Ct));
    }

    [Fact]
    public async Task Text_search_orders_equal_scores_by_asset_then_shot_then_text_and_applies_the_limit_last()
    {
        await using var index = await OpenEmptyAsync();
        var ids = new List<long>();
        for (var a = 0; a < 3; a++)
        {
            ids.Add(await index.SaveAsync(Record(Video($"/t/{a}.mp4", TimeSpan.FromSeconds(3)), Shots(3),
                new AssetAnalysis("clip", "v1", [Tag("dog b", 0.5f, 2), Tag("dog a", 0.5f, 2), Tag("dog", 0.5f, 0), Tag("dog c", 0.75f, 1)], [])), Ct));
        }
        ids.Sort();

        var expected = new List<(long, int, string)>();
        foreach (var id in ids)
            expected.Add((id, 1, "dog c"));
        foreach (var id in ids)
        {
            expected.Add((id, 0, "dog"));
            expected.Add((id, 2, "dog a"));
            expected.Add((id, 2, "dog b"));
        }
        Assert.Equal(expected, Hits(await index.SearchTextAsync(["dog"], cancellationToken: Ct)));
        Assert.Equal(expected.Take(5), Hits(await index.SearchTextAsync(["dog"], limit: 5, cancellationToken: Ct)));
        Assert.Equal(expected.Take(1), Hits(await index.SearchTextAsync(["dog"], limit: 1, cancellationToken: Ct)));
        Assert.Equal(expected, Hits(await index.SearchTextAsync(["dog", "dog"], limit: 100, cancellationToken: Ct)));
    }

    [Fact]
    public async Task Text_search_matches_a_model_of_the_stored_rows_on_random_content()
    {
        await using var index = await OpenEmptyAsync();
        var rng = new Random(2024);
        string[] words = ["red", "car", "sunset", "beach", "dog", "night", "city", "face", "happy", "medium", "shot", "exterior", "2", "été", "straße"];
        var rows = new List<(long Asset, int Shot, string Text, string Source, float Score, TimeSpan Start, TimeSpan End, AssetInfo Info)>();
        for (var a = 0; a < 25; a++)
        {
            var isImage = rng.Next(3) == 0;
            var shotCount = isImage ? 1 : 1 + rng.Next(4);
            var path = $"/rand/{words[rng.Next(words.Length)]}/{words[rng.Next(words.Length)]}_{a}.{(isImage ? "jpg" : "mp4")}";
            var info = isImage ? Image(path) : Video(path, TimeSpan.FromSeconds(shotCount * 2));
            var tags = new List<AssetTag>();
            var seen = new HashSet<(int, string)>();
            for (var t = 0; t < rng.Next(8); t++)
            {
                var shot = rng.Next(shotCount);
                var name = words[rng.Next(words.Length)] + (rng.Next(2) == 0 ? "" : " " + words[rng.Next(words.Length)]);
                if (!seen.Add((shot, name)))
                    continue;
                // Scores on a coarse grid so that ties happen and the tie order is exercised.
                tags.Add(new AssetTag(name, rng.Next(5) / 4f, shot, TimeSpan.FromSeconds(shot * 2), TimeSpan.FromSeconds((shot * 2) + 1)));
            }
            var id = await index.SaveAsync(Record(info, Shots(shotCount), new AssetAnalysis("clip", "v1", tags, [])), Ct);
            rows.Add((id, -1, path, "path", 1f, TimeSpan.Zero, info.Duration, info));
            foreach (var tag in tags)
                rows.Add((id, tag.ShotIndex, tag.Name, "clip", tag.Score, tag.Start, tag.End, info));
        }

        for (var q = 0; q < 30; q++)
        {
            var terms = Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => words[rng.Next(words.Length)]).ToArray();
            var filter = rng.Next(3) switch
            {
                0 => AssetFilter.None,
                1 => new AssetFilter { Kind = AssetKind.Video },
                _ => new AssetFilter { Folder = "/rand/" + words[rng.Next(words.Length)] },
            };
            var limit = rng.Next(2) == 0 ? 1000 : 1 + rng.Next(6);
            var expected = rows
                .Where(r => PassesModelFilter(r.Info, filter) && SplitWords(r.Text).Intersect(terms).Any())
                .OrderByDescending(r => r.Score).ThenBy(r => r.Asset).ThenBy(r => r.Shot).ThenBy(r => r.Text, StringComparer.Ordinal)
                .Take(limit)
                .Select(r => new TextHit(r.Asset, r.Shot, r.Text, r.Source, r.Score, r.Start, r.End))
                .ToList();
            var actual = await index.SearchTextAsync(terms, filter, limit, Ct);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Text_search_finds_unicode_words_and_fts_keywords_as_plain_words()
    {
        await using var index = await OpenEmptyAsync();
        var id = await index.SaveAsync(Record(Image("/lib/Ölfeld/Straße.jpg"), Shots(1),
            new AssetAnalysis("clip", "v1", [Tag("Straße bei Nacht", 0.4f, 0), Tag("ÉTÉ", 0.3f, 0), Tag("rock and roll", 0.2f, 0), Tag("NEAR OR NOT", 0.1f, 0), Tag("東京 夜景", 0.05f, 0)], [])), Ct);

        Assert.Equal([(id, -1, "/lib/Ölfeld/Straße.jpg"), (id, 0, "Straße bei Nacht")], Hits(await index.SearchTextAsync(["straße"], cancellationToken: Ct)));
        Assert.Equal([(id, -1, "/lib/Ölfeld/Straße.jpg")], Hits(await index.SearchTextAsync(["ölfeld"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "Straße bei Nacht")], Hits(await index.SearchTextAsync(["nacht"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "ÉTÉ")], Hits(await index.SearchTextAsync(["été"], cancellationToken: Ct)));
        Assert.Empty(await index.SearchTextAsync(["ete"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["strasse"], cancellationToken: Ct));
        Assert.Empty(await index.SearchTextAsync(["olfeld"], cancellationToken: Ct));
        Assert.Equal([(id, 0, "rock and roll")], Hits(await index.SearchTextAsync(["and"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "NEAR OR NOT")], Hits(await index.SearchTextAsync(["or"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "NEAR OR NOT")], Hits(await index.SearchTextAsync(["near", "not"], cancellationToken: Ct)));
        Assert.Equal([(id, 0, "東京 夜景")], Hits(await index.SearchTextAsync(["東京"], cancellationToken: Ct)));
    }

    [Theory]
    [InlineData("car*")]
    [InlineData("\"car")]
    [InlineData("car OR boat")]
    [InlineData("NEAR(car")]
    [InlineData("'; DROP TABLE assets; --")]
    [InlineData("Car")]
    [InlineData("")]
    [InlineData("red car")]
    [InlineData("car-park")]
    [InlineData("%")]
    [InlineData("^car")]
    [InlineData("c:ar")]
    public async Task Text_search_rejects_terms_that_are_not_single_normalised_words(string term)
    {
        await using var index = await OpenEmptyAsync();
        await index.SaveAsync(Record(Image("/x/car.jpg"), Shots(1)), Ct);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchTextAsync([term], cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchTextAsync(["car", term], cancellationToken: Ct));
        Assert.NotNull(await index.FindAsync("/x/car.jpg", Ct));
    }

    [Fact]
    public async Task Text_search_with_no_terms_finds_nothing_and_a_limit_below_one_is_refused()
    {
        await using var index = await OpenEmptyAsync();
        await index.SaveAsync(Record(Image("/x/car.jpg"), Shots(1)), Ct);
        Assert.Empty(await index.SearchTextAsync([], cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => index.SearchTextAsync(["car"], limit: 0, cancellationToken: Ct));
    }

    // ---------------------------------------------------------------- vector search

    [Fact]
    public async Task Vector_search_equals_brute_force_cosine_in_double_precision()
    {
        await using var index = await OpenEmptyAsync();
        var rng = new Random(77);
        const int dimension = 16;
        var model = new List<(ShotKey Key, float[] Vector, AssetInfo Info)>();
        for (var a = 0; a < 30; a++)
        {
            var isImage = a % 3 == 0;
            var shotCount = isImage ? 1 : 1 + rng.Next(4);
            var info = isImage ? Image($"/v/{(a % 2 == 0 ? "even" : "odd")}/{a}.jpg") : Video($"/v/{(a % 2 == 0 ? "even" : "odd")}/{a}.mp4", TimeSpan.FromSeconds(shotCount));
            var embeddings = new List<AssetEmbedding>();
            for (var s = 0; s < shotCount; s++)
            {
                if (rng.Next(5) == 0)
                    continue; // not every shot has an embedding
                embeddings.Add(new AssetEmbedding(s, RandomVector(rng, dimension)));
            }
            var id = await index.SaveAsync(Record(info, Shots(shotCount),
                new AssetAnalysis("clip", "v1", [], embeddings),
                new AssetAnalysis("other", "v1", [], [new AssetEmbedding(0, RandomVector(rng, 3))])), Ct);
            foreach (var e in embeddings)
                model.Add((new ShotKey(id, e.ShotIndex), e.Vector, info));
        }

        var filters = new[] { AssetFilter.None, new AssetFilter { Kind = AssetKind.Video }, new AssetFilter { Folder = "/v/even" } };
        for (var q = 0; q < 12; q++)
        {
            var query = RandomVector(rng, dimension);
            var filter = filters[q % filters.Length];
            foreach (var k in new[] { 1, 5, 1000 })
            {
                var candidates = model.Where(m => PassesModelFilter(m.Info, filter)).ToList();
                var expected = candidates
                    .Select(m => (m.Key, Score: Cosine(m.Vector, query)))
                    .OrderByDescending(m => m.Score).ThenBy(m => m.Key.AssetId).ThenBy(m => m.Key.ShotIndex)
                    .Take(k)
                    .ToList();
                var actual = await index.SearchVectorsAsync("clip", query, k, filter, Ct);
                Assert.Equal(expected.Count, actual.Count);
                var trueScore = candidates.ToDictionary(m => m.Key, m => Cosine(m.Vector, query));
                for (var i = 0; i < expected.Count; i++)
                {
                    // The i-th result scores what the i-th exact result scores (to float rounding) and its reported
                    // score is its exact cosine; where two exact scores sit within rounding, either order is right.
                    Assert.Equal(expected[i].Score, actual[i].Score, 1e-5);
                    Assert.True(trueScore.TryGetValue(actual[i].Shot, out var exact), $"{actual[i].Shot} is not a candidate");
                    Assert.Equal(exact, actual[i].Score, 1e-5);
                    if (i > 0 && Math.Abs(expected[i].Score - expected[i - 1].Score) > 1e-5 && (i + 1 == expected.Count || Math.Abs(expected[i].Score - expected[i + 1].Score) > 1e-5))
                        Assert.Equal(expected[i].Key, actual[i].Shot);
                }
                Assert.Equal(actual.Count, actual.Select(m => m.Shot).Distinct().Count());
            }
        }
    }

    [Fact]
    public async Task Vector_search_breaks_ties_by_asset_id_then_shot_index()
    {
        await using var index = await OpenEmptyAsync();
        float[] same = [0.3f, -0.2f, 0.9f, 0.1f];
        float[] worse = [-0.3f, 0.2f, 0.1f, 0.4f];
        var ids = new List<long>();
        for (var a = 0; a < 4; a++)
        {
            ids.Add(await index.SaveAsync(Record(Video($"/tie/{a}.mp4", TimeSpan.FromSeconds(3)), Shots(3),
                new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(2, same), new AssetEmbedding(1, worse), new AssetEmbedding(0, same)])), Ct));
        }
        ids.Sort();

        var matches = await index.SearchVectorsAsync("clip", new float[] { 1, 0, 2, 0 }, 6, cancellationToken: Ct);
        var expected = new List<ShotKey>();
        foreach (var id in ids)
        {
            expected.Add(new ShotKey(id, 0));
            expected.Add(new ShotKey(id, 2));
        }
        Assert.Equal(expected.Take(6), matches.Select(m => m.Shot));
        Assert.All(matches, m => Assert.Equal(matches[0].Score, m.Score));
        Assert.Equal(Cosine(same, [1, 0, 2, 0]), matches[0].Score, 1e-6);
    }

    [Fact]
    public async Task Vector_search_returns_everything_when_k_exceeds_the_count_and_nothing_for_an_unknown_source()
    {
        await using var index = await OpenEmptyAsync();
        var id = await index.SaveAsync(Record(Video("/k/v.mp4", TimeSpan.FromSeconds(2)), Shots(2),
            new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, [1, 0]), new AssetEmbedding(1, [1, 1])])), Ct);

        var all = await index.SearchVectorsAsync("clip", new float[] { 1, 0 }, 50, cancellationToken: Ct);
        Assert.Equal([new ShotKey(id, 0), new ShotKey(id, 1)], all.Select(m => m.Shot));
        Assert.Equal(1.0, all[0].Score, 1e-6);
        Assert.Equal(Math.Sqrt(0.5), all[1].Score, 1e-6);

        Assert.Empty(await index.SearchVectorsAsync("unknown", new float[] { 1, 0 }, 5, cancellationToken: Ct));
        Assert.Empty(await index.SearchVectorsAsync("unknown", new float[] { 1, 0, 0 }, 5, cancellationToken: Ct));
        Assert.Empty(await index.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, new AssetFilter { Kind = AssetKind.Image }, Ct));
    }

    [Fact]
    public async Task Vector_search_refuses_a_query_of_the_wrong_length_and_k_below_one()
    {
        await using var index = await OpenEmptyAsync();
        await index.SaveAsync(Record(Image("/k/i.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, [1, 0, 0])])), Ct);

        await Assert.ThrowsAnyAsync<AssetIndexException>(() => index.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<AssetIndexException>(() => index.SearchVectorsAsync("clip", new float[] { 1, 0, 0, 0 }, 5, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => index.SearchVectorsAsync("clip", new float[] { 1, 0, 0 }, 0, cancellationToken: Ct));
    }

    [Fact]
    public async Task Vector_search_sees_writes_made_after_an_earlier_search()
    {
        await using var index = await OpenEmptyAsync();
        var a = await index.SaveAsync(Record(Image("/w/a.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, [1, 0])])), Ct);
        Assert.Single(await index.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, cancellationToken: Ct));

        var b = await index.SaveAsync(Record(Image("/w/b.jpg"), Shots(1), new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, [0, 1])])), Ct);
        Assert.Equal([new ShotKey(b, 0), new ShotKey(a, 0)], (await index.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        await index.SaveAnalysisAsync(a, new AssetAnalysis("clip", "v2", [], [new AssetEmbedding(0, [-1, 1])]), Ct);
        Assert.Equal([new ShotKey(a, 0), new ShotKey(b, 0)], (await index.SearchVectorsAsync("clip", new float[] { -1, 0.5f }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        await index.RemoveAsync("/w/b.jpg", Ct);
        Assert.Equal([new ShotKey(a, 0)], (await index.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        await index.RecordFailureAsync(new AssetFailure("/w/a.jpg", 0, T0, "gone"), Ct);
        Assert.Empty(await index.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct));
    }

    // ---------------------------------------------------------------- concurrency

    [Fact]
    public async Task Parallel_saves_of_different_assets_all_land()
    {
        await using var index = await OpenEmptyAsync();
        const int tasks = 8;
        const int perTask = 6;
        var results = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var rng = new Random(100 + t);
            var ids = new List<long>();
            for (var i = 0; i < perTask; i++)
            {
                var record = Record(Video($"/par/{t}/{i}.mp4", TimeSpan.FromSeconds(3)), Shots(3),
                    new AssetAnalysis("clip", "v1", [Tag($"task{t} item{i}", 0.5f, 1)],
                        [new AssetEmbedding(0, RandomVector(rng, 8)), new AssetEmbedding(2, RandomVector(rng, 8))]));
                ids.Add(await index.SaveAsync(record, Ct));
                Assert.NotNull(await index.FindAsync($"/par/{t}/{i}.mp4", Ct));
                await index.SearchTextAsync([$"task{t}"], cancellationToken: Ct);
                await index.SearchVectorsAsync("clip", RandomVector(rng, 8), 3, cancellationToken: Ct);
            }
            return ids;
        }, Ct)));

        var allIds = results.SelectMany(r => r).ToList();
        Assert.Equal(tasks * perTask, allIds.Distinct().Count());
        var assets = await index.AssetsAsync(cancellationToken: Ct);
        Assert.Equal(tasks * perTask, assets.Count);
        Assert.Equal(allIds.Order(), assets.Select(a => a.Id).Order());
        Assert.Equal(tasks * perTask * 2, (await index.SearchVectorsAsync("clip", Ones(8), 10_000, cancellationToken: Ct)).Count);
        for (var t = 0; t < tasks; t++)
            Assert.Equal(perTask, (await index.SearchTextAsync([$"task{t}"], cancellationToken: Ct)).Count);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Assets for the filter table: boundary values sit exactly on the bounds the cases use.</summary>
    private static List<AssetInfo> FilterAssets() =>
    [
        Image("/lib/a/b/still.jpg") with { Width = 1920, Height = 1080, ModifiedUtc = T0, CapturedUtc = T0.AddDays(-10) },
        Image("/lib/a/b/small.png") with { Width = 640, Height = 480, ModifiedUtc = T0.AddDays(-10).AddTicks(-1) },
        Image("/lib/a/bc/wide.jpg") with { Width = 1919, Height = 2000, ModifiedUtc = T0.AddDays(5) },
        Video("/lib/a/b/c/short.mp4", TimeSpan.FromSeconds(2)) with { Width = 1920, Height = 1079, ModifiedUtc = T0.AddDays(1), CapturedUtc = T0 },
        Video("/lib/a/b/exact.mp4", TimeSpan.FromSeconds(10)) with { Width = 3840, Height = 2160, ModifiedUtc = T0.AddDays(2) },
        Video("/lib/a/b/long.mp4", TimeSpan.FromSeconds(10).Add(TimeSpan.FromTicks(1))) with { Width = 1280, Height = 720, ModifiedUtc = T0.AddDays(-20), CapturedUtc = T0.AddDays(3) },
        Video("/lib/x/mid.mov", TimeSpan.FromSeconds(5)) with { Width = 1920, Height = 1080, ModifiedUtc = T0.AddDays(3) },
        Video("/lib/x/unknown.mov", TimeSpan.FromSeconds(30)) with { Width = 0, Height = 0, ModifiedUtc = T0.AddTicks(-1) },
        Video("/lib/a/b.mp4", TimeSpan.FromSeconds(2).Add(TimeSpan.FromTicks(-1))) with { Width = 1920, Height = 1080, ModifiedUtc = T0.AddDays(3).AddTicks(-1) },
    ];

    private static List<(string Name, AssetFilter Filter, Func<AssetInfo, bool> Expected)> FilterCases()
    {
        var two = TimeSpan.FromSeconds(2);
        var ten = TimeSpan.FromSeconds(10);
        return
        [
            ("none", AssetFilter.None, _ => true),
            ("kind image", new AssetFilter { Kind = AssetKind.Image }, i => i.Kind == AssetKind.Image),
            ("kind video", new AssetFilter { Kind = AssetKind.Video }, i => i.Kind == AssetKind.Video),
            ("min duration 2 s (inclusive)", new AssetFilter { MinDuration = two }, i => i.Duration >= two),
            ("max duration 10 s (inclusive)", new AssetFilter { MaxDuration = ten }, i => i.Duration <= ten),
            ("max duration 0 (stills)", new AssetFilter { MaxDuration = TimeSpan.Zero }, i => i.Duration == TimeSpan.Zero),
            ("2 s to 10 s", new AssetFilter { MinDuration = two, MaxDuration = ten }, i => i.Duration >= two && i.Duration <= ten),
            ("min width 1920 (inclusive)", new AssetFilter { MinWidth = 1920 }, i => i.Width >= 1920),
            ("min height 1080 (inclusive)", new AssetFilter { MinHeight = 1080 }, i => i.Height >= 1080),
            ("1920 x 1080", new AssetFilter { MinWidth = 1920, MinHeight = 1080 }, i => i.Width >= 1920 && i.Height >= 1080),
            ("from T0 (inclusive, capture time first)", new AssetFilter { From = T0 }, i => (i.CapturedUtc ?? i.ModifiedUtc) >= T0),
            ("until T0 (exclusive)", new AssetFilter { Until = T0 }, i => (i.CapturedUtc ?? i.ModifiedUtc) < T0),
            ("from T0 until T0+3d", new AssetFilter { From = T0, Until = T0.AddDays(3) }, i => (i.CapturedUtc ?? i.ModifiedUtc) >= T0 && (i.CapturedUtc ?? i.ModifiedUtc) < T0.AddDays(3)),
            ("from T0-10d until T0-10d (empty)", new AssetFilter { From = T0.AddDays(-10), Until = T0.AddDays(-10) }, _ => false),
            ("folder /lib/a/b", new AssetFilter { Folder = "/lib/a/b" }, i => i.Path.StartsWith("/lib/a/b/", StringComparison.Ordinal)),
            ("folder /lib", new AssetFilter { Folder = "/lib/" }, i => i.Path.StartsWith("/lib/", StringComparison.Ordinal)),
            ("folder /li", new AssetFilter { Folder = "/li" }, _ => false),
            ("everything at once", new AssetFilter { Kind = AssetKind.Video, MinDuration = two, MaxDuration = ten, MinWidth = 1280, MinHeight = 720, From = T0.AddDays(-30), Until = T0.AddDays(30), Folder = "/lib/a/b" },
                i => i.Kind == AssetKind.Video && i.Duration >= two && i.Duration <= ten && i.Width >= 1280 && i.Height >= 720 && i.Path.StartsWith("/lib/a/b/", StringComparison.Ordinal)),
        ];
    }

    /// <summary>The filter as the contract defines it, on a successfully scanned asset.</summary>
    private static bool PassesModelFilter(AssetInfo info, AssetFilter filter)
    {
        var date = info.CapturedUtc ?? info.ModifiedUtc;
        var folder = filter.Folder is null ? null : filter.Folder.EndsWith('/') ? filter.Folder : filter.Folder + "/";
        return (filter.Kind is null || info.Kind == filter.Kind)
            && (filter.MinDuration is null || info.Duration >= filter.MinDuration)
            && (filter.MaxDuration is null || info.Duration <= filter.MaxDuration)
            && (filter.MinWidth is null || info.Width >= filter.MinWidth)
            && (filter.MinHeight is null || info.Height >= filter.MinHeight)
            && (filter.From is null || date >= filter.From)
            && (filter.Until is null || date < filter.Until)
            && (folder is null || info.Path.StartsWith(folder, StringComparison.Ordinal));
    }

    /// <summary>Words as the contract defines them: lower-cased runs of letters and digits.</summary>
    private static HashSet<string> SplitWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var word = new System.Text.StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (System.Text.Rune.IsLetterOrDigit(rune))
            {
                word.Append(System.Text.Rune.ToLowerInvariant(rune).ToString());
                continue;
            }
            if (word.Length > 0)
                words.Add(word.ToString());
            word.Clear();
        }
        if (word.Length > 0)
            words.Add(word.ToString());
        return words;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    private static float[] RandomVector(Random rng, int dimension)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
            v[i] = (float)((rng.NextDouble() * 2) - 1);
        return v;
    }

    private static float[] Ones(int dimension)
    {
        var v = new float[dimension];
        Array.Fill(v, 1f);
        return v;
    }

    private static void Same<T>(T[] expected, T[]? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual);
    }

    private static List<(long, int, string)> Hits(IReadOnlyList<TextHit> hits) =>
        [.. hits.Select(h => (h.AssetId, h.ShotIndex, h.Text))];

    private static AssetTag Tag(string name, float score, int shot) =>
        new(name, score, shot, TimeSpan.FromSeconds(shot), TimeSpan.FromSeconds(shot + 1));

    private static AssetInfo Image(string path) =>
        new(path, AssetKind.Image, 1000, T0, "abc") { Width = 640, Height = 480 };

    private static AssetInfo Video(string path, TimeSpan duration) =>
        new(path, AssetKind.Video, 100_000, T0, "def") { Width = 1920, Height = 1080, Duration = duration, FrameRate = 25, Codec = "h264" };

    private static ShotRecord[] Shots(int count)
    {
        var shots = new ShotRecord[count];
        for (var i = 0; i < count; i++)
            shots[i] = new ShotRecord(i, TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(i + 1)) { Keyframe = TimeSpan.FromSeconds(i) };
        return shots;
    }

    private static AssetRecord Record(AssetInfo info, IReadOnlyList<ShotRecord> shots, params AssetAnalysis[] analyses) =>
        new(info, shots, analyses);
}
