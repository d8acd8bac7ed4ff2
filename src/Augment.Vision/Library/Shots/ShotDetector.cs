namespace Augment.Vision;

/// <summary>
/// Finds the shots of a video: hard cuts (colour-histogram change plus the edge change ratio of
/// Zabih, Miller and Mai 1995, against an adaptive median/MAD threshold), dissolves (a frame that is
/// the linear blend of its neighbours while the two ends differ) and fades through black (runs of
/// black frames between content). Frames are read once, downsized to a small analysis image and
/// dropped, so memory stays flat whatever the video's length or resolution (a few scalars per frame).
/// </summary>
/// <example>
/// <code>
/// foreach (var shot in ShotDetector.Detect("film.mp4"))
///     Console.WriteLine($"{shot.Index}: {shot.Start} - {shot.End} ({shot.Transition}), keyframe {shot.KeyframeIndex}");
/// </code>
/// </example>
public static class ShotDetector
{
    private const int ProgressEveryFrames = 25;

    /// <summary>Opens the video (Y4M natively, other containers through ffmpeg, decoded at twice the analysis width) and finds its shots.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="options">Detection settings; <see cref="ShotDetectionOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the share of frames read (when the frame count is known) and the frame count.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The shots in order; together they cover every frame.</returns>
    /// <exception cref="InvalidMediaException">The video is corrupt or has no frames.</exception>
    /// <exception cref="FfmpegNotFoundException">A non-Y4M file and no ffmpeg.</exception>
    public static IReadOnlyList<Shot> Detect(string path, ShotDetectionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ShotDetectionOptions.Default;
        Validate(options);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        // Through ffmpeg, let the decoder scale to twice the analysis width: the pipe then carries a
        // fraction of the bytes of full-size RGB (the decode, not the analysis, bounds throughput).
        using var reader = VideoFile.IsY4mPath(path)
            ? VideoFile.OpenRead(path)
            : FfmpegFrameReader.Open(path, VideoDecodeOptions.Default, 2 * options.AnalysisWidthPixels, cancellationToken);
        return Detect(reader, options, progress, cancellationToken);
    }

    /// <summary>Reads the remaining frames of <paramref name="reader"/> and finds the shots among them (frame 0 is the first frame read here).</summary>
    /// <param name="reader">An open video; it is read to the end but not disposed.</param>
    /// <param name="options">Detection settings; <see cref="ShotDetectionOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the share of frames read (when the frame count is known) and the frame count.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The shots in order; together they cover every frame.</returns>
    /// <exception cref="InvalidMediaException">The video is corrupt or has no frames.</exception>
    public static IReadOnlyList<Shot> Detect(IFrameReader reader, ShotDetectionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= ShotDetectionOptions.Default;
        Validate(options);
        var info = reader.Info;
        var fps = info.FramesPerSecond > 0 ? info.FramesPerSecond : 25.0;
        var total = info.FrameCount ?? 0;
        var extractor = new ShotFeatureExtractor(info.Width, info.Height, options.AnalysisWidthPixels, HalfWindow(fps));
        var frames = 0L;
        while (reader.ReadFrame(cancellationToken) is { } frame)
        {
            using (frame)
            {
                cancellationToken.ThrowIfCancellationRequested();
                extractor.Add(frame);
            }
            frames++;
            if (progress is not null && frames % ProgressEveryFrames == 0)
                progress.Report(new AugmentProgress("shots", total > 0 ? Math.Min(1.0, (double)frames / total) : 0.0, frames, total));
        }
        if (frames == 0)
            throw new InvalidMediaException("the video has no frames to find shots in.");
        progress?.Report(new AugmentProgress("shots", 1.0, frames, frames));
        return Decide(extractor.Features, fps, options);
    }

    internal static int HalfWindow(double fps) => Math.Max(2, (int)Math.Round(0.3 * fps));

    private static void Validate(ShotDetectionOptions options)
    {
        if (options.AnalysisWidthPixels is < 32 or > 1024)
            throw new ArgumentException($"AnalysisWidthPixels {options.AnalysisWidthPixels} is not in 32..1024.", nameof(options));
        if (!(options.CutDeviations > 0) || double.IsInfinity(options.CutDeviations))
            throw new ArgumentException($"CutDeviations {options.CutDeviations} must be a positive number.", nameof(options));
        if (!(options.MinCutScore is > 0 and <= 1))
            throw new ArgumentException($"MinCutScore {options.MinCutScore} is not in (0, 1].", nameof(options));
        if (!(options.MinShotSeconds >= 0) || double.IsInfinity(options.MinShotSeconds))
            throw new ArgumentException($"MinShotSeconds {options.MinShotSeconds} must be 0 or more seconds.", nameof(options));
        if (!(options.BlackLuma is > 0 and < 1))
            throw new ArgumentException($"BlackLuma {options.BlackLuma} is not in (0, 1).", nameof(options));
    }

