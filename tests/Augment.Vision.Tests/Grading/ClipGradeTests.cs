using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Matching;

namespace Augment.Vision.Tests.Grading;

public sealed class ClipGradeTests
{
    private const int Width = 96, Height = 64, Frames = 12;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The cast scene fading in: frame k is the scene at brightness 0.5 + 0.5·k/(n−1) (linear light).</summary>
    private static string WriteFadeClip(ScratchFolder folder, string name)
    {
        var path = folder.File(name);
        using var scene = MatchImages.Scene(Width, Height, cast: true);
        using var linear = scene.ConvertColorSpace(ColorSpace.LinearSrgb, Token);
        using var writer = Y4mWriter.Create(path, Width, Height, chroma: Y4mChroma.Yuv444);
        for (var k = 0; k < Frames; k++)
        {
            using var frame = linear.Clone();
            var gain = 0.5f + (0.5f * k / (Frames - 1));
            for (var c = 0; c < 3; c++)
            {
                var plane = frame.Plane(c);
                for (var i = 0; i < plane.Length; i++)
                    plane[i] *= gain;
            }
            frame.ConvertColorSpaceInPlace(ColorSpace.Srgb, Token);
            writer.WriteFrame(frame, Token);
        }
        writer.Complete();
        return path;
    }

    private static double MeanLightness(ImageFrame frame)
    {
        using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb, Token);
        double sum = 0;
        for (var i = 0; i < linear.PixelCount; i++)
            sum += ColorMath.LinearSrgbToLab(linear.Plane(0)[i], linear.Plane(1)[i], linear.Plane(2)[i]).L;
        return sum / linear.PixelCount;
    }

    [Fact]
    public async Task A_clip_gets_one_grade_so_a_fade_stays_a_fade_and_the_cast_goes()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(Width, Height, cast: false);
        var clip = WriteFadeClip(folder, "fade.y4m");

        var report = await ColorGrade.MatchTo(reference).ApplyToFilesAsync([clip], folder.File("out"), cancellationToken: Token);

        var result = Assert.Single(report.Clips);
        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.IsVideo);
        Assert.Equal(Frames, result.Frames);
        Assert.Equal(DeltaEBasis.MeanLab, result.Basis);
        Assert.True(result.DeltaEAfter < 0.3 * result.DeltaEBefore, $"ΔE00 {result.DeltaEBefore:0.00} -> {result.DeltaEAfter:0.00}");

        var inputL = new List<double>();
        var outputL = new List<double>();
        using (var input = VideoFile.OpenRead(clip))
        using (var output = VideoFile.OpenRead(result.Output))
        {
            while (input.ReadFrame(Token) is { } a)
            {
                using (a)
                using (var b = output.ReadFrame(Token))
                {
                    Assert.NotNull(b);
                    inputL.Add(MeanLightness(a));
                    outputL.Add(MeanLightness(b));
                }
            }
            Assert.Null(output.ReadFrame(Token));
        }
        Assert.Equal(Frames, outputL.Count);
        // A grade fitted per frame would pull every frame to the reference's brightness; one grade per
        // clip keeps the fade: the output's first-to-last lightness step stays close to the input's.
        var inputStep = inputL[^1] - inputL[0];
        var outputStep = outputL[^1] - outputL[0];
        Assert.True(inputStep > 10, $"the fade should be visible: L* {inputL[0]:0.0} -> {inputL[^1]:0.0}");
        Assert.InRange(outputStep, 0.7 * inputStep, 1.3 * inputStep);
        // And the lightness follows the fade monotonically: no frame-to-frame flicker.
        for (var k = 1; k < outputL.Count; k++)
            Assert.True(outputL[k] > outputL[k - 1], $"frame {k}: L* {outputL[k - 1]:0.00} -> {outputL[k]:0.00}");
    }

    [Fact]
    public async Task Compressed_video_keeps_its_audio_untouched()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(64, 48, cast: false);
        var clip = VideoClips.WithSineAudio(folder);

        var report = await ColorGrade.MatchTo(reference, o => o.Method(ColorMatchMethod.Reinhard)).ApplyToFilesAsync([clip], folder.File("out"), cancellationToken: Token);

        var result = Assert.Single(report.Clips);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(VideoFile.Probe(clip).FrameCount, result.Frames);
        Assert.True(VideoFile.Probe(result.Output).HasAudio);
        Assert.Equal(Ffmpeg.AudioPacketsMd5(clip), Ffmpeg.AudioPacketsMd5(result.Output));
    }

    [Fact]
    public async Task A_corrupt_clip_leaves_no_output_and_no_lut()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(Width, Height, cast: false);
        var clip = WriteFadeClip(folder, "fade.y4m");
        var bytes = File.ReadAllBytes(clip);
        File.WriteAllBytes(clip, bytes.AsSpan(0, bytes.Length - 1000).ToArray());

        var grade = ColorGrade.MatchTo(reference, o => o.BakeLuts(17) with { ContinueOnError = true });
        var report = await grade.ApplyToFilesAsync([clip], folder.File("out"), cancellationToken: Token);

        Assert.False(report.Clips[0].Succeeded);
        Assert.Contains("fade.y4m", report.Clips[0].Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.File("out")));
    }

    [Fact]
    public void Key_frames_are_the_centres_of_equal_segments()
    {
        Assert.Equal([5L, 15, 25, 35, 45], ClipGrader.KeyFrameIndices(new VideoInfo { FrameCount = 50 }, 5));
        Assert.Equal([0L, 1, 2], ClipGrader.KeyFrameIndices(new VideoInfo { FrameCount = 3 }, 5));
        Assert.Equal([0L, 25, 50], ClipGrader.KeyFrameIndices(new VideoInfo { FrameRateNumerator = 25, FrameRateDenominator = 1 }, 3));
    }
}
