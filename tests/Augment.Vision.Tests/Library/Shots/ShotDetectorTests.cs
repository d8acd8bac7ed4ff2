using System.Globalization;
using System.Text.RegularExpressions;
using Augment.Vision.Tests.IO;

namespace Augment.Vision.Tests.Library.Shots;

public class ShotDetectorTests
{
    private static readonly ShotTransition[] Mixed =
        [ShotTransition.Cut, ShotTransition.Dissolve, ShotTransition.Fade, ShotTransition.Cut, ShotTransition.Dissolve, ShotTransition.Fade];

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static List<long> Boundaries(IReadOnlyList<Shot> shots) => shots.Skip(1).Select(s => s.StartFrame).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Cuts_dissolves_and_fades_in_a_generated_clip_are_found_within_2_frames_with_F1_at_least_0_95(int seed)
    {
        using var folder = new ScratchFolder();
        var clip = ShotClips.Write(folder.File("clip.y4m"), seed, Mixed);

        var shots = ShotDetector.Detect(clip.Path, cancellationToken: TestContext.Current.CancellationToken);

        var (f1, hits) = ShotClips.Score(Boundaries(shots), clip.Boundaries);
        Log($"truth {string.Join(' ', clip.Boundaries)}; found {string.Join(' ', shots.Skip(1).Select(s => (s.StartFrame, s.Transition)))}; F1 {f1:0.000}");
        Assert.True(f1 >= 0.95, $"F1 {f1:0.000} ({hits} of {clip.Boundaries.Count} found, {shots.Count - 1} reported)");
        foreach (var shot in shots.Skip(1))
        {
            var truth = clip.Boundaries.First(b => Math.Abs(b.Frame - shot.StartFrame) <= 2);
            Assert.Equal(truth.Kind, shot.Transition);
        }
        Assert.Equal(0, shots[0].StartFrame);
        Assert.Equal(clip.Frames - 1, shots[^1].EndFrame);
        Assert.All(shots, s => Assert.InRange(s.KeyframeIndex, s.StartFrame, s.EndFrame));
    }