    /// <summary>The decision pass over the per-frame scalars: boundaries, then shots with keyframes.</summary>
    internal static IReadOnlyList<Shot> Decide(List<ShotFrameFeatures> features, double fps, ShotDetectionOptions options)
    {
        var n = features.Count;
        var candidates = new List<(int Frame, ShotTransition Kind)>();
        var darkLimit = (float)(2 * options.BlackLuma);

        // Fades through black: a run of black frames with content on both sides; the new shot starts in the run's middle.
        var inBlack = new bool[n];
        for (var t = 0; t < n; t++)
            inBlack[t] = features[t].MeanLuma < options.BlackLuma;
        if (options.DetectGradual)
        {
            for (var t = 0; t < n;)
            {
                if (!inBlack[t]) { t++; continue; }
                var start = t;
                while (t < n && inBlack[t]) t++;
                if (start > 0 && t < n)
                    candidates.Add(((start + t) / 2, ShotTransition.Fade));
            }
        }

        // Hard cuts: the change score stands out from its neighbourhood (median + k * 1.4826 * MAD) and is a local maximum.
        var window = Math.Max(5, (int)Math.Round(0.5 * fps));
        var scratch = new List<float>(2 * window);
        for (var t = 1; t < n; t++)
        {
            var score = features[t].CutScore;
            // Frames inside a fade's black run belong to the fade test; a dark but visible shot (night, a saturated
            // blue, whose luma is only 0.11) still has cuts.
            if (score < options.MinCutScore || inBlack[t] || inBlack[t - 1])
                continue;
            var isPeak = true;
            for (var u = Math.Max(1, t - 2); u <= Math.Min(n - 1, t + 2) && isPeak; u++)
                isPeak = u == t || features[u].CutScore < score || (features[u].CutScore == score && u > t);
            if (!isPeak)
                continue;
            scratch.Clear();
            for (var u = Math.Max(1, t - window); u <= Math.Min(n - 1, t + window); u++)
            {
                if (Math.Abs(u - t) > 1)
                    scratch.Add(features[u].CutScore);
            }
            var threshold = options.MinCutScore;
            if (scratch.Count >= 3)
            {
                var median = Median(scratch);
                for (var i = 0; i < scratch.Count; i++)
                    scratch[i] = Math.Abs(scratch[i] - median);
                var mad = Median(scratch);
                threshold = Math.Max(threshold, median + (options.CutDeviations * 1.4826 * Math.Max(mad, 0.005)));
            }
            if (score > threshold)
                candidates.Add((t, ShotTransition.Cut));
        }

        // Dissolves: runs of frames that are linear blends of their neighbours while the ends differ in colour.
        if (options.DetectGradual)
        {
            var half = HalfWindow(fps);
            for (var t = 0; t < n;)
            {
                if (!IsDissolveMiddle(features, t, half, darkLimit)) { t++; continue; }
                var start = t;
                while (t < n && IsDissolveMiddle(features, t, half, darkLimit)) t++;
                if (t - start >= 2)
                    candidates.Add(((start + t) / 2, ShotTransition.Dissolve));
            }
        }

        // Fades first, then cuts, then dissolves; a later candidate too close to a kept one is dropped.
        candidates.Sort((a, b) => a.Kind != b.Kind ? Priority(a.Kind).CompareTo(Priority(b.Kind)) : a.Frame.CompareTo(b.Frame));
        var minGap = Math.Max(1, (int)Math.Round(options.MinShotSeconds * fps));
        var kept = new List<(int Frame, ShotTransition Kind)>();
        foreach (var candidate in candidates)
        {
            if (candidate.Frame <= 0 || candidate.Frame >= n)
                continue;
            var clear = true;
            foreach (var other in kept)
                clear &= Math.Abs(other.Frame - candidate.Frame) >= minGap;
            if (clear)
                kept.Add(candidate);
        }
        kept.Sort((a, b) => a.Frame.CompareTo(b.Frame));

        var shots = new List<Shot>(kept.Count + 1);
        var shotStart = 0;
        var transition = ShotTransition.None;
        for (var i = 0; i <= kept.Count; i++)
        {
            var end = i < kept.Count ? kept[i].Frame - 1 : n - 1;
            shots.Add(new Shot(shots.Count, shotStart, end, Time(shotStart, fps), Time(end + 1, fps), transition, Keyframe(features, shotStart, end)));
            if (i < kept.Count)
            {
                shotStart = kept[i].Frame;
                transition = kept[i].Kind;
            }
        }
        return shots;
    }

    private static bool IsDissolveMiddle(List<ShotFrameFeatures> features, int t, int half, float darkLimit)
    {
        var f = features[t];
        if (float.IsNaN(f.Linearity) || f.Linearity > 0.35f || f.EndChange < 0.3f)
            return false;
        // A fade is a blend with black: leave it to the fade test.
        return features[t - half].MeanLuma >= darkLimit && f.MeanLuma >= darkLimit && features[t + half].MeanLuma >= darkLimit;
    }

    private static int Priority(ShotTransition kind) => kind switch
    {
        ShotTransition.Fade => 0,
        ShotTransition.Cut => 1,
        _ => 2,
    };

    /// <summary>The sharpest frame of the shot's middle half, away from transitions.</summary>
    private static long Keyframe(List<ShotFrameFeatures> features, int start, int end)
    {
        var length = end - start + 1;
        var from = start + (length / 4);
        var to = end - (length / 4);
        var best = (from + to) / 2;
        for (var t = from; t <= to; t++)
        {
            if (features[t].Sharpness > features[best].Sharpness)
                best = t;
        }
        return best;
    }

    private static TimeSpan Time(long frame, double fps) => TimeSpan.FromSeconds(frame / fps);

    private static float Median(List<float> values)
    {
        values.Sort();
        var m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : 0.5f * (values[m - 1] + values[m]);
    }
}
