using System.Globalization;
using Augment.Vision;

namespace Augment.Splat.Training;

/// <summary>
/// Capture guidance and frame selection for splat training: scores every frame of a video (sharpness, exposure,
/// directional blur, camera motion, parallax), picks N sharp frames spread along the camera's path, and explains what
/// went wrong in the capture ("fast pans between 0:42 and 0:51", "little parallax: walk around the subject").
/// </summary>
/// <example>
/// <code>
/// var report = FrameSelector.Extract("walk.mp4", "frames", new FrameSelectionOptions { Count = 150 });
/// Console.Write(report.ToText());   // frames/frame_000123.png ... and frames/capture-report.json
/// </code>
/// </example>
public static class FrameSelector
{
    /// <summary>Name of the JSON report <see cref="Extract"/> writes beside the frames.</summary>
    public const string ReportFileName = "capture-report.json";

    /// <summary>Decodes <paramref name="video"/> once and returns the scores, the chosen frames and the issues found.</summary>
    /// <param name="video">A video file (Y4M natively; anything else through ffmpeg).</param>
    /// <param name="options">How many frames, analysis size, sharpness floor, spacing, budget; <see cref="FrameSelectionOptions.Default"/> when null.</param>
    /// <param name="progress">Receives "analysing frames" progress per frame.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    /// <exception cref="FileNotFoundException">The video does not exist.</exception>
    /// <exception cref="InvalidMediaException">The video is corrupt, has no frames, or no frame is usable (the message says why).</exception>
    /// <exception cref="FfmpegNotFoundException">A non-Y4M video and no ffmpeg.</exception>
    public static CaptureReport Analyze(string video, FrameSelectionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(video);
        if (!File.Exists(video))
            throw new FileNotFoundException($"video '{video}' does not exist.", video);
        options ??= FrameSelectionOptions.Default;
        var analysis = FrameAnalyzer.Run(video, options, progress, cancellationToken);
        var scores = CaptureDiagnosis.Score(analysis, options, out var median, out var threshold);
        var selected = FrameChooser.Choose(scores, options.Count, options.Spacing, analysis.Info.Width);
        if (selected.Length == 0)
            throw new InvalidMediaException(video, -1, CaptureDiagnosis.NoUsableFrames(scores, threshold));
        var issues = CaptureDiagnosis.Issues(scores, analysis.FramesPerSecond, analysis.Info.Width, options.Count, selected.Length, out var parallax);
        return new CaptureReport
        {
            Video = video,
            Width = analysis.Info.Width,
            Height = analysis.Info.Height,
            FramesPerSecond = analysis.FramesPerSecond,
            AnalysisWidth = analysis.AnalysisWidth,
            AnalysisHeight = analysis.AnalysisHeight,
            MedianSharpness = median,
            SharpnessThreshold = threshold,
            MedianParallax = parallax,
            Frames = scores,
            Selected = selected,
            Issues = issues,
        };
    }

    /// <summary>
    /// Analyses <paramref name="video"/>, then decodes it a second time and writes the chosen frames at full size as PNG
    /// (<c>frame_000123.png</c>, named by frame index) and <see cref="ReportFileName"/> into <paramref name="outFolder"/>.
    /// Every file is written atomically (a temporary name, renamed when complete).
    /// </summary>
    /// <param name="video">A video file (Y4M natively; anything else through ffmpeg).</param>
    /// <param name="outFolder">Destination folder, created when missing; files of the same names are replaced.</param>
    /// <param name="options">How many frames, analysis size, sharpness floor, spacing, budget.</param>
    /// <param name="progress">Receives "analysing frames" then "writing frames".</param>
    /// <param name="cancellationToken">Stops decoding or writing (files already written stay).</param>
    /// <returns>The report, with <see cref="CaptureReport.Files"/> filled in.</returns>
    /// <exception cref="InvalidMediaException">The video is corrupt, has no frames, no usable frames, or ends early on the second pass.</exception>
    public static CaptureReport Extract(string video, string outFolder, FrameSelectionOptions options, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(video);
        ArgumentException.ThrowIfNullOrEmpty(outFolder);
        ArgumentNullException.ThrowIfNull(options);
        var report = Analyze(video, options, progress, cancellationToken);
        Directory.CreateDirectory(outFolder);
        var files = new string[report.Selected.Count];
        var decode = new VideoDecodeOptions { Budget = options.Budget, FfmpegPath = options.FfmpegPath };
        using (var reader = VideoFile.OpenRead(video, decode))
        {
            var next = 0;
            var index = 0;
            while (next < files.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var frame = reader.ReadFrame(cancellationToken)
                    ?? throw new InvalidMediaException(video, -1, $"the second decoding pass ended after {index} frames, before frame {report.Selected[next]}.");
                if (index == report.Selected[next])
                {
                    var name = FileName(index);
                    ImageFile.Save(frame, Path.Combine(outFolder, name));
                    files[next++] = name;
                    progress?.Report(AugmentProgress.Items("writing frames", next, files.Length));
                }
                index++;
            }
        }
        report = report with { Files = files };
        AtomicFile.WriteAllText(Path.Combine(outFolder, ReportFileName), report.ToJson());
        return report;
    }

    /// <summary>The PNG name of frame <paramref name="index"/>.</summary>
    internal static string FileName(int index) => string.Create(CultureInfo.InvariantCulture, $"frame_{index:D6}.png");
}
