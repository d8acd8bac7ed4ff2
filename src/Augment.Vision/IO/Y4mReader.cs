using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Augment.Vision;

/// <summary>
/// Reads YUV4MPEG2 (Y4M) video, 4:2:0 or 4:4:4, 8-bit or deeper (<c>C420p10</c>, <c>C444p10</c>, also
/// p12/p16: 16-bit little-endian samples), frame by frame, converting each frame to RGB with the BT.709
/// limited-range matrix (tagged <see cref="ColorSpace.Rec709"/>: Y4M carries no colour tags, and
/// BT.709 is what HD video uses). 4:2:0 chroma is upsampled bilinearly with centred siting. Works on
/// streams that cannot seek (pipes from ffmpeg). One buffer of raw planes is reused for every frame.
/// </summary>
/// <example>
/// <code>
/// using var video = Y4mReader.Open("clip.y4m");
/// while (video.ReadFrame() is { } frame)
///     using (frame) Process(frame);
/// </code>
/// </example>
public sealed class Y4mReader : IFrameReader
{
    private const int MaxHeaderBytes = 4096;
    private static readonly byte[] Magic = "YUV4MPEG2 "u8.ToArray();

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _name;
    private readonly ComputeBudget _budget;
    private readonly byte[] _planes;
    private readonly int _lumaBytes;
    private readonly int _chromaBytes;
    private readonly int _bytesPerSample;
    private readonly long _maxFrames;
    private readonly long _headerBytes;
    private long _position;

