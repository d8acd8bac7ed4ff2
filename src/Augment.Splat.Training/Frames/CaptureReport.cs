using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Augment.Splat.Training;

/// <summary>
/// What <see cref="FrameSelector"/> found in a captured video: every frame's scores, the chosen frames and the problems
/// to tell the person filming, as JSON (<see cref="ToJson"/>, written as <c>capture-report.json</c> by
/// <see cref="FrameSelector.Extract"/>) or text (<see cref="ToText"/>).
/// </summary>
public sealed record CaptureReport
{
    /// <summary>The video analysed, as given.</summary>
    public required string Video { get; init; }

    /// <summary>Frame width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Frame height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Frame rate used for times (25 when the video declares none).</summary>
    public required double FramesPerSecond { get; init; }

    /// <summary>Width of the luma image the scores were measured on.</summary>
    public required int AnalysisWidth { get; init; }

    /// <summary>Height of the luma image the scores were measured on.</summary>
    public required int AnalysisHeight { get; init; }

    /// <summary>Median <see cref="FrameScore.Sharpness"/> over all frames.</summary>
    public required double MedianSharpness { get; init; }

    /// <summary>The sharpness below which frames were rejected (<see cref="FrameSelectionOptions.SharpnessFloor"/> times the median, at least 1e-6).</summary>
    public required double SharpnessThreshold { get; init; }

    /// <summary>Median parallax proxy over the measured key-frame pairs (see <see cref="FrameScore.Parallax"/>); null when none was measured.</summary>
    public double? MedianParallax { get; init; }

    /// <summary>Scores of every decoded frame, in order.</summary>
    public required IReadOnlyList<FrameScore> Frames { get; init; }

    /// <summary>Indices of the chosen frames, ascending.</summary>
    public required IReadOnlyList<int> Selected { get; init; }

    /// <summary>Problems found, ordered by start time.</summary>
    public required IReadOnlyList<CaptureIssue> Issues { get; init; }

    /// <summary>File names of the written frames, parallel to <see cref="Selected"/> (empty unless written by <see cref="FrameSelector.Extract"/>).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Length of the decoded video (frames / frame rate).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Frames.Count / FramesPerSecond);

    /// <summary>How many frames passed the sharpness and exposure checks.</summary>
    public int UsableFrameCount
    {
        get
        {
            var usable = 0;
            foreach (var frame in Frames)
            {
                if (frame.Usable) usable++;
            }
            return usable;
        }
    }

    /// <summary>The report as indented JSON (camelCase names, times in seconds, per-frame scores included).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("video", Video);
            writer.WriteNumber("width", Width);
            writer.WriteNumber("height", Height);
            Number(writer, "framesPerSecond", FramesPerSecond);
            writer.WriteNumber("frameCount", Frames.Count);
            Number(writer, "durationSeconds", Duration.TotalSeconds);
            writer.WriteNumber("analysisWidth", AnalysisWidth);
            writer.WriteNumber("analysisHeight", AnalysisHeight);
            writer.WriteNumber("usableFrames", UsableFrameCount);
            Number(writer, "medianSharpness", MedianSharpness);
            Number(writer, "sharpnessThreshold", SharpnessThreshold);
            if (MedianParallax is { } parallax) Number(writer, "medianParallax", parallax);
            else writer.WriteNull("medianParallax");
            writer.WriteStartArray("selected");
            foreach (var index in Selected) writer.WriteNumberValue(index);
            writer.WriteEndArray();
            writer.WriteStartArray("files");
            foreach (var file in Files) writer.WriteStringValue(file);
            writer.WriteEndArray();
            writer.WriteStartArray("issues");
            foreach (var issue in Issues)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(issue.Kind.ToString()));
                Number(writer, "startSeconds", issue.Start.TotalSeconds);
                Number(writer, "endSeconds", issue.End.TotalSeconds);
                writer.WriteString("message", issue.Message);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("frames");
            foreach (var f in Frames)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", f.Index);
                Number(writer, "timeSeconds", f.Time.TotalSeconds);
                Number(writer, "sharpness", f.Sharpness);
                Number(writer, "relativeSharpness", f.RelativeSharpness);
                Number(writer, "gradientEnergy", f.GradientEnergy);
                Number(writer, "meanLuma", f.MeanLuma);
                Number(writer, "darkFraction", f.DarkFraction);
                Number(writer, "brightFraction", f.BrightFraction);
                Number(writer, "anisotropy", f.Anisotropy);
                Number(writer, "shiftX", f.ShiftX);
                Number(writer, "shiftY", f.ShiftY);
                if (f.Parallax is { } p) Number(writer, "parallax", p);
                else writer.WriteNull("parallax");
                writer.WriteBoolean("usable", f.Usable);
                if (!f.Usable)
                    writer.WriteString("rejection", f.Rejection.ToString());
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A short human summary: the video, how many frames are usable, which were chosen, and the issues.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{Video}: {Width}x{Height}, {FramesPerSecond:0.##} fps, {Frames.Count} frames ({CaptureDiagnosis.FormatTime(Duration, true)}), analysed at {AnalysisWidth}x{AnalysisHeight}").AppendLine();
        text.Append(inv, $"usable frames: {UsableFrameCount} of {Frames.Count} (median sharpness {MedianSharpness:G3}, threshold {SharpnessThreshold:G3})").AppendLine();
        if (MedianParallax is { } parallax)
            text.Append(inv, $"median parallax: {parallax:0.000} (below {CaptureDiagnosis.LittleParallaxRatio:0.00} reads as rotation in place)").AppendLine();
        text.Append(inv, $"selected {Selected.Count} frames:");
        foreach (var index in Selected)
            text.Append(inv, $" {index}");
        text.AppendLine();
        if (Issues.Count == 0)
        {
            text.AppendLine("no problems found");
        }
        else
        {
            text.AppendLine("issues:");
            foreach (var issue in Issues)
                text.Append("  - ").AppendLine(issue.Message);
        }
        return text.ToString();
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, Math.Round(value, 9));
        else writer.WriteNull(name);
    }
}
