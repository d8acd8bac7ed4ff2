using System.Buffers;
using System.Globalization;
using System.Text;

namespace Augment.Vision;

/// <summary>
/// Reads 8-bit YUV4MPEG2 (Y4M) video, 4:2:0 or 4:4:4, frame by frame, converting each frame to RGB
/// with the BT.709 limited-range matrix (tagged <see cref="ColorSpace.Rec709"/>). 4:2:0 chroma is
/// upsampled bilinearly with centred siting. Works on streams that cannot seek (pipes from ffmpeg).
/// </summary>
/// <example>
/// <code>
/// using var video = Y4mReader.Open("clip.y4m");
/// while (video.ReadFrame() is { } frame)
///     using (frame) Process(frame);
/// </code>
/// </example>
public sealed class Y4mReader : IDisposable
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
    private long _position;

    /// <summary>Opens a Y4M file and reads its stream header.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Decode limits (<see cref="ImageDecodeOptions.MaxPixels"/> per frame, budget).</param>
    /// <exception cref="UnsupportedFormatException">Not Y4M, or a chroma layout or bit depth other than 8-bit 4:2:0/4:4:4.</exception>
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
        _lumaBytes = Width * Height;
        _chromaBytes = Chroma == Y4mChroma.Yuv420 ? (Width + 1) / 2 * ((Height + 1) / 2) : _lumaBytes;
        var frameBytes = (long)_lumaBytes + 2L * _chromaBytes;
        _budget.EnsureAllocation(frameBytes + pixels * 3 * sizeof(float), $"Reading {Width}x{Height} Y4M frames from '{_name}'");
        _planes = ArrayPool<byte>.Shared.Rent((int)frameBytes);
    }

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
    /// <exception cref="InvalidMediaException">The frame header is malformed or the frame is truncated (the message gives the byte offset).</exception>
    public ImageFrame? ReadFrame()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var frameStart = _position;
        var line = ReadLine("frame header");
        if (line is null)
            return null;
        if (!line.AsSpan().StartsWith("FRAME"u8))
            throw new InvalidMediaException(_name, frameStart, $"expected a FRAME marker for frame {FramesRead}.");

        var total = _lumaBytes + 2 * _chromaBytes;
        var read = _stream.ReadAtLeast(_planes.AsSpan(0, total), total, throwOnEndOfStream: false);
        _position += read;
        if (read < total)
            throw new InvalidMediaException(_name, _position, $"frame {FramesRead} is truncated: {read} of {total} bytes present.");

        var frame = ImageFrame.Create(Width, Height, 3, ColorSpace.Rec709, budget: _budget);
        var planes = _planes.AsSpan(0, total);
        YuvKernels.YuvToRgb(planes[.._lumaBytes], planes.Slice(_lumaBytes, _chromaBytes), planes.Slice(_lumaBytes + _chromaBytes, _chromaBytes),
            Width, Height, Chroma == Y4mChroma.Yuv420, frame.Plane(0), frame.Plane(1), frame.Plane(2));
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
                    Chroma = value switch
                    {
                        "420jpeg" or "420" or "420mpeg2" or "420paldv" => Y4mChroma.Yuv420,
                        "444" => Y4mChroma.Yuv444,
                        _ => throw new UnsupportedFormatException(
                            $"'{_name}': Y4M colour space 'C{value}' is not supported; 8-bit 4:2:0 (C420jpeg) and 4:4:4 (C444) are."),
                    };
                    break;
                default:
                    break; // I (interlacing), A (pixel aspect) and X (extensions) do not change the bytes.
            }
        }
        if (Width == 0 || Height == 0)
            throw Bad("the stream header lacks a width (W) or height (H).");
    }

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
