using System.Text.Json;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Frames;

public class FrameSelectorTests(FrameClips clips) : IClassFixture<FrameClips>
{
    private static CaptureIssue Single(CaptureReport report, Func<CaptureIssue, bool> match, string what)
    {
        var found = report.Issues.Where(match).ToArray();
        Assert.True(found.Length == 1, $"expected one {what} issue, got {found.Length}:\n{report.ToText()}");
        return found[0];
    }

    [Fact]
    public void Report_names_the_blurred_and_dark_stretches_and_the_selection_avoids_them()
    {
        FramePeer.SkipUnlessFfmpeg();
        var video = clips.BlurAndDark();

        var report = FrameSelector.Analyze(video, new FrameSelectionOptions { Count = 8 }, cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToText());
        Assert.Equal(100, report.Frames.Count);
        var blur = Single(report, i => i.Kind is CaptureIssueKind.Blurry or CaptureIssueKind.MotionBlur or CaptureIssueKind.FastMotion, "blur");
        Assert.Equal(CaptureIssueKind.Blurry, blur.Kind);    // Gaussian blur is the same in every direction, and the pan is slow
        Assert.InRange(blur.Start.TotalSeconds, 0.9, 1.1);
        Assert.InRange(blur.End.TotalSeconds, 1.9, 2.1);
        Assert.Contains("blurry frames between 0:01.0 and 0:02.0", blur.Message, StringComparison.Ordinal);
        var dark = Single(report, i => i.Kind == CaptureIssueKind.Underexposed, "underexposure");
        Assert.InRange(dark.Start.TotalSeconds, 2.7, 2.9);
        Assert.InRange(dark.End.TotalSeconds, 3.3, 3.5);
        Assert.StartsWith("underexposed 0:02.8-0:03.4", dark.Message, StringComparison.Ordinal);
        Assert.Equal(8, report.Selected.Count);
        foreach (var index in report.Selected)
        {
            var t = report.Frames[index].Time.TotalSeconds;
            Assert.False(t >= 1.0 && t < 2.0, $"frame {index} at {t:0.00} s is in the blurred stretch");
            Assert.False(t >= 2.8 && t < 3.4, $"frame {index} at {t:0.00} s is in the dark stretch");
        }
        // The pan is measured: 20 px/s at 25 fps is 0.8 px per frame.
        // The pan is measured: the crop window moves 20 px/s to the right, so over the first (sharp, bright) second the
        // picture moves 20 px to the left (crop offsets are whole, even pixels, so single steps are 0 or 2 px).
        Assert.InRange(report.Frames.Skip(1).Take(25).Sum(f => f.ShiftX), -22.5, -17.5);
    }

    [Fact]
    public void Directional_blur_on_a_steady_camera_reads_as_motion_blur()
    {
        FramePeer.SkipUnlessFfmpeg();
        var video = clips.File("shake.mp4");
        // testsrc2 without a pan, smeared horizontally (ffmpeg's directional blur, 0°, radius 6) from 1.0 to 2.0 s.
        FramePeer.RunFfmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=3",
            "-vf", "dblur=angle=0:radius=6:enable='between(t,1,2-0.001)'", "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", video);

