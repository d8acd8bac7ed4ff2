using System.Buffers;
using System.Globalization;
using System.Text;
using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Decodes a video through ffmpeg at a size of our choosing (the decoder's own scaler does the work, so a 1080p
/// source never crosses the pipe at full size) as 8-bit RGB frames, all of them or only chosen frame numbers: the
/// low-resolution pass for shot detection and motion, and the keyframe pass.
/// </summary>
internal sealed class RawVideoReader : IFrameReader
{
    private readonly string _path;
    private readonly FfmpegProcess _process;
    private readonly byte[] _raw;
    private readonly int _frameBytes;
    private readonly long? _promisedFrames;
    private readonly ComputeBudget _budget;
    private string? _script;
    private bool _ended;
    private bool _disposed;

    /// <summary>Frame selections longer than this go to ffmpeg in a filter script file instead of the command line.</summary>
    internal const int InlineSelectFrames = 32;

    private RawVideoReader(string path, FfmpegProcess process, VideoInfo info, long? promisedFrames, ComputeBudget budget)
    {
        _path = path;
        _process = process;
        _budget = budget;
        _promisedFrames = promisedFrames;
        Info = info;
        _frameBytes = checked(info.Width * info.Height * 3);
        _raw = ArrayPool<byte>.Shared.Rent(_frameBytes);
    }

    public VideoInfo Info { get; }

    public int FramesRead { get; private set; }

    /// <summary>Starts ffmpeg on <paramref name="path"/>.</summary>
    /// <param name="ffmpeg">The ffmpeg executable.</param>
    /// <param name="path">The video.</param>
    /// <param name="metadata">What the probe found (frame rate and frame count are passed on in <see cref="Info"/>).</param>
    /// <param name="width">Output width (even).</param>
    /// <param name="height">Output height (even).</param>
    /// <param name="frames">Decode-order indices of the only frames wanted, ascending (null for every frame).</param>
    /// <param name="budget">Threads for the decoder, memory for the frames.</param>
    public static RawVideoReader Open(string ffmpeg, string path, VideoMetadata metadata, int width, int height, IReadOnlyList<long>? frames, ComputeBudget budget)
    {
        var arguments = new List<string>
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", budget.MaxThreads.ToString(CultureInfo.InvariantCulture),
            // A full path: a relative name starting with '-' or holding ':' would read as an option or a protocol.
            "-i", Path.GetFullPath(path), "-map", "0:v:0", "-an", "-sn", "-dn",
            // One output frame per decoded frame, so indices are the decode order the shot detector counted in.
            "-vsync", "passthrough",
        };
        var filter = new StringBuilder();
        if (frames is not null)
        {
            // Picking frames by number in one decode pass is exact (the same numbering as the detection pass) where
            // a time seek per keyframe would depend on timestamps, and costs one decode however many shots there are
            // (a seek costs a decode from the previous intra frame, up to a whole GOP, per shot). Scaling after the
            // select touches only the chosen frames.
            filter.Append("select=");
            for (var i = 0; i < frames.Count; i++)
                filter.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "+" : "")}eq(n\\,{frames[i]})");
            filter.Append(',');
            arguments.AddRange(["-frames:v", frames.Count.ToString(CultureInfo.InvariantCulture)]);
        }
        filter.Append(CultureInfo.InvariantCulture, $"scale=w={width}:h={height}{metadata.ScaleColorOptions()}:flags=area+accurate_rnd+full_chroma_int");
        string? script = null;
        if (frames is not null && frames.Count > InlineSelectFrames)
        {
            // A film's keyframe list makes a long expression: from a file, the command line stays short (Windows caps
            // it at 32 767 characters). -filter_script reads the same filtergraph syntax as -vf.
            script = Path.Combine(Path.GetTempPath(), "augment-select-" + Guid.NewGuid().ToString("N") + ".txt");
            File.WriteAllText(script, filter.ToString());
            arguments.AddRange(["-filter_script:v", script]);
        }
        else
        {
            arguments.AddRange(["-vf", filter.ToString()]);
        }
        arguments.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        FfmpegProcess process;
        try
        {
            process = FfmpegProcess.Start(ffmpeg, arguments, redirectInput: false, redirectOutput: true);
        }
        catch
        {
            DeleteScript(script);
            throw;
        }
        var info = new VideoInfo
        {
            Width = width,
            Height = height,
            FrameRateNumerator = metadata.FrameRateNumerator,
            FrameRateDenominator = metadata.FrameRateDenominator,
            FrameCount = frames is null ? metadata.FrameCount : frames.Count,
            Duration = metadata.Duration,
            Codec = metadata.Codec,
        };
        try
        {
            return new RawVideoReader(path, process, info, info.FrameCount, budget) { _script = script };
        }
        catch
        {
            process.Dispose();
            DeleteScript(script);
            throw;
        }
    }

    public ImageFrame? ReadFrame(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_ended)
            return null;
        int read;
        using (cancellationToken.Register(_process.Kill))
            read = _process.Output.ReadAtLeast(_raw.AsSpan(0, _frameBytes), _frameBytes, throwOnEndOfStream: false);
        cancellationToken.ThrowIfCancellationRequested();
        if (read < _frameBytes)
        {
            _ended = true;
            Finish(read);
            return null;
        }
        FramesRead++;
        return ImageFrame.FromPixels(_raw.AsSpan(0, _frameBytes), Info.Width, Info.Height, PixelLayout.Rgb, ColorSpace.Srgb, _budget);
    }

    // End of the pipe: did the video end, or did ffmpeg give up on it?
    private void Finish(int partialBytes)
    {
        var exit = _process.WaitForExit();
        if (exit != 0)
            throw new InvalidMediaException(_path, -1, $"ffmpeg failed to decode it after {FramesRead} frames (exit code {exit}): {_process.LastErrors}");
        if (partialBytes > 0)
            throw new InvalidMediaException(_path, -1, $"frame {FramesRead} is truncated ({partialBytes} of {_frameBytes} bytes).");
        // With -loglevel error, any line ffmpeg printed is a demuxing or decoding error (it decodes what it can of a
        // damaged file and still exits 0).
        if (_process.ErrorLineCount > 0)
            throw new InvalidMediaException(_path, -1, $"ffmpeg reported errors after {FramesRead} frames: {_process.LastErrors}");
        if (_promisedFrames is { } promised && FramesRead < promised)
            throw new InvalidMediaException(_path, -1, $"only {FramesRead} of the {promised} frames its header declares could be decoded.");
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _process.Dispose();
        ArrayPool<byte>.Shared.Return(_raw);
        DeleteScript(_script);
    }

    private static void DeleteScript(string? script)
    {
        if (script is null)
            return;
        try
        {
            File.Delete(script);
        }
        catch (IOException)
        {
            // A temp file left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
