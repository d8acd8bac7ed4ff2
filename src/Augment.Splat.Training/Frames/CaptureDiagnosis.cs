using System.Globalization;

namespace Augment.Splat.Training;

/// <summary>
/// Turns per-frame measures into scores, rejections and the human messages of a <see cref="CaptureReport"/>: runs of
/// blurred, dark or bright frames become time ranges, blurred runs are told apart by cause (fast camera motion,
/// directional blur, or blur in every direction), and the parallax proxy over the whole video decides the "rotate in
/// place" warning.
/// </summary>
internal static class CaptureDiagnosis
{
    /// <summary>Sharpness (Laplacian variance, luma in [0, 1]) below which a frame is flat whatever the median.</summary>
    public const double MinAbsoluteSharpness = 1e-6;

    /// <summary>Mean luma below which a frame is underexposed.</summary>
    public const double DarkMeanLuma = 0.12;

    /// <summary>Mean luma above which a frame is overexposed.</summary>
    public const double BrightMeanLuma = 0.9;

    /// <summary>Image speed (frame widths per second) above which blurred frames are blamed on fast pans.</summary>
    public const double FastPanWidthsPerSecond = 0.25;

    /// <summary>Median parallax ratio below which the capture is called rotation in place.</summary>
    public const double LittleParallaxRatio = 0.06;

    /// <summary>Fewest parallax measurements for a verdict.</summary>
    private const int MinParallaxSamples = 3;

    public static FrameScore[] Score(FrameAnalysis analysis, FrameSelectionOptions options, out double medianSharpness, out double threshold)
    {
        var frames = analysis.Frames;
        var n = frames.Count;
        var sharpness = new double[n];
        for (var i = 0; i < n; i++)
            sharpness[i] = frames[i].Measures.LaplacianVariance;
        medianSharpness = Median(sharpness);
        threshold = Math.Max(MinAbsoluteSharpness, options.SharpnessFloor * medianSharpness);
        var scores = new FrameScore[n];
        for (var i = 0; i < n; i++)
        {
            var m = frames[i].Measures;
            var rejection = FrameRejection.None;
            if (m.LaplacianVariance < threshold) rejection |= FrameRejection.Blurry;
            if (m.MeanLuma < DarkMeanLuma || m.DarkFraction > 0.5) rejection |= FrameRejection.Dark;
            if (m.MeanLuma > BrightMeanLuma || m.BrightFraction > 1.0 / 3) rejection |= FrameRejection.Bright;
            scores[i] = new FrameScore
            {
                Index = i,
                Time = TimeSpan.FromSeconds(i / analysis.FramesPerSecond),
                Sharpness = m.LaplacianVariance,
                GradientEnergy = m.Tenengrad,
                MeanLuma = m.MeanLuma,
                DarkFraction = m.DarkFraction,
                BrightFraction = m.BrightFraction,
                Anisotropy = m.Anisotropy,
                ShiftX = frames[i].ShiftX,
                ShiftY = frames[i].ShiftY,
                Parallax = frames[i].Parallax,
                RelativeSharpness = medianSharpness > 0 ? m.LaplacianVariance / medianSharpness : 0,
                Rejection = rejection,
            };
        }
        return scores;
    }

