using Augment.Vision;
using SixLabors.ImageSharp;

namespace Augment.Library.Tests.Ingest;

public sealed class LibraryScannerTests
{
    private const double FrameSeconds = 1.0 / 25;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>a.png (96x64), b.jpg (EXIF orientation 6, 2023-04-05 06:07:08 +02:00), sub/clip.mov (three shots, cuts at 1.6 s and 3.2 s).</summary>
    private static (string Png, string Jpeg, string Clip) MakeLibrary(ScratchFolder folder)
    {
        TestMedia.SkipWithoutFfmpeg();
        var png = folder.File("a.png");
        var jpeg = folder.File("b.jpg");
        var clip = folder.File("sub/clip.mov");
        TestMedia.Still(png, 96, 64, seed: 1);
        TestMedia.ExifJpeg(jpeg, "2023:04:05 06:07:08", "+02:00");
        TestMedia.ThreeShotClip(clip);
        return (png, jpeg, clip);
    }

    private static ScanOptions Options(params IAssetAnalyzer[] analyzers) =>
        ScanOptions.Default.WithAnalyzers(analyzers).WithMaxParallelFiles(2) with { AnalysisShortSidePixels = 64, ThumbnailLongSidePixels = 80 };

    [Fact]
    public async Task First_scan_adds_every_file_with_its_metadata_shots_hashes_and_thumbnails()
    {
        using var folder = new ScratchFolder();
        var (png, jpeg, clip) = MakeLibrary(folder);
        var analyzer = new RecordingAnalyzer("test", "1");
        var index = new MemoryAssetIndex();

        var report = await new LibraryScanner(Options(analyzer)).ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((3, 3, 0), (report.FilesSeen, report.Added, report.Failures.Count));
        Assert.Equal(4.8, report.MediaDuration.TotalSeconds, 2);

        var still = index.Record(png)!;
        Assert.Equal((AssetKind.Image, 96, 64, "png"), (still.Info.Kind, still.Info.Width, still.Info.Height, still.Info.Codec));
        Assert.Equal(new FileInfo(png).Length, still.Info.SizeBytes);
        Assert.Equal(new FileInfo(png).LastWriteTimeUtc, still.Info.ModifiedUtc);
        var shot = Assert.Single(still.Shots);
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (shot.Start, shot.End));
        Assert.NotNull(shot.Hashes);
        // The stored hash is the keyframe's: the picture resized to short side 64 (96x64 is already there).
        using (var picture = ImageFile.Load(png))
            Assert.Equal(ImageHashes.Compute(picture, Token), shot.Hashes);
        var thumbnail = Image.Identify(shot.Thumbnail);
        Assert.Equal((80, 53), (thumbnail.Width, thumbnail.Height));

        // EXIF: stored 64x32, orientation 6 = a quarter turn, so upright 32x64; 06:07:08 at +02:00 is 04:07:08 UTC.
        var photo = index.Record(jpeg)!;
        Assert.Equal((32, 64, "jpeg"), (photo.Info.Width, photo.Info.Height, photo.Info.Codec));
        Assert.Equal(new DateTime(2023, 4, 5, 4, 7, 8, DateTimeKind.Utc), photo.Info.CapturedUtc);
        Assert.Equal((32, 64, 0f), analyzer.Seen[jpeg].Single());

