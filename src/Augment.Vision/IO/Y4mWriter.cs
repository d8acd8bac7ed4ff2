using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Augment.Vision;

/// <summary>
/// Writes YUV4MPEG2 (Y4M) video, 4:2:0 (<c>C420jpeg</c>) or 4:4:4 (<c>C444</c>), 8-bit or deeper
/// (<c>C420p10</c>, <c>C444p10</c>, p12, p16: 16-bit little-endian samples), converting RGB frames with
/// the BT.709 limited-range matrix; 4:2:0 chroma is the average of each 2x2 block. The output plays
/// in ffmpeg, mpv and x264/x265 encoders (<c>ffmpeg -i out.y4m ...</c>). <see cref="Create"/> writes a
/// temporary file that <see cref="Complete"/> moves into place; disposing without completing deletes it.
/// </summary>
public sealed class Y4mWriter : IFrameWriter
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _planes;
    private readonly int _lumaSamples;
    private readonly int _chromaSamples;
    private readonly int _bytesPerSample;
    private string? _destination;
    private string? _tempPath;
    private bool _completed;
    private bool _disposed;

    /// <summary>
    /// Creates (or replaces, on <see cref="Complete"/>) a Y4M file. Frames go to a temporary file beside
    /// <paramref name="path"/>; <see cref="Complete"/> renames it into place, and disposing without
    /// completing deletes it, so a failed run leaves no partial file and any existing file untouched.
    /// </summary>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="frameRateNumerator">Frames per second = numerator / denominator.</param>
    /// <param name="frameRateDenominator">See <paramref name="frameRateNumerator"/>.</param>
    /// <param name="chroma">4:2:0 (default, what encoders expect) or 4:4:4.</param>
    /// <param name="bitsPerChannel">8 (default), or 10, 12, 16 for <c>C420p10</c>-style 16-bit samples.</param>
    public static Y4mWriter Create(string path, int width, int height, int frameRateNumerator = 25, int frameRateDenominator = 1,
        Y4mChroma chroma = Y4mChroma.Yuv420, int bitsPerChannel = 8)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temp = FfmpegFrameWriter.TempPathFor(path);
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            return new Y4mWriter(stream, width, height, frameRateNumerator, frameRateDenominator, chroma, leaveOpen: false, bitsPerChannel)
            {
                _destination = Path.GetFullPath(path),
                _tempPath = temp,
            };
        }
        catch
        {
            stream.Dispose();
            File.Delete(temp);
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
    /// <param name="bitsPerChannel">8 (default), or 10, 12, 16 for <c>C420p10</c>-style 16-bit little-endian samples.</param>
    public Y4mWriter(Stream stream, int width, int height, int frameRateNumerator = 25, int frameRateDenominator = 1,
        Y4mChroma chroma = Y4mChroma.Yuv420, bool leaveOpen = false, int bitsPerChannel = 8)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameRateNumerator, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameRateDenominator, 1);
        if (chroma is not (Y4mChroma.Yuv420 or Y4mChroma.Yuv444))
            throw new ArgumentOutOfRangeException(nameof(chroma), chroma, "Unknown chroma layout.");
        if (bitsPerChannel is not (8 or 10 or 12 or 16))
            throw new ArgumentOutOfRangeException(nameof(bitsPerChannel), bitsPerChannel, "Y4M samples are 8, 10, 12 or 16 bits.");
        _stream = stream;
        _leaveOpen = leaveOpen;
        Width = width;
        Height = height;
        Chroma = chroma;
        BitsPerChannel = bitsPerChannel;
        _bytesPerSample = bitsPerChannel > 8 ? 2 : 1;
        _lumaSamples = checked(width * height);
        _chromaSamples = chroma == Y4mChroma.Yuv420 ? (width + 1) / 2 * ((height + 1) / 2) : _lumaSamples;
        _planes = ArrayPool<byte>.Shared.Rent(checked((_lumaSamples + 2 * _chromaSamples) * _bytesPerSample));
        Info = new VideoInfo
        {
            Width = width,
            Height = height,
            FrameRateNumerator = frameRateNumerator,
            FrameRateDenominator = frameRateDenominator,
            Codec = "rawvideo",
            PixelFormat = Y4mReader.PixelFormatName(chroma, bitsPerChannel),
            BitsPerChannel = bitsPerChannel,
            ColorSpace = ColorSpace.Rec709,
        };
        var header = string.Create(CultureInfo.InvariantCulture,
            $"YUV4MPEG2 W{width} H{height} F{frameRateNumerator}:{frameRateDenominator} Ip A1:1 {ColorToken(chroma, bitsPerChannel)}\n");
        _stream.Write(Encoding.ASCII.GetBytes(header));
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Chroma layout written.</summary>
    public Y4mChroma Chroma { get; }

    /// <summary>Bits per sample written (8, 10, 12 or 16).</summary>
    public int BitsPerChannel { get; }

    /// <summary>The stream being written, as a <see cref="VideoInfo"/>.</summary>
    public VideoInfo Info { get; }

    /// <summary>Frames written so far.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>
    /// Converts and appends one frame. Grey frames give neutral chroma; alpha is dropped; samples are
    /// taken as non-linear (gamma-encoded) RGB, whatever the frame's tag.
    /// </summary>
    /// <param name="frame">A frame of <see cref="Width"/> x <see cref="Height"/>; not modified.</param>
    /// <param name="cancellationToken">Checked before the frame is written.</param>
    public void WriteFrame(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(frame);
        if (_completed)
            throw new InvalidOperationException("The video is complete; no more frames can be written.");
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height}; this stream is {Width}x{Height}.", nameof(frame));
        cancellationToken.ThrowIfCancellationRequested();
        var grey = frame.ColorChannels == 1;
        var r = frame.Plane(0);
        var g = grey ? r : frame.Plane(1);
        var b = grey ? r : frame.Plane(2);
        var planes = _planes.AsSpan(0, (_lumaSamples + 2 * _chromaSamples) * _bytesPerSample);
        var subsample = Chroma == Y4mChroma.Yuv420;
        if (_bytesPerSample == 1)
        {
            YuvKernels.RgbToYuv(r, g, b, Width, Height, subsample,
                planes[.._lumaSamples], planes.Slice(_lumaSamples, _chromaSamples), planes.Slice(_lumaSamples + _chromaSamples, _chromaSamples));
        }
        else
        {
            var samples = MemoryMarshal.Cast<byte, ushort>(planes);
            YuvKernels.RgbToYuv<ushort>(r, g, b, Width, Height, subsample,
                samples[.._lumaSamples], samples.Slice(_lumaSamples, _chromaSamples), samples.Slice(_lumaSamples + _chromaSamples, _chromaSamples), BitsPerChannel);
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(samples, samples);
        }
        _stream.Write("FRAME\n"u8);
        _stream.Write(planes);
        FramesWritten++;
    }

    /// <summary>
    /// Flushes the stream; for a file from <see cref="Create"/>, closes it and moves it to its destination.
    /// </summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            return;
        _stream.Flush();
        if (_tempPath is not null && _destination is not null)
        {
            if (_stream is FileStream file)
                file.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_tempPath, _destination, overwrite: true);
        }
        _completed = true;
    }

    /// <summary>
    /// Returns the buffer and closes the stream unless it was left open. A file from <see cref="Create"/>
    /// that was not completed is deleted.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_planes);
        if (_tempPath is not null)
        {
            if (!_completed)
            {
                _stream.Dispose();
                try
                {
                    File.Delete(_tempPath);
                }
                catch (IOException)
                {
                }
            }
            return;
        }
        _stream.Flush();
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private static string ColorToken(Y4mChroma chroma, int bits) => (chroma, bits) switch
    {
        (Y4mChroma.Yuv420, 8) => "C420jpeg",
        (Y4mChroma.Yuv444, 8) => "C444",
        // ffmpeg writes the same token plus an XYSCSS extension naming the format.
        (Y4mChroma.Yuv420, _) => string.Create(CultureInfo.InvariantCulture, $"C420p{bits} XYSCSS=420P{bits}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"C444p{bits} XYSCSS=444P{bits}"),
    };
}
