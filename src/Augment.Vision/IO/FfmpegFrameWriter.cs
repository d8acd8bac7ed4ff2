using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Vision;

/// <summary>
/// Encodes frames through ffmpeg: raw <c>rgb48le</c> frames on its stdin (one buffer, reused), the
/// container from the destination's extension, colour tags from <see cref="VideoInfo.ColorSpace"/>,
/// and audio copied untouched from <see cref="VideoEncodeOptions.AudioFrom"/>. ffmpeg writes a
/// temporary file beside the destination, which <see cref="Complete"/> renames into place.
/// </summary>
internal sealed class FfmpegFrameWriter : IFrameWriter
{
    private readonly string _path;
    private readonly string _tempPath;
    private readonly FfmpegProcess _process;
    private readonly Stream _input;
    private readonly byte[] _raw;
    private readonly int _frameBytes;
    private bool _completed;
    private bool _disposed;

    private FfmpegFrameWriter(string path, string tempPath, VideoInfo info, FfmpegProcess process)
    {
        _path = path;
        _tempPath = tempPath;
        _process = process;
        _input = process.Input;
        Info = info;
        _frameBytes = checked(info.Width * info.Height * 3 * sizeof(ushort));
        _raw = ArrayPool<byte>.Shared.Rent(_frameBytes);
    }

    public VideoInfo Info { get; }

    public int FramesWritten { get; private set; }