    [Fact]
    public void Cuts_to_and_from_a_dark_but_visible_shot_are_found()
    {
        // Flat orange, saturated blue (BT.601 luma 0.114: dark, yet far from black) and grey, 30 frames each.
        using var folder = new ScratchFolder();
        var path = folder.File("dark.y4m");
        float[][] colours = [[1f, 0.55f, 0f], [0f, 0f, 1f], [0.5f, 0.5f, 0.5f]];
        using (var writer = Y4mWriter.Create(path, 64, 48, 25, 1, Y4mChroma.Yuv444))
        {
            foreach (var colour in colours)
                for (var i = 0; i < 30; i++)
                {
                    using var frame = ImageFrame.Create(64, 48, 3);
                    for (var c = 0; c < 3; c++)
                        frame.Plane(c).Fill(colour[c]);
                    writer.WriteFrame(frame, TestContext.Current.CancellationToken);
                }
            writer.Complete();
        }

        var shots = ShotDetector.Detect(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([30L, 60L], Boundaries(shots));
        Assert.All(shots.Skip(1), s => Assert.Equal(ShotTransition.Cut, s.Transition));
    }

    [Fact]
    public void A_single_panning_noisy_shot_is_one_shot()
    {
        using var folder = new ScratchFolder();
        var clip = ShotClips.Write(folder.File("one.y4m"), 3);

        var shots = ShotDetector.Detect(clip.Path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Single(shots);
        Assert.Equal(ShotTransition.None, shots[0].Transition);
        Assert.Equal(TimeSpan.FromSeconds((double)clip.Frames / ShotClips.Fps), shots[0].Duration);
    }

    [Fact]
    public void Progress_ends_at_1_with_every_frame_counted()
    {
        using var folder = new ScratchFolder();
        var clip = ShotClips.Write(folder.File("p.y4m"), 1, ShotTransition.Cut);
        var reports = new List<AugmentProgress>();

        ShotDetector.Detect(clip.Path, progress: new SyncProgress(reports.Add), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(clip.Frames, reports[^1].ItemsDone);
        Assert.All(reports, r => Assert.InRange(r.Fraction, 0.0, 1.0));
    }

    private sealed class SyncProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }

    [Fact]
    public void Cancellation_stops_the_read()
    {
        using var folder = new ScratchFolder();
        var clip = ShotClips.Write(folder.File("c.y4m"), 1, ShotTransition.Cut);
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ShotDetector.Detect(clip.Path, cancellationToken: source.Token));
    }

    [Fact]
    public void Bad_options_are_argument_errors_naming_the_value()
    {
        using var folder = new ScratchFolder();
        var clip = ShotClips.Write(folder.File("c.y4m"), 1, ShotTransition.Cut);

        var error = Assert.Throws<ArgumentException>(() => ShotDetector.Detect(clip.Path, new ShotDetectionOptions { AnalysisWidthPixels = 8 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The outside check: the same clips encoded with libx264 (or kept as Y4M without it), our detector beside
    /// ffmpeg's scene score (<c>select='gt(scene,0.4)'</c>), both scored against the known boundaries.
    /// </summary>
    [Fact]
    public void On_x264_clips_F1_is_at_least_0_95_and_is_reported_beside_ffmpeg_scene_detection()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new ScratchFolder();
        var useX264 = Ffmpeg.HasEncoder("libx264");
        int oursHits = 0, peerHits = 0, truthCount = 0, oursCount = 0, peerCount = 0;
        foreach (var seed in (int[])[1, 2])
        {
            var clip = ShotClips.Write(folder.File($"clip{seed}.y4m"), seed, Mixed);
            var path = clip.Path;
            if (useX264)
            {
                path = folder.File($"clip{seed}.mp4");
                // Twice the size, so the detector's decode-time downscale (to 320 pixels wide) is exercised.
                Ffmpeg.Run("-y", "-i", clip.Path, "-vf", "scale=384:216", "-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p", path);
            }
            var ours = Boundaries(ShotDetector.Detect(path, cancellationToken: TestContext.Current.CancellationToken));
            var peer = FfmpegSceneCuts(path);
            oursHits += ShotClips.Score(ours, clip.Boundaries).Hits;
            peerHits += ShotClips.Score(peer, clip.Boundaries).Hits;
            truthCount += clip.Boundaries.Count; oursCount += ours.Count; peerCount += peer.Count;
            Log($"seed {seed}: truth {string.Join(' ', clip.Boundaries.Select(b => b.Frame))}; ours {string.Join(' ', ours)}; ffmpeg {string.Join(' ', peer)}");
        }
        var oursF1 = F1(oursHits, oursCount, truthCount);
        var peerF1 = F1(peerHits, peerCount, truthCount);
        Log($"{(useX264 ? "libx264" : "y4m")}: ours F1 {oursF1:0.000} ({oursHits}/{truthCount} found, {oursCount} reported); ffmpeg scene>0.4 F1 {peerF1:0.000} ({peerHits}/{truthCount}, {peerCount} reported)");
        Assert.True(oursF1 >= 0.95, $"ours F1 {oursF1:0.000}; ffmpeg {peerF1:0.000}");
        Assert.True(oursF1 >= peerF1, $"ours F1 {oursF1:0.000} below ffmpeg's {peerF1:0.000}");
    }

    [Fact]
    public void The_decoder_downscale_returns_frames_of_the_asked_width_and_even_aspect_height()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new ScratchFolder();
        var path = folder.File("big.mp4");
        Ffmpeg.Run("-f", "lavfi", "-i", "testsrc2=size=1000x562:rate=25", "-frames:v", "3", "-pix_fmt", "yuv420p", path);

        using var reader = FfmpegFrameReader.Open(path, VideoDecodeOptions.Default, 320, TestContext.Current.CancellationToken);
        var frames = 0;
        while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
        {
            using (frame)
            {
                Assert.Equal(320, frame.Width);
                Assert.Equal(180, frame.Height); // 562 * 320 / 1000 = 179.84 -> nearest even 180
            }
            frames++;
        }
        Assert.Equal(3, frames);
        Assert.Equal(320, reader.Info.Width);
    }

    private static double F1(int hits, int reported, int truth)
    {
        var p = reported == 0 ? 0 : (double)hits / reported;
        var r = (double)hits / truth;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Frame indices ffmpeg's scene score selects, from the pts_time the metadata filter prints.</summary>
    private static List<long> FfmpegSceneCuts(string path)
    {
        var text = System.Text.Encoding.UTF8.GetString(Ffmpeg.Run("-i", path, "-vf", "select='gt(scene,0.4)',metadata=print:file=-", "-an", "-f", "null", "-"));
        var frames = new List<long>();
        foreach (Match match in Regex.Matches(text, @"pts_time:([0-9.]+)"))
            frames.Add((long)Math.Round(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * ShotClips.Fps));
        return frames;
    }
}
