using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// The frame loop the colour verbs share for video: read a frame, map it, write it, one frame in
/// flight, with a progress bar on an interactive terminal. The writer is opened on the first mapped
/// frame (so its colour tags follow what the mapping produced) and completed only at the end: an error
/// or Ctrl+C leaves no output file.
/// </summary>
internal static class VideoStreaming
{
    /// <summary>What a finished run wrote.</summary>
    internal sealed record Result(int Frames, VideoInfo Input, VideoInfo Output);

    /// <summary>Encode options that keep the input's chroma, depth and audio, optionally at another depth.</summary>
    public static VideoEncodeOptions EncodeOptionsFor(string inputPath, VideoInfo input, int? bitsPerChannel = null)
    {
        var options = VideoEncodeOptions.LikeSource(inputPath, input);
        return bitsPerChannel is { } bits ? options with { BitsPerChannel = bits } : options;
    }

    /// <summary>Refuses an output that would overwrite the input while it is read.</summary>
    public static void EnsureDistinct(string inputPath, string outputPath)
    {
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"'{outputPath}': the output would replace the input while it is being read; choose another --out.");
    }

    /// <summary>Streams every frame of <paramref name="inputPath"/> through <paramref name="map"/> into <paramref name="outputPath"/>.</summary>
    /// <param name="context">Console for the progress bar.</param>
    /// <param name="stage">Name on the progress bar.</param>
    /// <param name="inputPath">Any video <see cref="VideoFile"/> reads.</param>
    /// <param name="outputPath">Any video <see cref="VideoFile"/> writes (container from the extension).</param>
    /// <param name="map">Returns the frame to write: the frame itself (changed in place) or a new one, which is disposed after writing.</param>
    /// <param name="formatFor">The output format and options, given the input and the first mapped frame.</param>
    /// <param name="cancellationToken">Stops the run; nothing is left behind.</param>
    public static Result Run(CliContext context, string stage, string inputPath, string outputPath,
        Func<ImageFrame, ImageFrame> map, Func<VideoInfo, ImageFrame, (VideoInfo Format, VideoEncodeOptions Options)> formatFor,
        CancellationToken cancellationToken)
    {
        using var reader = VideoFile.OpenRead(inputPath);
        IFrameWriter? writer = null;
        try
        {
            var frames = 0;
            WithProgress(context, stage, reader.Info.FrameCount, progress =>
            {
                while (reader.ReadFrame(cancellationToken) is { } frame)
                {
                    using (frame)
                    {
                        var mapped = map(frame);
                        try
                        {
                            if (writer is null)
                            {
                                var (format, options) = formatFor(reader.Info, mapped);
                                writer = VideoFile.Create(outputPath, format, options);
                            }
                            writer.WriteFrame(mapped, cancellationToken);
                        }
                        finally
                        {
                            if (!ReferenceEquals(mapped, frame))
                                mapped.Dispose();
                        }
                    }
                    frames++;
                    progress?.Invoke(frames);
                }
            });
            if (writer is null)
                throw new InvalidMediaException(inputPath, -1, "it holds no video frames.");
            cancellationToken.ThrowIfCancellationRequested();
            writer.Complete();
            return new Result(frames, reader.Info, writer.Info);
        }
        finally
        {
            writer?.Dispose();
        }
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar when the terminal is interactive; the callback reports frames done.</summary>
    public static void WithProgress(CliContext context, string stage, long? totalFrames, Action<Action<int>?> work)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            work(null);
            return;
        }
        context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var bar = progress.AddTask(stage, maxValue: Math.Max(1, totalFrames ?? 1));
                bar.IsIndeterminate = totalFrames is null;
                work(done => bar.Value = Math.Min(done, bar.MaxValue));
                bar.Value = bar.MaxValue;
            });
    }
}