    /// <summary>The ffmpeg command line (after the executable) that encodes to <paramref name="outputPath"/>.</summary>
    internal static List<string> Arguments(string ffmpeg, string outputPath, string container, VideoInfo format, VideoEncodeOptions options)
    {
        var budget = options.Budget ?? ComputeBudget.Default;
        // 4:2:0 needs even dimensions; an odd-sized frame keeps full chroma instead of failing in the encoder.
        if (options.Chroma == Y4mChroma.Yuv420 && (format.Width % 2 != 0 || format.Height % 2 != 0))
            options = options with { Chroma = Y4mChroma.Yuv444 };
        var (codec, pixelFormat, extra) = ChooseCodec(ffmpeg, container, options, format.ColorSpace);
        var (scaleMatrix, primaries, transfer, matrix) = VideoColorTags.ForEncoder(format.ColorSpace);
        var arguments = new List<string>
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", BitConverter.IsLittleEndian ? "rgb48le" : "rgb48be",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{format.Width}x{format.Height}"),
            "-framerate", string.Create(CultureInfo.InvariantCulture, $"{format.FrameRateNumerator}/{format.FrameRateDenominator}"),
            "-i", "pipe:0",
        };
        if (options.AudioFrom is { } audio)
            arguments.AddRange(["-i", Path.GetFullPath(audio), "-map", "0:v:0", "-map", "1:a?", "-c:a", "copy"]);
        else
            arguments.AddRange(["-map", "0:v:0"]);
        var rgb = pixelFormat.StartsWith("gbr", StringComparison.Ordinal);
        if (!rgb)
        {
            arguments.AddRange(["-vf", $"scale=out_color_matrix={scaleMatrix}:out_range=tv:flags=accurate_rnd+full_chroma_int"]);
            arguments.AddRange(["-colorspace", matrix, "-color_range", "tv"]);
        }
        else
        {
            arguments.AddRange(["-colorspace", "rgb", "-color_range", "pc"]);
        }
        arguments.AddRange(["-color_primaries", primaries, "-color_trc", transfer]);
        arguments.AddRange(["-c:v", codec, "-pix_fmt", pixelFormat]);
        arguments.AddRange(extra);
        if (options.Crf is { } crf && !options.Lossless && codec is "libx264" or "libx265" or "libvpx-vp9")
            arguments.AddRange(["-crf", crf.ToString(CultureInfo.InvariantCulture)]);
        if (codec == "libx265")
        {
            // One -x265-params string (a second would replace the first); hvc1 is the tag Apple players need in MP4/MOV.
            arguments.AddRange(["-x265-params", options.Lossless ? "log-level=error:lossless=1" : "log-level=error"]);
            if (container is ".mp4" or ".m4v" or ".mov")
                arguments.AddRange(["-tag:v", "hvc1"]);
        }
        arguments.AddRange(["-threads", budget.MaxThreads.ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(["-f", Muxer(container), outputPath]);
        return arguments;
    }

    /// <summary>Encoder, pixel format and extra options for the container, depth and options.</summary>
    internal static (string Codec, string PixelFormat, string[] Extra) ChooseCodec(string ffmpeg, string container, VideoEncodeOptions options, ColorSpace colorSpace)
    {
        var bits = options.BitsPerChannel;
        var hdr = VideoColorTags.IsHdr(colorSpace);
        var codec = options.Codec;
        if (codec is null)
        {
            var ffv1Fits = container is ".mkv" or ".avi" or ".mov";
            codec = options.Lossless
                ? (ffv1Fits ? "ffv1" : "libx264")
                : container switch
                {
                    ".webm" => "libvpx-vp9",
                    ".avi" => "ffv1",
                    ".mxf" => "mpeg2video",
                    // HDR wants HEVC (what HDR10/HLG players decode) where this ffmpeg has it.
                    _ when hdr && FfmpegTools.HasEncoder(ffmpeg, "libx265") => "libx265",
                    _ when hdr => ffv1Fits ? "ffv1" : "libx264",
                    _ => "libx264",
                };
        }
        var chroma = options.Chroma == Y4mChroma.Yuv444 ? "444" : "420";
        var depth = bits switch { 8 => "", 10 => "10le", 12 => "12le", _ => "16le" };
        switch (codec)
        {
            case "ffv1":
                // RGB planes keep frames bit-exact (no YUV matrix in the way).
                return (codec, bits == 8 ? "gbrp" : "gbrp" + depth, ["-level", "3", "-g", "1"]);
            case "libx264":
                var x264Depth = bits == 8 ? "" : "10le"; // x264 stores 8 or 10 bits.
                var x264Chroma = options.Lossless ? "444" : chroma;
                return (codec, $"yuv{x264Chroma}p{x264Depth}", options.Lossless ? ["-qp", "0", "-preset", "medium"] : ["-preset", "medium"]);
            case "libx265":
                var x265Depth = bits == 8 ? "" : bits == 10 ? "10le" : "12le";
                return (codec, $"yuv{chroma}p{x265Depth}", []);
            case "prores_ks" or "prores" or "prores_aw":
                return (codec, bits == 8 ? "yuv422p10le" : "yuv444p10le", ["-profile:v", bits == 8 ? "2" : "4"]);
            case "libvpx-vp9":
                return (codec, $"yuv{chroma}p{(bits == 8 ? "" : bits == 10 ? "10le" : "12le")}", options.Lossless ? ["-lossless", "1", "-b:v", "0"] : ["-b:v", "0"]);
            case "mpeg2video" or "mpeg4":
                return (codec, "yuv420p", ["-q:v", "2"]);
            default:
                return (codec, $"yuv{chroma}p{depth}", []);
        }
    }

    private static string Muxer(string container) => container switch
    {
        ".mp4" or ".m4v" => "mp4",
        ".mov" => "mov",
        ".mkv" => "matroska",
        ".webm" => "webm",
        ".avi" => "avi",
        ".mxf" => "mxf",
        ".ts" => "mpegts",
        _ => throw new UnsupportedFormatException($"'{container}' is not a video container VideoFile.Create writes (.y4m, .mp4, .m4v, .mov, .mkv, .webm, .avi, .mxf, .ts)."),
    };

    /// <summary>Starts ffmpeg writing a temporary file beside <paramref name="path"/>.</summary>
    public static FfmpegFrameWriter Create(string path, VideoInfo format, VideoEncodeOptions? options)
    {
        options ??= VideoEncodeOptions.Default;
        var container = Path.GetExtension(path).ToLowerInvariant();
        _ = Muxer(container); // unknown extension fails before ffmpeg is looked for
        var ffmpeg = FfmpegLocator.RequireFfmpeg(options.FfmpegPath);
        if (options.AudioFrom is { } audio && !File.Exists(audio))
            throw new FileNotFoundException($"'{audio}' (VideoEncodeOptions.AudioFrom) does not exist.", audio);
        var budget = options.Budget ?? ComputeBudget.Default;
        budget.EnsureAllocation((long)format.Width * format.Height * 3 * sizeof(ushort), $"Writing {format.Width}x{format.Height} frames to '{path}'");
        var info = format with { BitsPerChannel = options.BitsPerChannel, HasAudio = false, FrameCount = null, Duration = null };
        var temp = TempPathFor(path);
        var arguments = Arguments(ffmpeg, temp, container, format, options);
        info = info with { Codec = arguments[arguments.IndexOf("-c:v") + 1], PixelFormat = arguments[arguments.IndexOf("-pix_fmt", arguments.IndexOf("-c:v")) + 1] };
        var process = FfmpegProcess.Start(ffmpeg, arguments, redirectInput: true, redirectOutput: false);
        try
        {
            return new FfmpegFrameWriter(path, temp, info, process);
        }
        catch
        {
            process.Dispose();
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A hidden temporary name beside <paramref name="path"/>, keeping its extension (ffmpeg reads it).</summary>
    internal static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
    }

    public void WriteFrame(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(frame);
        if (_completed)
            throw new InvalidOperationException("The video is complete; no more frames can be written.");
        if (frame.Width != Info.Width || frame.Height != Info.Height)
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height}; this video is {Info.Width}x{Info.Height}.", nameof(frame));
        cancellationToken.ThrowIfCancellationRequested();
        var samples = MemoryMarshal.Cast<byte, ushort>(_raw.AsSpan(0, _frameBytes));
        RawFrameKernels.ToRgb48(frame, samples);
        try
        {
            using (cancellationToken.Register(_process.Kill))
                _input.Write(_raw, 0, _frameBytes);
        }
        catch (IOException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A broken pipe: ffmpeg stopped (bad codec for the container, disk full); its error says why.
            _process.WaitForExit();
            throw new InvalidMediaException($"'{_path}': ffmpeg stopped encoding after {FramesWritten} frames: {_process.LastErrorLine}", ex);
        }
        cancellationToken.ThrowIfCancellationRequested();
        FramesWritten++;
    }

    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            return;
        try
        {
            _input.Flush();
            _input.Close();
        }
        catch (IOException)
        {
            // ffmpeg already exited; its exit code and error line tell why.
        }
        var exit = _process.WaitForExit();
        if (exit != 0 || !File.Exists(_tempPath))
            throw new InvalidMediaException(_path, -1, $"ffmpeg could not encode it (exit code {exit}): {_process.LastErrorLine}");
        File.Move(_tempPath, _path, overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _process.Dispose();
        if (!_completed)
            TryDelete(_tempPath);
        ArrayPool<byte>.Shared.Return(_raw);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
