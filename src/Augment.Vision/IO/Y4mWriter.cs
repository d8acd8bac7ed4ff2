using System.Buffers;
using System.Globalization;
using System.Text;

namespace Augment.Vision;

/// <summary>
/// Writes 8-bit YUV4MPEG2 (Y4M) video, 4:2:0 (<c>C420jpeg</c>) or 4:4:4 (<c>C444</c>), converting RGB
/// frames with the BT.709 limited-range matrix; 4:2:0 chroma is the average of each 2x2 block. The
/// output plays in ffmpeg, mpv and x264/x265 encoders (<c>ffmpeg -i out.y4m ...</c>).
/// </summary>
public sealed class Y4mWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _planes;
    private readonly int _lumaBytes;
    private readonly int _chromaBytes;
    private bool _disposed;

    /// <summary>Creates (or replaces) a Y4M file.</summary>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="frameRateNumerator">Frames per second = numerator / denominator.</param>
    /// <param name="frameRateDenominator">See <paramref name="frameRateNumerator"/>.</param>
    /// <param name="chroma">4:2:0 (default, what encoders expect) or 4:4:4.</param>
    public static Y4mWriter Create(string path, int width, int height, int frameRateNumerator = 25, int frameRateDenominator = 1, Y4mChroma chroma = Y4mChroma.Yuv420)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            return new Y4mWriter(stream, width, height, frameRateNumerator, frameRateDenominator, chroma);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes the stream header to <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination (a file or a pipe into an encoder).</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="frameRateNumerator">Frames per second = numerator / denominator.</param>
    /// <param name="frameRateDenominator">See <paramref name="frameRateNumerator"/>.</param>
    /// <param name="chroma">4:2:0 or 4:4:4.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    public Y4mWriter(Stream stream, int width, int height, int frameRateNumerator = 25, int frameRateDenominator = 1, Y4mChroma chroma = Y4mChroma.Yuv420, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameRateNumerator, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameRateDenominator, 1);
        if (chroma is not (Y4mChroma.Yuv420 or Y4mChroma.Yuv444))
            throw new ArgumentOutOfRangeException(nameof(chroma), chroma, "Unknown chroma layout.");
        _stream = stream;
        _leaveOpen = leaveOpen;
        Width = width;
        Height = height;
        Chroma = chroma;
        _lumaBytes = checked(width * height);
        _chromaBytes = chroma == Y4mChroma.Yuv420 ? (width + 1) / 2 * ((height + 1) / 2) : _lumaBytes;
        _planes = ArrayPool<byte>.Shared.Rent(checked(_lumaBytes + 2 * _chromaBytes));
        var header = string.Create(CultureInfo.InvariantCulture,
            $"YUV4MPEG2 W{width} H{height} F{frameRateNumerator}:{frameRateDenominator} Ip A1:1 {(chroma == Y4mChroma.Yuv420 ? "C420jpeg" : "C444")}\n");
        _stream.Write(Encoding.ASCII.GetBytes(header));
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Chroma layout written.</summary>
    public Y4mChroma Chroma { get; }

    /// <summary>Frames written so far.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>
    /// Converts and appends one frame. Grey frames give neutral chroma; alpha is dropped; samples are
    /// taken as non-linear (gamma-encoded) RGB, whatever the frame's tag.
    /// </summary>
    /// <param name="frame">A frame of <see cref="Width"/> x <see cref="Height"/>; not modified.</param>
    public void WriteFrame(ImageFrame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height}; this stream is {Width}x{Height}.", nameof(frame));
        var grey = frame.ColorChannels == 1;
        var r = frame.Plane(0);
        var g = grey ? r : frame.Plane(1);
        var b = grey ? r : frame.Plane(2);
        var total = _lumaBytes + 2 * _chromaBytes;
        var planes = _planes.AsSpan(0, total);
        YuvKernels.RgbToYuv(r, g, b, Width, Height, Chroma == Y4mChroma.Yuv420,
            planes[.._lumaBytes], planes.Slice(_lumaBytes, _chromaBytes), planes.Slice(_lumaBytes + _chromaBytes, _chromaBytes));
        _stream.Write("FRAME\n"u8);
        _stream.Write(planes);
        FramesWritten++;
    }

    /// <summary>Flushes, returns the buffer and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_planes);
        _stream.Flush();
        if (!_leaveOpen)
            _stream.Dispose();
    }
}