    public static List<CaptureIssue> Issues(IReadOnlyList<FrameScore> frames, double fps, int frameWidth, int count, int selected, out double? medianParallax)
    {
        var issues = new List<CaptureIssue>();
        var n = frames.Count;
        var duration = TimeSpan.FromSeconds(n / fps);
        // Minimum run: a tenth of a second (at least 2 frames); gaps up to a fifth of a second are bridged.
        var minRun = Math.Max(2, (int)Math.Ceiling(0.1 * fps));
        var maxGap = Math.Max(2, (int)Math.Round(0.2 * fps));

        var sharpAnisotropy = new List<double>();
        foreach (var f in frames)
        {
            if (f.Usable) sharpAnisotropy.Add(f.Anisotropy);
        }
        var typicalAnisotropy = sharpAnisotropy.Count > 0 ? Median([.. sharpAnisotropy]) : 0;

        foreach (var (start, end) in Runs(frames, static f => (f.Rejection & FrameRejection.Blurry) != 0 && (f.Rejection & FrameRejection.Dark) == 0, minRun, maxGap))
        {
            var speed = new double[end - start];
            var anisotropy = new double[end - start];
            for (var i = start; i < end; i++)
            {
                speed[i - start] = Math.Sqrt((frames[i].ShiftX * frames[i].ShiftX) + (frames[i].ShiftY * frames[i].ShiftY)) * fps / frameWidth;
                anisotropy[i - start] = frames[i].Anisotropy;
            }
            var range = Range(frames, start, end, fps);
            if (Median(speed) > FastPanWidthsPerSecond)
                issues.Add(new CaptureIssue(CaptureIssueKind.FastMotion, range.Start, range.End, $"fast pans between {range.Text} (motion blur): move the camera more slowly"));
            else if (Median(anisotropy) > Math.Max(0.5, typicalAnisotropy + 0.25))
                issues.Add(new CaptureIssue(CaptureIssueKind.MotionBlur, range.Start, range.End, $"motion blur between {range.Text}: hold the camera steadier, or add light for a faster shutter"));
            else
                issues.Add(new CaptureIssue(CaptureIssueKind.Blurry, range.Start, range.End, $"blurry frames between {range.Text} (out of focus or soft): let the camera focus, clean the lens"));
        }
        foreach (var (start, end) in Runs(frames, static f => (f.Rejection & FrameRejection.Dark) != 0, minRun, maxGap))
        {
            var range = Range(frames, start, end, fps);
            issues.Add(new CaptureIssue(CaptureIssueKind.Underexposed, range.Start, range.End, $"underexposed {range.Dash}: add light or lock the exposure"));
        }
        foreach (var (start, end) in Runs(frames, static f => (f.Rejection & FrameRejection.Bright) != 0, minRun, maxGap))
        {
            var range = Range(frames, start, end, fps);
            issues.Add(new CaptureIssue(CaptureIssueKind.Overexposed, range.Start, range.End, $"overexposed {range.Dash}: lower the exposure or avoid pointing at bright light"));
        }

        var parallax = new List<double>();
        double travel = 0;
        foreach (var f in frames)
        {
            if (f.Parallax is { } p) parallax.Add(p);
            travel += Math.Sqrt((f.ShiftX * f.ShiftX) + (f.ShiftY * f.ShiftY));
        }
        medianParallax = parallax.Count > 0 ? Median([.. parallax]) : null;
        if (parallax.Count >= MinParallaxSamples && medianParallax < LittleParallaxRatio)
        {
            issues.Add(new CaptureIssue(CaptureIssueKind.LittleParallax, TimeSpan.Zero, duration,
                string.Create(CultureInfo.InvariantCulture, $"little parallax (median {medianParallax:0.000}): walk around the subject, don't rotate in place")));
        }
        else if (parallax.Count < MinParallaxSamples && n > 1 && travel / frameWidth < 0.05)
        {
            issues.Add(new CaptureIssue(CaptureIssueKind.LittleParallax, TimeSpan.Zero, duration,
                "the camera hardly moves: walk around the subject to film it from many sides"));
        }

        var usable = 0;
        foreach (var f in frames)
        {
            if (f.Usable) usable++;
        }
        if (selected < count)
        {
            issues.Add(new CaptureIssue(CaptureIssueKind.FewUsableFrames, TimeSpan.Zero, duration,
                $"only {usable} of {n} frames are usable, fewer than the {count} asked for"));
        }
        issues.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Kind.CompareTo(b.Kind));
        return issues;
    }

    /// <summary>The reason no frame can be used, for the error message.</summary>
    public static string NoUsableFrames(IReadOnlyList<FrameScore> frames, double threshold)
    {
        int blurry = 0, dark = 0, bright = 0;
        foreach (var f in frames)
        {
            if ((f.Rejection & FrameRejection.Blurry) != 0) blurry++;
            if ((f.Rejection & FrameRejection.Dark) != 0) dark++;
            if ((f.Rejection & FrameRejection.Bright) != 0) bright++;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"no usable frames among {frames.Count}: {dark} underexposed, {bright} overexposed, {blurry} below the sharpness threshold {threshold:G3} (flat or blurred).");
    }

    /// <summary>Maximal runs [start, end) of frames matching <paramref name="flag"/>, gaps up to <paramref name="maxGap"/> bridged, at least <paramref name="minRun"/> flagged frames long.</summary>
    private static List<(int Start, int End)> Runs(IReadOnlyList<FrameScore> frames, Func<FrameScore, bool> flag, int minRun, int maxGap)
    {
        var runs = new List<(int, int)>();
        var start = -1;
        var last = -1;
        var flagged = 0;
        for (var i = 0; i <= frames.Count; i++)
        {
            var on = i < frames.Count && flag(frames[i]);
            if (on)
            {
                if (start >= 0 && i - last > maxGap)
                {
                    if (flagged >= minRun) runs.Add((start, last + 1));
                    start = -1;
                }
                if (start < 0) { start = i; flagged = 0; }
                last = i;
                flagged++;
            }
        }
        if (start >= 0 && flagged >= minRun)
            runs.Add((start, last + 1));
        return runs;
    }

    private static (TimeSpan Start, TimeSpan End, string Text, string Dash) Range(IReadOnlyList<FrameScore> frames, int start, int end, double fps)
    {
        var from = frames[start].Time;
        var to = TimeSpan.FromSeconds(end / fps);
        var fine = (to - from).TotalSeconds < 10;
        var a = FormatTime(from, fine);
        var b = FormatTime(to, fine);
        return (from, to, $"{a} and {b}", $"{a}-{b}");
    }

    /// <summary>m:ss, or m:ss.f for short ranges.</summary>
    internal static string FormatTime(TimeSpan time, bool tenths)
    {
        var seconds = tenths ? Math.Floor(time.TotalSeconds * 10) / 10 : Math.Floor(time.TotalSeconds);
        var minutes = (int)(seconds / 60);
        var rest = seconds - (minutes * 60);
        return tenths
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes}:{rest:00.0}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{rest:00}");
    }

    internal static double Median(double[] values)
    {
        if (values.Length == 0) return 0;
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        var mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : 0.5 * (copy[mid - 1] + copy[mid]);
    }
}