        var report = FrameSelector.Analyze(video, new FrameSelectionOptions { Count = 5 }, cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToText());
        var blur = Single(report, i => i.Kind is CaptureIssueKind.Blurry or CaptureIssueKind.MotionBlur or CaptureIssueKind.FastMotion, "blur");
        Assert.Equal(CaptureIssueKind.MotionBlur, blur.Kind);
        Assert.InRange(blur.Start.TotalSeconds, 0.9, 1.1);
        Assert.InRange(blur.End.TotalSeconds, 1.9, 2.1);
    }

    [Fact]
    public void Blur_during_a_fast_pan_reads_as_fast_pans()
    {
        FramePeer.SkipUnlessFfmpeg();
        var video = clips.File("fast-pan.mp4");
        // A pan of 100 px/s (0.6 frame widths per second) for 3 s, smeared along the pan from 1.0 to 2.0 s.
        FramePeer.RunFfmpeg("-f", "lavfi", "-i", "testsrc2=size=480x90:rate=25:duration=3",
            "-vf", "crop=160:90:x='t*100':y=0,dblur=angle=0:radius=6:enable='between(t,1,2-0.001)'", "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", video);

        var report = FrameSelector.Analyze(video, new FrameSelectionOptions { Count = 5 }, cancellationToken: TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToText());
        var blur = Single(report, i => i.Kind is CaptureIssueKind.Blurry or CaptureIssueKind.MotionBlur or CaptureIssueKind.FastMotion, "blur");
        Assert.Equal(CaptureIssueKind.FastMotion, blur.Kind);
        Assert.StartsWith("fast pans between 0:01.0 and 0:02.0 (motion blur)", blur.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotation_in_place_gets_the_parallax_warning_and_a_moving_camera_does_not()
    {
        var options = new FrameSelectionOptions { Count = 10 };
        var ct = TestContext.Current.CancellationToken;

        var rotating = FrameSelector.Analyze(clips.RotateInPlace(), options, cancellationToken: ct);
        var walking = FrameSelector.Analyze(clips.Parallax(), options, cancellationToken: ct);

        TestContext.Current.TestOutputHelper?.WriteLine(rotating.ToText());
        TestContext.Current.TestOutputHelper?.WriteLine(walking.ToText());
        var warning = Single(rotating, i => i.Kind == CaptureIssueKind.LittleParallax, "parallax");
        Assert.Contains("walk around the subject, don't rotate in place", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(walking.Issues, i => i.Kind == CaptureIssueKind.LittleParallax);
        Assert.True(walking.MedianParallax > 2 * rotating.MedianParallax, $"parallax {walking.MedianParallax} vs rotation {rotating.MedianParallax}");
    }

    [Fact]
    public void Extract_writes_the_chosen_frames_at_full_size_and_the_report()
    {
        var video = clips.Parallax();
        var output = clips.File($"out-{Guid.NewGuid():N}");
        var options = new FrameSelectionOptions { Count = 5, AnalysisMaxSide = 80 };

        var report = FrameSelector.Extract(video, output, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, report.Selected.Count);
        Assert.Equal(80, report.AnalysisWidth);
        var written = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var expected = report.Selected.Select(i => $"frame_{i:D6}.png").Append(FrameSelector.ReportFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, written);
        using (var first = Augment.Vision.ImageFile.Load(Path.Combine(output, report.Files[0])))
        {
            Assert.Equal(FrameClips.Width, first.Width);
            Assert.Equal(FrameClips.Height, first.Height);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, FrameSelector.ReportFileName)));
        Assert.Equal(50, json.RootElement.GetProperty("frameCount").GetInt32());
        Assert.Empty(Directory.GetFiles(output, "*.tmp*"));
        Assert.Equal(report.Selected, json.RootElement.GetProperty("selected").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(50, json.RootElement.GetProperty("frames").GetArrayLength());
    }

    [Fact]
    public void Selection_is_deterministic_and_spread_along_the_video()
    {
        var video = clips.Parallax();
        var options = new FrameSelectionOptions { Count = 5, Spacing = FrameSpacing.Time };

        var first = FrameSelector.Analyze(video, options, cancellationToken: TestContext.Current.CancellationToken);
        var second = FrameSelector.Analyze(video, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Selected, second.Selected);
        // Five segments of ten frames: one frame from each.
        for (var k = 0; k < 5; k++)
            Assert.InRange(first.Selected[k], 10 * k, (10 * k) + 9);
    }

    [Fact]
    public void A_black_video_has_no_usable_frames_and_says_why()
    {
        var video = clips.Write($"black-{Guid.NewGuid():N}.y4m", 10, (_, _, _) => 0);

        var error = Assert.Throws<InvalidMediaException>(() => FrameSelector.Analyze(video, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("no usable frames among 10", error.Message, StringComparison.Ordinal);
        Assert.Contains("10 underexposed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_corrupt_videos_fail_with_a_typed_error()
    {
        FramePeer.SkipUnlessFfmpeg();
        var empty = clips.File("empty.mp4");
        File.WriteAllBytes(empty, []);
        var corrupt = clips.File("corrupt.mp4");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        var noFrames = clips.File("header-only.y4m");
        File.WriteAllText(noFrames, "YUV4MPEG2 W160 H90 F25:1 Ip A1:1 C420jpeg\n");
        var ct = TestContext.Current.CancellationToken;

        Assert.Throws<InvalidMediaException>(() => FrameSelector.Analyze(empty, cancellationToken: ct));
        Assert.Throws<InvalidMediaException>(() => FrameSelector.Analyze(corrupt, cancellationToken: ct));
        var none = Assert.Throws<InvalidMediaException>(() => FrameSelector.Analyze(noFrames, cancellationToken: ct));
        Assert.Contains("no frames", none.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => FrameSelector.Analyze(clips.File("missing.mp4"), cancellationToken: ct));
    }

    [Fact]
    public void Progress_counts_every_frame_and_cancellation_stops_the_analysis()
    {
        var video = clips.Parallax();
        var reports = new List<AugmentProgress>();
        var progress = new SynchronousProgress(reports.Add);

        FrameSelector.Analyze(video, new FrameSelectionOptions { Count = 3 }, progress, TestContext.Current.CancellationToken);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal(50, reports.Count);
        Assert.Equal(1.0, reports[^1].Fraction, 1e-12);
        Assert.Equal(50, reports[^1].ItemsDone);
        Assert.ThrowsAny<OperationCanceledException>(() => FrameSelector.Analyze(video, cancellationToken: cancelled.Token));
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