    /// <summary>Opens a Y4M file and reads its stream header.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Decode limits (<see cref="ImageDecodeOptions.MaxPixels"/> per frame, <see cref="ImageDecodeOptions.MaxFrames"/>, budget).</param>
    /// <exception cref="UnsupportedFormatException">Not Y4M, or a chroma layout other than 4:2:0/4:4:4 at 8, 10, 12 or 16 bits.</exception>
    /// <exception cref="InvalidMediaException">The header is malformed.</exception>
    /// <exception cref="ResourceLimitException">The frame size exceeds the limits.</exception>
    public static Y4mReader Open(string path, ImageDecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new Y4mReader(stream, path, options, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the stream header from <paramref name="stream"/>.</summary>
    /// <param name="stream">Y4M data from its first byte.</param>
    /// <param name="sourceName">A name for error messages; "stream" when null.</param>
    /// <param name="options">Decode limits; <see cref="ImageDecodeOptions.Default"/> when null.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    /// <inheritdoc cref="Open" path="/exception"/>
    public Y4mReader(Stream stream, string? sourceName = null, ImageDecodeOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ImageDecodeOptions.Default;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _name = sourceName ?? "stream";
        _budget = options.Budget ?? ComputeBudget.Default;

        var header = ReadLine("stream header") ?? throw new UnsupportedFormatException($"'{_name}': the stream is empty, not YUV4MPEG2.");
        if (!header.AsSpan().StartsWith(Magic) && !header.AsSpan().SequenceEqual(Magic.AsSpan(0, Magic.Length - 1)))
            throw new UnsupportedFormatException($"'{_name}': not a YUV4MPEG2 stream (no 'YUV4MPEG2' signature).");
        ParseHeader(Encoding.ASCII.GetString(header));

        var pixels = (long)Width * Height;
        if (pixels > options.MaxPixels)
            throw new ResourceLimitException(
                $"'{_name}' declares {Width}x{Height} frames ({pixels:N0} pixels), more than the decode limit of {options.MaxPixels:N0} pixels (ImageDecodeOptions.MaxPixels).");
        _headerBytes = _position;
        _maxFrames = options.MaxFrames;
        _bytesPerSample = BitsPerChannel > 8 ? 2 : 1;
        var lumaSamples = (long)Width * Height;
        var chromaSamples = Chroma == Y4mChroma.Yuv420 ? (long)((Width + 1) / 2) * ((Height + 1) / 2) : lumaSamples;
        var frameBytes = (lumaSamples + 2L * chromaSamples) * _bytesPerSample;
        _budget.EnsureAllocation(frameBytes + pixels * 3 * sizeof(float), $"Reading {Width}x{Height} Y4M frames from '{_name}'");
        _lumaBytes = (int)(lumaSamples * _bytesPerSample);
        _chromaBytes = (int)(chromaSamples * _bytesPerSample);

        // A file of bare "FRAME\n" headers gives its frame count exactly from its size.
        long? frameCount = null;
        if (stream.CanSeek)
        {
            var payload = stream.Length - _headerBytes;
            if (payload >= 0 && payload % (frameBytes + 6) == 0)
                frameCount = payload / (frameBytes + 6);
        }
        if (frameCount > _maxFrames)
            throw new ResourceLimitException(
                $"'{_name}' holds {frameCount:N0} frames, more than the decode limit of {_maxFrames:N0} (MaxFrames).");
        Info = new VideoInfo
        {
            Width = Width,
            Height = Height,
            FrameRateNumerator = FrameRateNumerator > 0 && FrameRateDenominator > 0 ? FrameRateNumerator : 25,
            FrameRateDenominator = FrameRateNumerator > 0 && FrameRateDenominator > 0 ? FrameRateDenominator : 1,
            FrameCount = frameCount,
            Codec = "rawvideo",
            PixelFormat = PixelFormatName(Chroma, BitsPerChannel),
            BitsPerChannel = BitsPerChannel,
            ColorSpace = ColorSpace.Rec709,
        };
        _planes = ArrayPool<byte>.Shared.Rent((int)frameBytes);
    }

    /// <summary>The stream as a <see cref="VideoInfo"/> (frame rate 25/1 when the header gives none; frame count when the file size gives it).</summary>
    public VideoInfo Info { get; }

    /// <summary>Significant bits per sample: 8, or 10, 12, 16 for <c>C420p10</c>-style streams (stored as 16-bit little-endian).</summary>
    public int BitsPerChannel { get; private set; } = 8;

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; private set; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; private set; }

    /// <summary>Chroma layout of the stream.</summary>
    public Y4mChroma Chroma { get; private set; } = Y4mChroma.Yuv420;

    /// <summary>Frame-rate numerator (frames per second = numerator / denominator); 0 when the header gives none.</summary>
    public int FrameRateNumerator { get; private set; }

    /// <summary>Frame-rate denominator; 0 when the header gives none.</summary>
    public int FrameRateDenominator { get; private set; }

    /// <summary>Frames returned so far.</summary>
    public int FramesRead { get; private set; }

    /// <summary>Reads the next frame as a new RGB frame, or returns null at the end of the stream.</summary>
    /// <param name="cancellationToken">Checked before the frame is read.</param>
    /// <exception cref="InvalidMediaException">The frame header is malformed or the frame is truncated (the message gives the byte offset).</exception>
    /// <exception cref="ResourceLimitException">The stream has more frames than <see cref="ImageDecodeOptions.MaxFrames"/>.</exception>
    public ImageFrame? ReadFrame(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var frameStart = _position;
        var line = ReadLine("frame header");
        if (line is null)
            return null;
        if (!line.AsSpan().StartsWith("FRAME"u8))
            throw new InvalidMediaException(_name, frameStart, $"expected a FRAME marker for frame {FramesRead}.");
        if (FramesRead >= _maxFrames)
            throw new ResourceLimitException($"'{_name}' has more than {_maxFrames:N0} frames, the decode limit (MaxFrames).");

        var total = _lumaBytes + 2 * _chromaBytes;
        var read = _stream.ReadAtLeast(_planes.AsSpan(0, total), total, throwOnEndOfStream: false);
        _position += read;
        if (read < total)
            throw new InvalidMediaException(_name, _position, $"frame {FramesRead} is truncated: {read} of {total} bytes present.");

        var frame = ImageFrame.Create(Width, Height, 3, ColorSpace.Rec709, budget: _budget);
        var planes = _planes.AsSpan(0, total);
        var subsampled = Chroma == Y4mChroma.Yuv420;
        if (_bytesPerSample == 1)
        {
            YuvKernels.YuvToRgb(planes[.._lumaBytes], planes.Slice(_lumaBytes, _chromaBytes), planes.Slice(_lumaBytes + _chromaBytes, _chromaBytes),
                Width, Height, subsampled, frame.Plane(0), frame.Plane(1), frame.Plane(2));
        }
        else
        {
            // Deep Y4M stores each sample as 16-bit little-endian (ffmpeg's yuv4xxp10le and friends).
            var samples = MemoryMarshal.Cast<byte, ushort>(planes);
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(samples, samples);
            var luma = _lumaBytes / 2;
            var chroma = _chromaBytes / 2;
            YuvKernels.YuvToRgb<ushort>(samples[..luma], samples.Slice(luma, chroma), samples.Slice(luma + chroma, chroma),
                Width, Height, subsampled, frame.Plane(0), frame.Plane(1), frame.Plane(2), BitsPerChannel);
        }
        FramesRead++;
        return frame;
    }

    private bool _disposed;

    /// <summary>Returns the frame buffer and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_planes);
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private void ParseHeader(string header)
    {
        var tokens = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var t = 1; t < tokens.Length; t++)
        {
            var token = tokens[t];
            var value = token[1..];
            switch (token[0])
            {
                case 'W':
                    Width = ParsePositive(value, "width");
                    break;
                case 'H':
                    Height = ParsePositive(value, "height");
                    break;
                case 'F':
                    var parts = value.Split(':');
                    if (parts.Length != 2)
                        throw Bad($"frame rate '{value}' is not N:D.");
                    FrameRateNumerator = ParsePositive(parts[0], "frame-rate numerator");
                    FrameRateDenominator = ParsePositive(parts[1], "frame-rate denominator");
                    break;
                case 'C':
                    (Chroma, BitsPerChannel) = value switch
                    {
                        "420jpeg" or "420" or "420mpeg2" or "420paldv" => (Y4mChroma.Yuv420, 8),
                        "444" => (Y4mChroma.Yuv444, 8),
                        "420p10" => (Y4mChroma.Yuv420, 10),
                        "444p10" => (Y4mChroma.Yuv444, 10),
                        "420p12" => (Y4mChroma.Yuv420, 12),
                        "444p12" => (Y4mChroma.Yuv444, 12),
                        "420p16" => (Y4mChroma.Yuv420, 16),
                        "444p16" => (Y4mChroma.Yuv444, 16),
                        _ => throw new UnsupportedFormatException(
                            $"'{_name}': Y4M colour space 'C{value}' is not supported; 4:2:0 (C420jpeg, C420p10, C420p12, C420p16) and 4:4:4 (C444, C444p10, C444p12, C444p16) are."),
                    };
                    break;
                default:
                    break; // I (interlacing), A (pixel aspect) and X (extensions) do not change the bytes.
            }
        }
        if (Width == 0 || Height == 0)
            throw Bad("the stream header lacks a width (W) or height (H).");
    }

    internal static string PixelFormatName(Y4mChroma chroma, int bits) =>
        $"yuv{(chroma == Y4mChroma.Yuv420 ? "420" : "444")}p{(bits == 8 ? "" : bits.ToString(CultureInfo.InvariantCulture) + "le")}";

    private int ParsePositive(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Bad($"{what} '{text}' is not a positive integer.");

    private InvalidMediaException Bad(string reason) => new(_name, 0, reason);

    // Reads up to '\n' (excluded). Null at a clean end of stream; throws when the line is cut or too long.
    private byte[]? ReadLine(string what)
    {
        var start = _position;
        var line = new List<byte>(64);
        while (true)
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                if (line.Count == 0)
                    return null;
                throw new InvalidMediaException(_name, _position, $"the {what} is cut off before its end of line.");
            }
            _position++;
            if (b == '\n')
                return line.ToArray();
            if (line.Count >= MaxHeaderBytes)
                throw new InvalidMediaException(_name, start, $"the {what} is longer than {MaxHeaderBytes} bytes.");
            line.Add((byte)b);
        }
    }
}
