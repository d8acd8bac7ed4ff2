using System.Buffers;
using NLayer;

namespace Augment.Audio;

/// <summary>
/// Streams an MPEG-1/2 audio file (layer III, also I and II) as planar float32 blocks, decoded by the
/// fully managed NLayer decoder. On a seekable stream, encoder delay and padding announced by a
/// Xing/Info + LAME tag are trimmed (gapless), as ffmpeg does, so the samples line up with the encoder's
/// input; a pipe is decoded untrimmed.
/// </summary>
/// <remarks>
/// Damaged input, documented: the decoder resynchronises on the next valid frame header, so a corrupt
/// frame is skipped (a short gap) rather than ending the stream; a file with no decodable frame throws
/// <see cref="InvalidMediaException"/>, and any other failure inside the decoder is rethrown as
/// <see cref="InvalidMediaException"/> naming the source.
/// </remarks>
public sealed class Mp3Reader : IAudioSource
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _name;
    private readonly MpegFile _mpeg;
    private float[]? _interleaved;
    private long _framesRead;
    private int _skipFrames;
    private readonly long? _endFrame;
    private bool _disposed;

    /// <summary>Opens an MP3 file for streaming.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidMediaException">No MPEG audio frame could be found.</exception>
    public static Mp3Reader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new Mp3Reader(stream, path, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the first frame of an MPEG audio stream to learn its format.</summary>
    /// <param name="stream">A readable stream; a seekable one also gives <see cref="LengthFrames"/>.</param>
    /// <param name="name">Names the stream in error messages.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves the stream open.</param>
    /// <exception cref="InvalidMediaException">No MPEG audio frame could be found.</exception>
    public Mp3Reader(Stream stream, string? name = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _name = name ?? "MP3 stream";
        try
        {
            var gapless = stream.CanSeek ? Mp3GaplessInfo.Read(stream) : null;
            // The wrapper is not disposed with the reader; _stream is, unless leaveOpen.
            _mpeg = new MpegFile(stream.CanSeek ? stream : new ForwardOnlyStream(stream));
            var rate = _mpeg.SampleRate;
            var channels = _mpeg.Channels;
            if (rate <= 0 || rate > AudioFormat.MaxSampleRate || channels is < 1 or > 2)
                throw new InvalidMediaException(_name, -1, "no MPEG audio frame was found.");
            Format = new AudioFormat(rate, channels, channels == 1 ? Speakers.Mono : Speakers.Stereo);
            if (gapless is { } g)
            {
                _skipFrames = g.StartSkipSamples;
                _endFrame = g.LengthSamples;
                LengthFrames = g.LengthSamples;
            }
            else if (stream.CanSeek)
            {
                var bytes = _mpeg.Length;
                LengthFrames = bytes >= 0 ? bytes / sizeof(float) / channels : null;
            }
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new InvalidMediaException(MediaErrors.Describe(_name, -1, $"not a decodable MPEG audio stream ({e.Message})."), e);
        }
    }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <inheritdoc />
    public long? LengthFrames { get; }

    /// <summary>Frames read so far.</summary>
    public long PositionFrames => _framesRead;

    /// <inheritdoc />
    public int Read(Span<float> destination, int frames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AudioBlocks.CheckBlock(destination.Length, frames, Format.Channels);
        if (frames == 0) return 0;
        var stride = frames;
        var channels = Format.Channels;
        _interleaved ??= ArrayPool<float>.Shared.Rent(1152 * 2 * 4);
        var perRead = _interleaved.Length / channels;
        var done = 0;
        if (_endFrame is { } end) frames = (int)Math.Min(frames, end - _framesRead);
        while (done < frames)
        {
            var want = Math.Min(perRead, frames - done);
            if (_skipFrames > 0) want = Math.Min(perRead, _skipFrames);
            int got;
            try
            {
                got = _mpeg.ReadSamples(_interleaved, 0, want * channels) / channels;
            }
            catch (Exception e) when (IsDecoderFailure(e))
            {
                throw new InvalidMediaException(MediaErrors.Describe(_name, -1, $"MPEG decoding failed after {_framesRead} frames ({e.Message})."), e);
            }
            if (got == 0) break;
            if (_skipFrames > 0)
            {
                // Encoder and decoder delay: decoded but not part of the signal.
                _skipFrames -= got;
                continue;
            }
            for (var c = 0; c < channels; c++)
            {
                var plane = destination.Slice(c * stride + done, got);
                for (int i = 0, s = c; i < got; i++, s += channels)
                    plane[i] = _interleaved[s];
            }
            done += got;
            _framesRead += got;
        }
        return done;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _mpeg.Dispose();
        if (_interleaved is not null) ArrayPool<float>.Shared.Return(_interleaved);
        _interleaved = null;
        if (!_leaveOpen) _stream.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"MP3 {Format} '{_name}'";

    // NLayer reports damaged streams with the exceptions of an array-walking decoder; none of these
    // are programming errors on our side, so they become InvalidMediaException.
    private static bool IsDecoderFailure(Exception e) =>
        e is InvalidDataException or EndOfStreamException or IndexOutOfRangeException or ArgumentOutOfRangeException
            or ArgumentException or InvalidOperationException or NullReferenceException or OverflowException;
}