        var video = index.Record(clip)!;
        Assert.Equal((AssetKind.Video, 192, 108, 25.0), (video.Info.Kind, video.Info.Width, video.Info.Height, video.Info.FrameRate));
        Assert.Equal(4.8, video.Info.Duration.TotalSeconds, 2);
        Assert.Equal("01:02:03:04", video.Info.Timecode);
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), video.Info.CapturedUtc);
        Assert.Contains(video.Info.Codec, new[] { "h264", "mpeg4" });
        // The generated cuts are at frames 40 and 80; a detection within one frame counts.
        Assert.True(3 == video.Shots.Count, string.Join(", ", video.Shots.Select(s => $"{s.Start.TotalSeconds}-{s.End.TotalSeconds}")));
        Assert.Equal(0, video.Shots[0].Start.TotalSeconds, 3);
        Assert.InRange(video.Shots[1].Start.TotalSeconds, 1.6 - FrameSeconds - 1e-6, 1.6 + FrameSeconds + 1e-6);
        Assert.InRange(video.Shots[2].Start.TotalSeconds, 3.2 - FrameSeconds - 1e-6, 3.2 + FrameSeconds + 1e-6);
        Assert.Equal(4.8, video.Shots[2].End.TotalSeconds, 2);
        Assert.Equal([ShotTransition.None, ShotTransition.Cut, ShotTransition.Cut], video.Shots.Select(s => s.Transition));
        foreach (var s in video.Shots)
        {
            Assert.InRange(s.Keyframe, s.Start, s.End);
            Assert.NotNull(s.Hashes);
            Assert.Equal((80, 45), (Image.Identify(s.Thumbnail).Width, Image.Identify(s.Thumbnail).Height));
        }
        // Three different pictures: their keyframe hashes are far apart.
        Assert.True(video.Shots[0].Hashes!.Value.DistanceTo(video.Shots[1].Hashes!.Value) > 20);
        Assert.True(video.Shots[1].Hashes!.Value.DistanceTo(video.Shots[2].Hashes!.Value) > 20);

        // Keyframes at analysis size (short side 64 of 192x108 -> 114x64, thumbnails 80x45); motion: the bars stand still, the others move.
        var seen = analyzer.Seen[clip];
        Assert.All(seen, s => Assert.Equal((114, 64), (s.Width, s.Height)));
        Assert.True(seen[1].Motion < 0.005f, $"bars motion {seen[1].Motion}");
        Assert.True(seen[0].Motion > 3 * seen[1].Motion && seen[0].Motion < 1, $"testsrc2 motion {seen[0].Motion}");
        Assert.True(seen[2].Motion > 3 * seen[1].Motion && seen[2].Motion < 1, $"mandelbrot motion {seen[2].Motion}");

        // The analyser's tags and embeddings are stored with the asset.
        var analysis = index.Analyses(clip)["test"];
        Assert.Equal(3, analysis.Embeddings.Count);
        Assert.Equal("1", (await index.FindAsync(clip, Token))!.Analyses["test"]);
    }

    [Fact]
    public async Task Keyframes_are_the_detectors_frames_with_the_colours_of_Visions_own_decoder()
    {
        using var folder = new ScratchFolder();
        var (_, _, clip) = MakeLibrary(folder);
        var analyzer = new RecordingAnalyzer("test", "1");
        var index = new MemoryAssetIndex();
        await new LibraryScanner(Options(analyzer)).ScanAsync(folder.Path, index, null, Token);
        var record = index.Record(clip)!;
        var embeddings = index.Analyses(clip)["test"].Embeddings;

        // Independent: Vision's VideoFile decodes the clip at full size with its own colour handling; the scanner's
        // keyframe (picked by frame number, scaled by ffmpeg) must have the same mean colour as that frame.
        var wanted = record.Shots.Select(s => (long)Math.Round(s.Keyframe.TotalSeconds * 25)).ToList();
        using var reader = VideoFile.OpenRead(clip);
        var frameIndex = 0L;
        while (reader.ReadFrame(Token) is { } frame)
        {
            using (frame)
            {
                var shot = wanted.IndexOf(frameIndex++);
                if (shot < 0)
                    continue;
                for (var c = 0; c < 3; c++)
                {
                    var mean = frame.Plane(c).ToArray().Average();
                    Assert.True(Math.Abs(mean - (embeddings[shot].Vector[c] - 0.01f)) < 0.01f, $"shot {shot} channel {c}: Vision {mean}, scanner {embeddings[shot].Vector[c] - 0.01f}");
                }
            }
        }
        Assert.Equal(120, frameIndex);
    }

    [Fact]
    public async Task Second_scan_skips_every_unchanged_file()
    {
        using var folder = new ScratchFolder();
        MakeLibrary(folder);
        var analyzer = new RecordingAnalyzer("test", "1");
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options(analyzer));
        await scanner.ScanAsync(folder.Path, index, null, Token);
        var saves = index.Saves;

        var report = await scanner.ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((3, 0, 0, 0, 0, 0), (report.Unchanged, report.Added, report.Updated, report.MetadataOnly, report.Reanalysed, report.Failures.Count));
        Assert.Equal(saves, index.Saves);
        Assert.Equal(3, analyzer.TotalCalls);
        Assert.Equal(TimeSpan.Zero, report.MediaDuration);
    }

    [Fact]
    public async Task Touching_a_file_refreshes_its_time_without_detecting_shots_again()
    {
        using var folder = new ScratchFolder();
        var (_, _, clip) = MakeLibrary(folder);
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options(new RecordingAnalyzer("test", "1")));
        await scanner.ScanAsync(folder.Path, index, null, Token);
        var before = index.Record(clip)!;
        var touched = File.GetLastWriteTimeUtc(clip).AddHours(1);
        File.SetLastWriteTimeUtc(clip, touched);

        var report = await scanner.ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((1, 2, 0, 0), (report.MetadataOnly, report.Unchanged, report.Updated, report.Added));
        Assert.Equal(TimeSpan.Zero, report.MediaDuration); // nothing decoded in full
        var after = index.Record(clip)!;
        Assert.Equal(touched, after.Info.ModifiedUtc);
        Assert.Equal(before.Info with { ModifiedUtc = touched }, after.Info);
        Assert.Equal(before.Shots.Select(s => (s.Start, s.End, s.Keyframe, s.Hashes)), after.Shots.Select(s => (s.Start, s.End, s.Keyframe, s.Hashes)));
        Assert.Equal(before.Shots.Select(s => s.Thumbnail!.Length), after.Shots.Select(s => s.Thumbnail!.Length));
        Assert.Equal(3, index.Analyses(clip)["test"].Embeddings.Count);
    }

    [Fact]
    public async Task Changing_a_files_content_scans_it_again()
    {
        using var folder = new ScratchFolder();
        var (png, _, _) = MakeLibrary(folder);
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options());
        await scanner.ScanAsync(folder.Path, index, null, Token);
        var before = index.Record(png)!;
        TestMedia.Still(png, 120, 80, seed: 9);

        var report = await scanner.ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((1, 2), (report.Updated, report.Unchanged));
        var after = index.Record(png)!;
        Assert.Equal((120, 80), (after.Info.Width, after.Info.Height));
        Assert.NotEqual(before.Info.ContentHash, after.Info.ContentHash);
        Assert.NotEqual(before.Shots[0].Hashes, after.Shots[0].Hashes);
        Assert.Equal((await index.FindAsync(png, Token))!.Id, (await index.FindAsync(png, Token))!.Id);
    }

    [Fact]
    public async Task A_new_analyser_version_runs_only_that_analyser_again()
    {
        using var folder = new ScratchFolder();
        var (_, _, clip) = MakeLibrary(folder);
        var kept = new RecordingAnalyzer("kept", "1");
        var bumped = new RecordingAnalyzer("bumped", "1");
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options(kept, bumped));
        await scanner.ScanAsync(folder.Path, index, null, Token);
        var firstMotion = bumped.Seen[clip];
        var saves = index.Saves;
        bumped.Version = "2";

        var report = await scanner.ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((3, 0, 0), (report.Reanalysed, report.Unchanged, report.Updated));
        Assert.Equal(3, kept.TotalCalls);
        Assert.Equal(6, bumped.TotalCalls);
        Assert.Equal(saves, index.Saves); // no whole-asset save, only SaveAnalysisAsync
        Assert.Equal(3, index.AnalysisSaves);
        var stored = (await index.FindAsync(clip, Token))!;
        Assert.Equal(("1", "2"), (stored.Analyses["kept"], stored.Analyses["bumped"]));
        // Keyframes decoded again at the same size; motion is re-estimated near the keyframe (the bars still stand still).
        var again = bumped.Seen[clip];
        Assert.Equal(firstMotion.Select(s => (s.Width, s.Height)), again.Select(s => (s.Width, s.Height)));
        Assert.True(again[1].Motion < 0.005f && again[0].Motion > again[1].Motion, string.Join(", ", again));
    }

    [Fact]
    public async Task A_deleted_file_is_removed_from_the_index_unless_removal_is_off()
    {
        using var folder = new ScratchFolder();
        var (png, jpeg, _) = MakeLibrary(folder);
        var index = new MemoryAssetIndex();
        await new LibraryScanner(Options()).ScanAsync(folder.Path, index, null, Token);
        File.Delete(jpeg);

        var kept = await new LibraryScanner(Options().WithRemoveMissing(false)).ScanAsync(folder.Path, index, null, Token);
        Assert.Equal(0, kept.Removed);
        Assert.NotNull(await index.FindAsync(jpeg, Token));

        File.Delete(png);
        var report = await new LibraryScanner(Options()).ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((2, 1), (report.Removed, report.FilesSeen));
        Assert.Null(await index.FindAsync(jpeg, Token));
        Assert.Null(await index.FindAsync(png, Token));
    }

    [Fact]
    public async Task A_truncated_video_and_a_garbage_jpeg_are_recorded_as_failures_and_the_rest_indexed()
    {
        using var folder = new ScratchFolder();
        var (png, jpeg, clip) = MakeLibrary(folder);
        var truncated = folder.File("sub/truncated.mov");
        var bytes = File.ReadAllBytes(clip);
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var garbage = folder.File("garbage.jpg");
        File.WriteAllBytes(garbage, "this is not a picture"u8.ToArray());
        var index = new MemoryAssetIndex();

        var report = await new LibraryScanner(Options()).ScanAsync(folder.Path, index, null, Token);

        Assert.Equal((5, 3), (report.FilesSeen, report.Added));
        Assert.Equal([garbage, truncated], report.Failures.Select(f => f.Path));
        foreach (var path in new[] { garbage, truncated })
        {
            var stored = (await index.FindAsync(path, Token))!;
            Assert.True(stored.Failed);
            Assert.Equal(new FileInfo(path).Length, stored.Info.SizeBytes);
            Assert.False(string.IsNullOrWhiteSpace(stored.Error));
        }
        Assert.All(new[] { png, jpeg, clip }, p => Assert.NotNull(index.Record(p)));
        Assert.Equal(3, (await index.AssetsAsync(null, Token)).Count);
        Assert.Equal(5, (await index.AssetsAsync(new AssetFilter { IncludeFailed = true }, Token)).Count);
    }

    [Fact]
    public async Task A_file_deleted_between_the_walk_and_its_read_is_recorded_as_a_failure()
    {
        using var folder = new ScratchFolder();
        var first = folder.File("one.png");
        var second = folder.File("two.png");
        TestMedia.Still(first, 40, 30, 1);
        TestMedia.Still(second, 40, 30, 2);
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options()) { AfterWalk = _ => File.Delete(second) };

        var report = await scanner.ScanAsync(folder.Path, index, null, Token);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(second, failure.Path);
        Assert.Contains("vanished", failure.Error, StringComparison.Ordinal);
        Assert.True((await index.FindAsync(second, Token))!.Failed);
        Assert.NotNull(index.Record(first));
    }

    [Fact]
    public async Task An_analyser_that_throws_fails_only_that_file_and_a_fixed_file_is_retried()
    {
        using var folder = new ScratchFolder();
        var bad = folder.File("bad.png");
        var good = folder.File("good.png");
        TestMedia.Still(bad, 40, 30, 1);
        TestMedia.Still(good, 40, 30, 2);
        var fail = true;
        var analyzer = new RecordingAnalyzer("test", "1", s => fail && s.Info.Path == bad);
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options(analyzer));

        var report = await scanner.ScanAsync(folder.Path, index, null, Token);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(bad, failure.Path);
        Assert.Contains("analyser 'test'", failure.Error, StringComparison.Ordinal);
        Assert.NotNull(index.Record(good));

        // A failed file is tried again on the next scan even when it did not change.
        fail = false;
        var again = await scanner.ScanAsync(folder.Path, index, null, Token);
        Assert.Equal((1, 1, 0), (again.Updated, again.Unchanged, again.Failures.Count));
        Assert.False((await index.FindAsync(bad, Token))!.Failed);
    }

    [Fact]
    public async Task An_index_refusing_one_file_records_that_file_as_failed()
    {
        using var folder = new ScratchFolder();
        var refused = folder.File("refused.png");
        var fine = folder.File("fine.png");
        TestMedia.Still(refused, 40, 30, 1);
        TestMedia.Still(fine, 40, 30, 2);
        var index = new MemoryAssetIndex { RefuseSave = p => p == refused };

        var report = await new LibraryScanner(Options()).ScanAsync(folder.Path, index, null, Token);

        Assert.Equal(refused, Assert.Single(report.Failures).Path);
        Assert.Contains("refuses", (await index.FindAsync(refused, Token))!.Error, StringComparison.Ordinal);
        Assert.NotNull(index.Record(fine));
    }

    [Fact]
    public async Task Cancelling_a_scan_leaves_only_complete_assets_in_the_index()
    {
        using var folder = new ScratchFolder();
        for (var i = 0; i < 8; i++)
            TestMedia.Still(folder.File($"p{i}.png"), 48, 32, i);
        var analyzer = new RecordingAnalyzer("test", "1");
        var index = new MemoryAssetIndex();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new SyncProgress<AugmentProgress>(p =>
        {
            if (p.ItemsDone >= 3)
                cancel.Cancel();
        });
        var scanner = new LibraryScanner(Options(analyzer).WithMaxParallelFiles(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scanner.ScanAsync(folder.Path, index, progress, cancel.Token));

        var stored = await index.AssetsAsync(new AssetFilter { IncludeFailed = true }, Token);
        Assert.InRange(stored.Count, 3, 4);
        foreach (var asset in stored)
        {
            var record = index.Record(asset.Info.Path)!;
            Assert.False(asset.Failed);
            Assert.NotNull(Assert.Single(record.Shots).Thumbnail);
            Assert.Equal("1", asset.Analyses["test"]);
        }
    }

    [Fact]
    public async Task Cancelling_inside_a_file_stores_nothing_of_it()
    {
        TestMedia.SkipWithoutFfmpeg();
        using var folder = new ScratchFolder();
        var clip = folder.File("a_clip.mov");
        TestMedia.ThreeShotClip(clip);
        TestMedia.Still(folder.File("b.png"), 40, 30, 1);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // The analyser runs after the clip is decoded and before it is saved: cancel there.
        var index = new MemoryAssetIndex();
        var scanner = new LibraryScanner(Options(new CancellingAnalyzer(cancel)).WithMaxParallelFiles(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scanner.ScanAsync(folder.Path, index, null, cancel.Token));

        Assert.Null(await index.FindAsync(clip, Token));
        Assert.Equal(0, index.Saves + index.FailureRecords);
    }

    [Fact]
    public async Task A_Y4M_clip_written_by_ffmpeg_is_indexed()
    {
        TestMedia.SkipWithoutFfmpeg();
        using var folder = new ScratchFolder();
        var clip = folder.File("raw.y4m");
        TestMedia.Run("-y", "-f", "lavfi", "-i", "testsrc2=s=128x72:r=25:d=1", "-pix_fmt", "yuv420p", clip);
        var index = new MemoryAssetIndex();

        var report = await new LibraryScanner(Options()).ScanAsync(folder.Path, index, null, Token);

        Assert.Equal(1, report.Added);
        var record = index.Record(clip)!;
        Assert.Equal((128, 72, 25.0, "rawvideo"), (record.Info.Width, record.Info.Height, record.Info.FrameRate, record.Info.Codec));
        Assert.Single(record.Shots);
        Assert.Equal(1.0, record.Shots[0].End.TotalSeconds, 3);
    }

    [Fact]
    public async Task A_Y4M_clip_is_indexed_without_ffmpeg()
    {
        // Orange for 20 frames, then saturated blue for 20, at 25 frames/s: one cut at 0.8 s.
        using var folder = new ScratchFolder();
        var clip = folder.File("generated.y4m");
        using (var writer = Y4mWriter.Create(clip, 96, 64, 25, 1, Y4mChroma.Yuv444))
        {
            foreach (var colour in new[] { new[] { 1f, 0.55f, 0f }, [0f, 0f, 1f] })
                for (var i = 0; i < 20; i++)
                {
                    using var frame = ImageFrame.Create(96, 64, 3);
                    for (var c = 0; c < 3; c++)
                        frame.Plane(c).Fill(colour[c]);
                    writer.WriteFrame(frame, Token);
                }
            writer.Complete();
        }
        var index = new MemoryAssetIndex();
        var options = Options() with { FfmpegPath = folder.File("no-ffmpeg-here") };

        var report = await new LibraryScanner(options).ScanAsync(folder.Path, index, null, Token);

        Assert.Equal(1, report.Added);
        Assert.Empty(report.Failures);
        var record = index.Record(clip)!;
        Assert.Equal((96, 64, 25.0, "rawvideo"), (record.Info.Width, record.Info.Height, record.Info.FrameRate, record.Info.Codec));
        Assert.Equal(TimeSpan.FromSeconds(1.6), record.Info.Duration);
        Assert.Equal(2, record.Shots.Count);
        Assert.Equal(0.8, record.Shots[1].Start.TotalSeconds, 3);
        // The second shot's thumbnail is the blue picture.
        using var thumbnail = ImageFile.Load(new MemoryStream(record.Shots[1].Thumbnail!), "thumb.jpg");
        Assert.True(thumbnail.Plane(2)[0] > 0.9f && thumbnail.Plane(0)[0] < 0.1f);
    }

    private sealed class CancellingAnalyzer(CancellationTokenSource cancel) : IAssetAnalyzer
    {
        public string Source => "cancelling";

        public string Version => "1";

        public AssetAnalysis Analyze(AssetSample sample, CancellationToken cancellationToken = default)
        {
            cancel.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the scan's token was not passed to the analyser");
        }
    }

    [Fact]
    public async Task Progress_counts_files_and_the_report_summarises_the_scan()
    {
        using var folder = new ScratchFolder();
        for (var i = 0; i < 3; i++)
            TestMedia.Still(folder.File($"p{i}.png"), 40, 30, i);
        var reports = new List<AugmentProgress>();
        var progress = new SyncProgress<AugmentProgress>(p => { lock (reports) reports.Add(p); });

        var report = await new LibraryScanner(Options()).ScanAsync(folder.Path, new MemoryAssetIndex(), progress, Token);

        Assert.Equal(4, reports.Count);
        Assert.All(reports, p => Assert.Equal(("scan", 3L), (p.Stage, p.ItemsTotal)));
        Assert.Equal([0L, 1L, 2L, 3L], reports.Select(p => p.ItemsDone).Order());
        Assert.StartsWith($"3 files in {folder.Path}: 3 added, 0 updated", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_analysers_with_one_source_name_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new LibraryScanner(Options(new RecordingAnalyzer("x", "1"), new RecordingAnalyzer("x", "2"))));
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }
}
