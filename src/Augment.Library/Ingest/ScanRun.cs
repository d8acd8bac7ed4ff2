using System.Collections.Concurrent;
using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// The state of one scan: the per-file decisions and work, the tallies, and the gate that keeps index calls to one at
/// a time (an index implementation need not be thread-safe).
/// </summary>
internal sealed class ScanRun(ScanOptions options, IAssetIndex index, ComputeBudget fileBudget) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentBag<ScanFailure> _failures = [];
    private readonly int[] _counts = new int[Enum.GetValues<ScanOutcome>().Length];
    private readonly ShotDetectionOptions _shots = options.Shots ?? ShotDetectionOptions.Default;
    private long _mediaTicks;

    public async Task<T> Index<T>(Func<IAssetIndex, Task<T>> call)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await call(index).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task Index(Func<IAssetIndex, Task> call)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await call(index).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public void Count(ScanOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);

    public ScanReport Report(string root, int seen, int removed, TimeSpan wall)
    {
        var failures = _failures.ToList();
        failures.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ScanReport
        {
            Folder = root,
            FilesSeen = seen,
            Added = _counts[(int)ScanOutcome.Added],
            Updated = _counts[(int)ScanOutcome.Updated],
            MetadataOnly = _counts[(int)ScanOutcome.MetadataOnly],
            Reanalysed = _counts[(int)ScanOutcome.Reanalysed],
            Unchanged = _counts[(int)ScanOutcome.Unchanged],
            Failures = failures,
            Removed = removed,
            MediaDuration = TimeSpan.FromTicks(Interlocked.Read(ref _mediaTicks)),
            WallTime = wall,
        };
    }

    /// <summary>Decides what a file needs and does it; a failure is recorded, never thrown (cancellation is).</summary>
    public async Task<ScanOutcome> ProcessAsync(string path, CancellationToken cancellationToken)
    {
        var size = 0L;
        var modified = DateTime.UnixEpoch;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
                throw new FileNotFoundException($"'{path}' is gone: it vanished after the folder was listed.", path);
            size = file.Length;
            modified = file.LastWriteTimeUtc;
            var kind = MediaWalker.KindOf(path) ?? AssetKind.Image;
            var stored = await Index(i => i.FindAsync(path, cancellationToken)).ConfigureAwait(false);
            var known = stored is { Failed: false } && stored.Info.Kind == kind;
            if (known && stored!.Info.SizeBytes == size && stored.Info.ModifiedUtc == modified)
            {
                var stale = StaleAnalyzers(stored);
                if (stale.Count == 0)
                    return ScanOutcome.Unchanged;
                await ReanalyseAsync(stored, stale, cancellationToken).ConfigureAwait(false);
                return ScanOutcome.Reanalysed;
            }
            var hash = ContentHash.Compute(path, options.HashWholeFile, cancellationToken);
            if (known && string.Equals(stored!.Info.ContentHash, hash, StringComparison.Ordinal))
            {
                await RefreshAsync(stored, size, modified, cancellationToken).ConfigureAwait(false);
                return ScanOutcome.MetadataOnly;
            }
            var record = kind == AssetKind.Video
                ? IngestVideo(path, size, modified, hash, cancellationToken)
                : IngestStill(path, size, modified, hash, cancellationToken);
            await Index(i => i.SaveAsync(record, cancellationToken)).ConfigureAwait(false);
            Interlocked.Add(ref _mediaTicks, record.Info.Duration.Ticks);
            return stored is null ? ScanOutcome.Added : ScanOutcome.Updated;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var message = Describe(ex);
            try
            {
                await Index(i => i.RecordFailureAsync(new AssetFailure(path, size, modified, message), cancellationToken)).ConfigureAwait(false);
            }
            catch (AssetIndexException indexError)
            {
                message += $" (the failure could not be recorded either: {indexError.Message})";
            }
            _failures.Add(new ScanFailure(path, message));
            return ScanOutcome.Failed;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        AugmentException or IOException or UnauthorizedAccessException => ex.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private List<IAssetAnalyzer> StaleAnalyzers(StoredAsset stored)
    {
        var stale = new List<IAssetAnalyzer>();
        foreach (var analyzer in options.Analyzers)
        {
            if (!stored.Analyses.TryGetValue(analyzer.Source, out var version) || !string.Equals(version, analyzer.Version, StringComparison.Ordinal))
                stale.Add(analyzer);
        }
        return stale;
    }

    // ---- full scans -------------------------------------------------------------------------------------------

    private AssetRecord IngestStill(string path, long size, DateTime modified, string hash, CancellationToken cancellationToken)
    {
        var metadata = StillMetadata.Identify(path);
        var info = new AssetInfo(path, AssetKind.Image, size, modified, hash)
        {
            Width = metadata.Width,
            Height = metadata.Height,
            Codec = metadata.Format,
            CapturedUtc = metadata.CapturedUtc,
        };
        using var keyframe = LoadStillKeyframe(path);
        var shot = Describe(new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero) { Keyframe = TimeSpan.Zero, Transition = ShotTransition.None }, keyframe, cancellationToken);
        var analyses = Analyse(options.Analyzers, new AssetSample(info, [new ShotSample(0, TimeSpan.Zero, TimeSpan.Zero, keyframe, 0f)]), cancellationToken);
        return new AssetRecord(info, [shot], analyses);
    }

    private ImageFrame LoadStillKeyframe(string path)
    {
        // ImageFile applies the EXIF orientation, so the keyframe is the picture as it is meant to be seen.
        using var picture = ImageFile.Load(path, new ImageDecodeOptions { Budget = fileBudget });
        return KeyframeImages.ToAnalysisFrame(picture, options.AnalysisShortSidePixels);
    }

    private AssetRecord IngestVideo(string path, long size, DateTime modified, string hash, CancellationToken cancellationToken)
    {
        var metadata = ProbeVideo(path, cancellationToken);
        var (detectWidth, detectHeight) = KeyframeImages.DetectionSize(metadata.Width, metadata.Height, 2 * _shots.AnalysisWidthPixels);
        IReadOnlyList<Shot> shots;
        using var motion = new MotionMeter(OpenScaled(path, metadata, detectWidth, detectHeight, null));
        shots = ShotDetector.Detect(motion, _shots, null, cancellationToken);
        var fps = metadata.FramesPerSecond > 0 ? metadata.FramesPerSecond : 25.0;
        var duration = metadata.Duration > TimeSpan.Zero ? metadata.Duration : TimeSpan.FromSeconds(motion.Changes.Count / fps);
        var info = new AssetInfo(path, AssetKind.Video, size, modified, hash)
        {
            Width = metadata.Width,
            Height = metadata.Height,
            Duration = duration,
            FrameRate = metadata.FramesPerSecond,
            Codec = metadata.Codec,
            Timecode = metadata.Timecode,
            CapturedUtc = metadata.CreatedUtc,
        };

        var indices = new long[shots.Count];
        for (var s = 0; s < shots.Count; s++)
            indices[s] = shots[s].KeyframeIndex;
        var keyframes = DecodeFrames(path, metadata, indices, cancellationToken);
        try
        {
            var records = new ShotRecord[shots.Count];
            var samples = new ShotSample[shots.Count];
            for (var s = 0; s < shots.Count; s++)
            {
                var shot = shots[s];
                var keyframe = keyframes[s];
                records[s] = Describe(new ShotRecord(s, shot.Start, shot.End)
                {
                    Keyframe = TimeSpan.FromSeconds(shot.KeyframeIndex / fps),
                    Transition = shot.Transition,
                }, keyframe, cancellationToken);
                samples[s] = new ShotSample(s, shot.Start, shot.End, keyframe, motion.ShotMotion(shot.StartFrame, shot.EndFrame));
            }
            var analyses = Analyse(options.Analyzers, new AssetSample(info, samples), cancellationToken);
            return new AssetRecord(info, records, analyses);
        }
        finally
        {
            foreach (var frame in keyframes)
                frame.Dispose();
        }
    }

    // .y4m is read by Vision's own decoder, so a library of generated or intermediate clips needs no ffmpeg.
    private VideoMetadata ProbeVideo(string path, CancellationToken cancellationToken) => VideoFile.IsY4mPath(path)
        ? Y4mScaledReader.Probe(path, fileBudget)
        : VideoMetadata.Probe(FfmpegLocator.RequireFfprobe(options.FfmpegPath), path, cancellationToken);

    private IFrameReader OpenScaled(string path, VideoMetadata metadata, int width, int height, IReadOnlyList<long>? wanted) =>
        VideoFile.IsY4mPath(path)
            ? Y4mScaledReader.Open(path, width, height, wanted, fileBudget)
            : RawVideoReader.Open(FfmpegLocator.RequireFfmpeg(options.FfmpegPath), path, metadata, width, height, wanted, fileBudget);

    /// <summary>Decodes the frames with these decode-order indices (any order, repeats allowed) at analysis resolution.</summary>
    private List<ImageFrame> DecodeFrames(string path, VideoMetadata metadata, IReadOnlyList<long> indices, CancellationToken cancellationToken)
    {
        var wanted = new SortedSet<long>(indices).ToList();
        var (width, height) = KeyframeImages.ShortSide(metadata.Width, metadata.Height, options.AnalysisShortSidePixels);
        var byIndex = new Dictionary<long, ImageFrame>();
        try
        {
            using (var reader = OpenScaled(path, metadata, width, height, wanted))
            {
                foreach (var index in wanted)
                {
                    var frame = reader.ReadFrame(cancellationToken)
                        ?? throw new InvalidMediaException(path, -1, $"frame {index} could not be decoded again (the video has fewer frames than the first pass counted).");
                    byIndex[index] = frame;
                }
                // Drain to the end so that ffmpeg's exit status and error lines are checked.
                while (reader.ReadFrame(cancellationToken) is { } extra)
                    extra.Dispose();
            }
            var result = new List<ImageFrame>(indices.Count);
            var used = new HashSet<long>();
            foreach (var index in indices)
                result.Add(used.Add(index) ? byIndex[index] : byIndex[index].Clone());
            return result;
        }
        catch
        {
            foreach (var frame in byIndex.Values)
                frame.Dispose();
            throw;
        }
    }

    private ShotRecord Describe(ShotRecord shot, ImageFrame keyframe, CancellationToken cancellationToken) => shot with
    {
        Hashes = ImageHashes.Compute(keyframe, cancellationToken),
        Thumbnail = KeyframeImages.Thumbnail(keyframe, options.ThumbnailLongSidePixels, options.ThumbnailQuality),
    };

    private static List<AssetAnalysis> Analyse(IReadOnlyList<IAssetAnalyzer> analyzers, AssetSample sample, CancellationToken cancellationToken)
    {
        var analyses = new List<AssetAnalysis>(analyzers.Count);
        foreach (var analyzer in analyzers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AssetAnalysis result;
            try
            {
                result = analyzer.Analyze(sample, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw new AnalyzerException($"analyser '{analyzer.Source}' (version {analyzer.Version}) failed: {ex.GetType().Name}: {ex.Message}", ex);
            }
            if (result is null)
                throw new AnalyzerException($"analyser '{analyzer.Source}' returned no analysis.", new InvalidOperationException("null analysis"));
            // The index keys analyses by source and compares versions with the analyser's: store them as the analyser names them.
            analyses.Add(result with { Source = analyzer.Source, Version = analyzer.Version });
        }
        return analyses;
    }

    // ---- incremental paths ------------------------------------------------------------------------------------

    /// <summary>Unchanged file, analysers with a new version: run only those on the stored shots' keyframes.</summary>
    private async Task ReanalyseAsync(StoredAsset stored, List<IAssetAnalyzer> stale, CancellationToken cancellationToken)
    {
        var shots = await Index(i => i.ShotsAsync(stored.Id, cancellationToken)).ConfigureAwait(false);
        var samples = DecodeStoredShots(stored, shots, cancellationToken);
        try
        {
            var analyses = Analyse(stale, new AssetSample(stored.Info, samples), cancellationToken);
            foreach (var analysis in analyses)
                await Index(i => i.SaveAnalysisAsync(stored.Id, analysis, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var sample in samples)
                sample.Keyframe.Dispose();
        }
    }

    /// <summary>
    /// Same content, new time: keep the stored shots, hashes and thumbnails, and store them again with the new file
    /// time. The index contract has no call that reads an asset's tags back, and a save replaces them, so the
    /// analysers run again on the keyframes (decoded by frame number in one pass: no shot detection); with no
    /// analysers nothing is decoded at all.
    /// </summary>
    private async Task RefreshAsync(StoredAsset stored, long size, DateTime modified, CancellationToken cancellationToken)
    {
        var shots = await Index(i => i.ShotsAsync(stored.Id, cancellationToken)).ConfigureAwait(false);
        var records = new List<ShotRecord>(shots.Count);
        foreach (var shot in shots)
        {
            var thumbnail = await Index(i => i.ThumbnailAsync(shot.Key, cancellationToken)).ConfigureAwait(false);
            records.Add(new ShotRecord(shot.Key.ShotIndex, shot.Start, shot.End)
            {
                Keyframe = shot.Keyframe,
                Transition = shot.Transition,
                Hashes = shot.Hashes,
                Thumbnail = thumbnail,
            });
        }
        var info = stored.Info with { SizeBytes = size, ModifiedUtc = modified };
        var analyses = new List<AssetAnalysis>();
        if (options.Analyzers.Count > 0)
        {
            var samples = DecodeStoredShots(stored, shots, cancellationToken);
            try
            {
                analyses = Analyse(options.Analyzers, new AssetSample(info, samples), cancellationToken);
            }
            finally
            {
                foreach (var sample in samples)
                    sample.Keyframe.Dispose();
            }
        }
        await Index(i => i.SaveAsync(new AssetRecord(info, records, analyses), cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Keyframes of stored shots, decoded again. A video's motion amount is not stored, so it is estimated from up to
    /// <see cref="MotionWindowFrames"/> frames from the keyframe on (within the shot).
    /// </summary>
    private List<ShotSample> DecodeStoredShots(StoredAsset stored, IReadOnlyList<StoredShot> shots, CancellationToken cancellationToken)
    {
        var path = stored.Info.Path;
        var samples = new List<ShotSample>(shots.Count);
        if (stored.Info.Kind == AssetKind.Image)
        {
            samples.Add(new ShotSample(0, TimeSpan.Zero, TimeSpan.Zero, LoadStillKeyframe(path), 0f));
            return samples;
        }
        var metadata = ProbeVideo(path, cancellationToken);
        var fps = stored.Info.FrameRate > 0 ? stored.Info.FrameRate : metadata.FramesPerSecond > 0 ? metadata.FramesPerSecond : 25.0;
        var indices = new List<long>();
        var windows = new List<(int First, int Count)>();
        foreach (var shot in shots)
        {
            var keyframe = (long)Math.Round(shot.Keyframe.TotalSeconds * fps);
            // Shot.End is the time just after the shot's last frame.
            var last = Math.Max(keyframe, (long)Math.Round(shot.End.TotalSeconds * fps) - 1);
            var count = (int)Math.Min(MotionWindowFrames, last - keyframe + 1);
            windows.Add((indices.Count, count));
            for (var k = 0; k < count; k++)
                indices.Add(keyframe + k);
        }
        var frames = DecodeFrames(path, metadata, indices, cancellationToken);
        try
        {
            for (var s = 0; s < shots.Count; s++)
            {
                var (first, count) = windows[s];
                var window = frames.GetRange(first, count);
                samples.Add(new ShotSample(shots[s].Key.ShotIndex, shots[s].Start, shots[s].End, window[0], MotionMeter.MotionOf(window)));
                for (var k = 1; k < count; k++)
                    window[k].Dispose();
            }
            return samples;
        }
        catch
        {
            foreach (var frame in frames)
                frame.Dispose();
            throw;
        }
    }

    private const int MotionWindowFrames = 13;
}
