namespace Augment.Library.Tests.Ingest;

/// <summary>End to end: the scanner filling the real embedded index, SqliteAssetIndex, through every incremental path.</summary>
public sealed class ScannerOnSqliteTests
{
    [Fact]
    public async Task Scanning_into_SQLite_adds_skips_refreshes_reanalyses_and_removes()
    {
        TestMedia.SkipWithoutFfmpeg();
        var token = TestContext.Current.CancellationToken;
        using var media = new ScratchFolder();
        using var database = new ScratchFolder();
        var png = media.File("a.png");
        var clip = media.File("sub/clip.mov");
        var garbage = media.File("broken.jpg");
        TestMedia.Still(png, 96, 64, seed: 1);
        TestMedia.ThreeShotClip(clip);
        File.WriteAllBytes(garbage, [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]);
        var tagger = new RecordingAnalyzer("tagger", "1");
        var options = ScanOptions.Default.WithAnalyzers(tagger) with { AnalysisShortSidePixels = 64, ThumbnailLongSidePixels = 80 };
        await using var index = await SqliteAssetIndex.OpenAsync(database.File("library.db"), cancellationToken: token);
        var scanner = new LibraryScanner(options);

        var first = await scanner.ScanAsync(media.Path, index, null, token);
        Assert.Equal((3, 2), (first.FilesSeen, first.Added));
        Assert.Equal(garbage, Assert.Single(first.Failures).Path);
        var video = (await index.FindAsync(clip, token))!;
        Assert.Equal(("01:02:03:04", 3), (video.Info.Timecode, (await index.ShotsAsync(video.Id, token)).Count));
        Assert.Equal(4, (await index.HashesAsync(null, token)).Count); // 3 shots + 1 still
        Assert.NotNull(await index.ThumbnailAsync(new ShotKey(video.Id, 2), token));
        // The analyser's tags are searchable and an embedding finds its own shot first.
        var hits = await index.SearchTextAsync(["tagger"], null, 100, token);
        Assert.Equal(4, hits.Count(h => h.Source == "tagger"));
        var embedding = (await index.EmbeddingAsync(new ShotKey(video.Id, 1), "tagger", token))!;
        Assert.Equal(new ShotKey(video.Id, 1), (await index.SearchVectorsAsync("tagger", embedding, 1, null, token))[0].Shot);

        var second = await scanner.ScanAsync(media.Path, index, null, token);
        Assert.Equal((2, 1), (second.Unchanged, second.Failures.Count)); // the broken file is tried again and fails again

        File.SetLastWriteTimeUtc(clip, File.GetLastWriteTimeUtc(clip).AddMinutes(5));
        tagger.Version = "2";
        var third = await scanner.ScanAsync(media.Path, index, null, token);
        Assert.Equal((1, 1), (third.MetadataOnly, third.Reanalysed));
        var refreshed = (await index.FindAsync(clip, token))!;
        Assert.Equal((video.Id, "2"), (refreshed.Id, refreshed.Analyses["tagger"]));
        Assert.Equal(File.GetLastWriteTimeUtc(clip), refreshed.Info.ModifiedUtc);
        Assert.Equal(3, (await index.ShotsAsync(refreshed.Id, token)).Count);

        File.Delete(png);
        File.Delete(garbage);
        var fourth = await scanner.ScanAsync(media.Path, index, null, token);
        Assert.Equal((2, 1), (fourth.Removed, fourth.Unchanged));
        Assert.Equal([clip], (await index.AssetsAsync(new AssetFilter { IncludeFailed = true }, token)).Select(a => a.Info.Path));
    }
}
