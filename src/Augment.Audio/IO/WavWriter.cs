using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Augment.Audio;

/// <summary>
/// Writes a WAV file block by block in constant memory: integer PCM of 8, 16, 24 or 32 bits (optional
/// TPDF dither) or IEEE float of 32 or 64 bits; a WAVE_FORMAT_EXTENSIBLE header with a channel mask when
/// there are more than two channels or more than 16 bits; RF64 (<c>ds64</c>) as soon as the file passes
/// 4 GiB; extra chunks (<c>bext</c>, <c>LIST</c>...) before or after the data.
/// </summary>
/// <remarks>
/// A writer made by <see cref="Create"/> writes to a temporary file beside the destination and renames
/// it over the destination in <see cref="Complete"/>; disposing it without <see cref="Complete"/> (an
/// exception, a cancellation) deletes the temporary file, so readers never see a partial file.
/// </remarks>
public sealed class WavWriter : IDisposable
{
    private const long RiffLimit = uint.MaxValue;
    private const int ReservedChunkBytes = 28;
    private const int ScratchBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string? _tempPath;
    private readonly string? _destination;
    private readonly WavWriteOptions _options;
    private readonly int _blockAlign;
    private readonly long _start;
    private readonly long _dataSizeField;
    private readonly TpdfDither? _dither;
    private byte[]? _scratch;
    private long _dataBytes;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates a WAV file atomically: it appears at <paramref name="path"/> only when <see cref="Complete"/> succeeds.</summary>
    /// <param name="path">Destination file; its folder must exist. An existing file is replaced on completion.</param>
    /// <param name="format">Sample rate, channels and speaker mask of the samples to write.</param>
    /// <param name="options">Sample format, dither, RF64 and extra chunks; <see cref="WavWriteOptions.Default"/> when null.</param>
    public static WavWriter Create(string path, AudioFormat format, WavWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot write '{path}': folder '{folder}' does not exist.");
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try
        {
            return new WavWriter(stream, format, options, leaveOpen: false, temp, full);
        }
        catch
        {
            stream.Dispose();
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes WAV to a stream. A seekable stream gets exact sizes in <see cref="Complete"/>; any other (a
    /// pipe) gets the "unknown size" (0xFFFFFFFF) fields streaming writers use, and its
    /// <see cref="WavChunk.AfterData"/> chunks are written before the data, since nothing may follow it.
    /// </summary>
    /// <param name="stream">A writable stream, positioned where the file starts.</param>
    /// <param name="format">Sample rate, channels and speaker mask of the samples to write.</param>
    /// <param name="options">Sample format, dither, RF64 and extra chunks; <see cref="WavWriteOptions.Default"/> when null.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves the stream open.</param>
    public WavWriter(Stream stream, AudioFormat format, WavWriteOptions? options = null, bool leaveOpen = false)
        : this(stream, format, options, leaveOpen, null, null)
    {
    }

    private WavWriter(Stream stream, AudioFormat format, WavWriteOptions? options, bool leaveOpen, string? tempPath, string? destination)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream must be writable.", nameof(stream));
        if (format.Channels == 0) throw new ArgumentException("The format is empty (default); give a sample rate and channels.", nameof(format));
        _options = options ?? WavWriteOptions.Default;
        ArgumentNullException.ThrowIfNull(_options.Chunks, "options.Chunks");
        if (!Enum.IsDefined(_options.SampleFormat)) throw new ArgumentOutOfRangeException(nameof(options), _options.SampleFormat, "Unknown sample format.");
        _stream = stream;
        _leaveOpen = leaveOpen;
        _tempPath = tempPath;
        _destination = destination;
        Format = format;
        SampleFormat = _options.SampleFormat;
        ChannelMask = _options.ChannelMask ?? (format.ChannelMask != Speakers.None ? format.ChannelMask : DefaultMask(format.Channels));
        _blockAlign = format.Channels * SampleFormat.BytesPerSample();
        _dither = _options.Dither && !SampleFormat.IsFloat() ? new TpdfDither(_options.DitherSeed) : null;
        _start = stream.CanSeek ? stream.Position : 0;
        _dataSizeField = WriteHeader();
    }

    /// <summary>Sample rate, channels and speaker mask of the samples.</summary>
    public AudioFormat Format { get; }

    /// <summary>How the samples are stored.</summary>
    public WavSampleFormat SampleFormat { get; }

    /// <summary>The speaker mask written in an extensible header.</summary>
    public Speakers ChannelMask { get; }

    /// <summary>Frames written so far.</summary>
    public long FramesWritten => _dataBytes / _blockAlign;

    /// <summary>Whether the header uses WAVE_FORMAT_EXTENSIBLE (more than two channels, more than 16 bits, or a non-default mask).</summary>
    public bool IsExtensible => UsesExtensible(Format.Channels, SampleFormat, ChannelMask);

    /// <summary>Appends frames from a planar block.</summary>
    /// <param name="planar">Plane <c>c</c> at <c>c * frames</c>, as <see cref="IAudioSource.Read"/> fills it.</param>
    /// <param name="frames">Frames per plane.</param>
    public void Write(ReadOnlySpan<float> planar, int frames) => Write(planar, frames, frames);

    /// <summary>Appends all frames of a buffer (its channels must match <see cref="Format"/>).</summary>
    /// <param name="buffer">The samples; its sample rate should equal the format's (not checked, so a resampled stream can be relabelled).</param>
    public void Write(AudioBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Channels != Format.Channels)
            throw new ArgumentException($"The buffer has {buffer.Channels} channels; the writer {Format.Channels}.", nameof(buffer));
        Write(buffer.Data, buffer.Frames, buffer.Frames);
    }

    /// <summary>Pulls a source to its end and writes every frame.</summary>
    /// <param name="source">A source whose channel count matches <see cref="Format"/>.</param>
    /// <param name="progress">Reports frames written against the source's length, when known.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <returns>Frames written.</returns>
    public long WriteFrom(IAudioSource source, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Format.Channels != Format.Channels)
            throw new ArgumentException($"The source has {source.Format.Channels} channels; the writer {Format.Channels}.", nameof(source));
        const int block = 8192;
        var buffer = ArrayPool<float>.Shared.Rent(block * Format.Channels);
        try
        {
            long total = 0;
            int n;
            while ((n = source.Read(buffer, block)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Write(buffer, n, block);
                total += n;
                if (progress is not null && source.LengthFrames is { } length && length > 0)
                    progress.Report(AugmentProgress.Items("Writing WAV", total, length));
            }
            return total;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the trailing chunks, fixes the sizes in the header (switching to RF64 when the file passed
    /// 4 GiB), flushes, and for <see cref="Create"/> renames the temporary file over the destination.
    /// </summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The writer was already completed.");
        if ((_dataBytes & 1) != 0 && _stream.CanSeek) _stream.WriteByte(0);
        foreach (var chunk in _options.Chunks)
            if (chunk.AfterData && _stream.CanSeek) WriteChunk(chunk);
        if (_stream.CanSeek)
        {
            var end = _stream.Position;
            var riffSize = end - _start - 8;
            var rf64 = _options.Rf64 == Rf64Mode.Always || riffSize > RiffLimit || _dataBytes > RiffLimit;
            if (rf64 && _options.Rf64 == Rf64Mode.Never)
                throw new UnsupportedFormatException($"The WAV file reached {riffSize} bytes, beyond the 4 GiB a plain RIFF file can describe; use Rf64Mode.Auto.");
            Span<byte> four = stackalloc byte[4];
            if (rf64)
            {
                Seek(0);
                _stream.Write("RF64"u8);
                BinaryPrimitives.WriteUInt32LittleEndian(four, uint.MaxValue);
                _stream.Write(four);
                Seek(12);
                Span<byte> ds64 = stackalloc byte[8 + ReservedChunkBytes];
                ds64.Clear();
                "ds64"u8.CopyTo(ds64);
                BinaryPrimitives.WriteUInt32LittleEndian(ds64[4..], ReservedChunkBytes);
                BinaryPrimitives.WriteInt64LittleEndian(ds64[8..], riffSize);
                BinaryPrimitives.WriteInt64LittleEndian(ds64[16..], _dataBytes);
                BinaryPrimitives.WriteInt64LittleEndian(ds64[24..], FramesWritten);
                _stream.Write(ds64);
                Seek(_dataSizeField);
                _stream.Write(four);
            }
            else
            {
                Seek(4);
                BinaryPrimitives.WriteUInt32LittleEndian(four, (uint)riffSize);
                _stream.Write(four);
                Seek(_dataSizeField);
                BinaryPrimitives.WriteUInt32LittleEndian(four, (uint)_dataBytes);
                _stream.Write(four);
            }
            _stream.Position = end;
        }
        if (_stream is FileStream file) file.Flush(flushToDisk: true);
        else _stream.Flush();
        _completed = true;
        if (_tempPath is not null)
        {
            _stream.Dispose();
            File.Move(_tempPath, _destination!, overwrite: true);
        }
    }

    /// <summary>Closes the writer; without <see cref="Complete"/>, a file made by <see cref="Create"/> is deleted.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_scratch is not null) ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = null;
        if (_tempPath is not null)
        {
            _stream.Dispose();
            if (!_completed) TryDelete(_tempPath);
        }
        else if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"WAV writer {SampleFormat} {Format}{(_destination is null ? "" : $" -> '{_destination}'")}";

    internal static Speakers DefaultMask(int channels) => channels switch
    {
        1 => Speakers.Mono,
        2 => Speakers.Stereo,
        3 => Speakers.Stereo | Speakers.FrontCenter,
        4 => Speakers.Quad,
        5 => Speakers.Quad | Speakers.FrontCenter,
        6 => Speakers.Surround51,
        7 => Speakers.Surround51 | Speakers.BackCenter,
        8 => Speakers.Surround71,
        _ => Speakers.None,
    };

    private static bool UsesExtensible(int channels, WavSampleFormat format, Speakers mask) =>
        channels > 2 || (!format.IsFloat() && format.BytesPerSample() > 2) || mask != DefaultMask(channels);

    /// <summary>
    /// Appends <paramref name="frames"/> frames from a planar block whose planes are
    /// <paramref name="stride"/> samples apart: a block filled by <c>source.Read(block, n)</c> keeps plane
    /// <c>c</c> at <c>c * n</c> even when fewer than <c>n</c> frames came back, so pass <c>n</c> here.
    /// </summary>
    /// <param name="planar">Plane <c>c</c> at <c>c * stride</c>.</param>
    /// <param name="frames">Frames per plane to write.</param>
    /// <param name="stride">Distance between planes in samples (at least <paramref name="frames"/>).</param>
    public void Write(ReadOnlySpan<float> planar, int frames, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, frames);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The writer was already completed.");
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        if ((long)(Format.Channels - 1) * stride + frames > planar.Length)
            throw new ArgumentException($"A block of {frames} frames x {Format.Channels} channels does not fit a span of {planar.Length} samples.", nameof(planar));
        if (_options.Rf64 == Rf64Mode.Never && _dataBytes + (long)frames * _blockAlign > RiffLimit - 1024)
            throw new UnsupportedFormatException($"A plain RIFF WAV file cannot hold more than 4 GiB of samples; use Rf64Mode.Auto.");
        _scratch ??= ArrayPool<byte>.Shared.Rent(Math.Max(ScratchBytes, _blockAlign));
        var perBlock = _scratch.Length / _blockAlign;
        for (var done = 0; done < frames;)
        {
            var count = Math.Min(perBlock, frames - done);
            var bytes = count * _blockAlign;
            PcmCodec.Encode(planar, stride, done, Format.Channels, count, SampleFormat, _scratch, _dither);
            _stream.Write(_scratch, 0, bytes);
            _dataBytes += bytes;
            done += count;
        }
    }

    /// <summary>Writes RIFF, the reserved JUNK/ds64 chunk, fmt, the leading extra chunks and the data header; returns the data size field's offset.</summary>
    private long WriteHeader()
    {
        var riff = new byte[12];
        var rf64Now = _options.Rf64 == Rf64Mode.Always;
        (rf64Now ? "RF64"u8 : "RIFF"u8).CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), uint.MaxValue);
        "WAVE"u8.CopyTo(riff.AsSpan(8));
        _stream.Write(riff);
        long written = 12;
        if (_options.Rf64 != Rf64Mode.Never)
        {
            // EBU Tech 3306 section 3.5: reserve room for ds64 with a JUNK chunk, so a file that stays
            // under 4 GiB is plain RIFF and one that grows can be upgraded in place.
            Span<byte> reserved = stackalloc byte[8 + ReservedChunkBytes];
            reserved.Clear();
            (rf64Now ? "ds64"u8 : "JUNK"u8).CopyTo(reserved);
            BinaryPrimitives.WriteUInt32LittleEndian(reserved[4..], ReservedChunkBytes);
            if (rf64Now)
            {
                // Streaming RF64 without seeking: sizes unknown (-1) as a reader of a live stream expects.
                BinaryPrimitives.WriteInt64LittleEndian(reserved[8..], -1);
                BinaryPrimitives.WriteInt64LittleEndian(reserved[16..], -1);
                BinaryPrimitives.WriteInt64LittleEndian(reserved[24..], -1);
            }
            _stream.Write(reserved);
            written += reserved.Length;
        }
        var fmt = BuildFmt();
        _stream.Write(fmt);
        written += fmt.Length;
        foreach (var chunk in _options.Chunks)
        {
            // On a pipe the data size stays open ("to the end"), so nothing may follow the samples:
            // chunks meant for after the data go before it instead.
            if (chunk.AfterData && _stream.CanSeek) continue;
            written += WriteChunk(chunk);
        }
        Span<byte> data = stackalloc byte[8];
        "data"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], uint.MaxValue);
        _stream.Write(data);
        return written + 4;
    }

    private byte[] BuildFmt()
    {
        var extensible = IsExtensible;
        var bodySize = extensible ? 40 : SampleFormat.IsFloat() ? 18 : 16;
        var b = new byte[8 + bodySize];
        "fmt "u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)bodySize);
        var tag = SampleFormat.IsFloat() ? (ushort)3 : (ushort)1;
        var bits = SampleFormat.BytesPerSample() * 8;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), extensible ? (ushort)0xFFFE : tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), (ushort)Format.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), (uint)Format.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), (uint)(Format.SampleRate * (long)_blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), (ushort)_blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), (ushort)bits);
        if (bodySize >= 18)
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(24), (ushort)(extensible ? 22 : 0));
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(26), (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), (uint)ChannelMask);
            // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {tag-0000-0010-8000-00AA00389B71}.
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), tag);
            ReadOnlySpan<byte> tail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            tail.CopyTo(b.AsSpan(36));
        }
        return b;
    }

    private long WriteChunk(WavChunk chunk)
    {
        Span<byte> header = stackalloc byte[8];
        Encoding.Latin1.GetBytes(chunk.Id, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)chunk.Data.Length);
        _stream.Write(header);
        _stream.Write(chunk.Data.Span);
        if ((chunk.Data.Length & 1) != 0) _stream.WriteByte(0);
        return 8 + chunk.Data.Length + (chunk.Data.Length & 1);
    }

    private void Seek(long offset) => _stream.Position = _start + offset;

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
