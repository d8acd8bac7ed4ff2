using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Augment.Audio;

/// <summary>
/// Streams a WAV file (RIFF/WAVE, RF64 or BW64) as planar float32 blocks: integer PCM of 8 (unsigned),
/// 16, 24 and 32 bits, IEEE float of 32 and 64 bits, plain or WAVE_FORMAT_EXTENSIBLE headers. Memory
/// stays constant however long the file is. Chunks other than audio (<c>bext</c>, <c>LIST</c>,
/// <c>iXML</c>, <c>cue </c>...) are kept in <see cref="Chunks"/> so that a rewrite can preserve them.
/// </summary>
/// <remarks>
/// <para>Malformed headers (zero channels, a sample rate of 0 or above 768 kHz, a block align that does
/// not match the channels and sample size, chunks running past the end of the file before the audio
/// is found) throw <see cref="InvalidMediaException"/> naming the source and byte offset; well-formed
/// files in another encoding (ADPCM, MP3-in-WAV...) throw <see cref="UnsupportedFormatException"/>.</para>
/// <para>Recovery, documented: when the data chunk declares more bytes than the file holds, the reader
/// reads what is there, sets <see cref="IsTruncated"/> and adds a line to <see cref="Warnings"/>
/// (<see cref="WavReadOptions.Strict"/> throws instead). A data size of 0xFFFFFFFF in a plain RIFF
/// file (what streaming writers leave) means "to the end of the stream". NaN and infinite float samples
/// are replaced with 0 and counted, with the position of the first (see
/// <see cref="WavReadOptions.NonFiniteSamples"/>).</para>
/// <para>On a stream that cannot seek, chunks after the data are not seen and the length is known only
/// from the header.</para>
/// </remarks>
public sealed class WavReader : IAudioSource
{
    private const uint UnknownSize = 0xFFFFFFFF;
    private const int MaxHeaderChunkBytes = 1 << 16;
    private const int ScratchBytes = 1 << 16;
    private const int MaxChunks = 10_000;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _name;
    private readonly WavReadOptions _options;
    private readonly List<WavChunk> _chunks = [];
    private readonly List<string> _warnings = [];
    private readonly int _blockAlign;
    private readonly long _dataOffset;
    private readonly long? _dataFrames;
    private byte[]? _scratch;
    private long _framesRead;
    private long _bytePosition;
    private readonly long _base;
    private bool _ended;
    private bool _disposed;

    /// <summary>Opens a WAV file for streaming.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Leniency, non-finite handling and budget; <see cref="WavReadOptions.Default"/> when null.</param>
    /// <exception cref="InvalidMediaException">The header is malformed.</exception>
    /// <exception cref="UnsupportedFormatException">The file is well formed but not PCM or float audio.</exception>
    public static WavReader Open(string path, WavReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new WavReader(stream, path, options, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the header of a WAV stream, leaving it positioned at the first sample.</summary>
    /// <param name="stream">A readable stream at the start of the RIFF header; seekable streams also give trailing chunks and truncation checks.</param>
    /// <param name="name">Names the stream in error messages (a path or description).</param>
    /// <param name="options">Leniency, non-finite handling and budget; <see cref="WavReadOptions.Default"/> when null.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves the stream open.</param>
    /// <exception cref="InvalidMediaException">The header is malformed.</exception>
    /// <exception cref="UnsupportedFormatException">The file is well formed but not PCM or float audio.</exception>
    public WavReader(Stream stream, string? name = null, WavReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _name = name ?? "WAV stream";
        _options = options ?? WavReadOptions.Default;
        // Offsets in messages and properties count from the RIFF header, wherever the stream starts it.
        _base = stream.CanSeek ? stream.Position : 0;
        var header = ParseHeader();
        Container = header.Container;
        SampleFormat = header.SampleFormat;
        ValidBitsPerSample = header.ValidBits;
        Format = new AudioFormat(header.SampleRate, header.Channels, header.Mask);
        _blockAlign = header.BlockAlign;
        _dataOffset = header.DataOffset;
        DeclaredDataBytes = header.DeclaredDataBytes;
        _dataFrames = header.DataFrames;
        if (_stream.CanSeek) _stream.Position = _base + _dataOffset;
        _bytePosition = _dataOffset;
    }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <summary>Frames the file holds (after truncation recovery); <c>null</c> when the header leaves it open (a stream of unknown length).</summary>
    public long? LengthFrames => _dataFrames;

    /// <summary>How the samples are stored.</summary>
    public WavSampleFormat SampleFormat { get; }

    /// <summary>Significant bits per sample (WAVE_FORMAT_EXTENSIBLE's <c>wValidBitsPerSample</c>; the container size otherwise).</summary>
    public int ValidBitsPerSample { get; }

    /// <summary>RIFF, RF64 or BW64.</summary>
    public WavContainer Container { get; }

    /// <summary>The data size the header declared, in bytes; <c>null</c> when it was left unknown (0xFFFFFFFF).</summary>
    public long? DeclaredDataBytes { get; }

    /// <summary>Whether the file holds fewer samples than its header declares (the rest was never written or was cut).</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>Non-audio chunks in file order, to pass to <see cref="WavWriteOptions.Chunks"/> when rewriting.</summary>
    public IReadOnlyList<WavChunk> Chunks => _chunks;

    /// <summary>What the reader recovered from or skipped, one line each, with byte offsets.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>NaN or infinite samples met so far (float formats).</summary>
    public long NonFiniteSampleCount { get; private set; }

    /// <summary>Frame index (from the start) of the first NaN or infinite sample met, if any.</summary>
    public long? FirstNonFiniteFrame { get; private set; }

    /// <summary>Frames read so far.</summary>
    public long PositionFrames => _framesRead;

    /// <inheritdoc />
    public int Read(Span<float> destination, int frames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AudioBlocks.CheckBlock(destination.Length, frames, Format.Channels);
        if (_ended || frames == 0) return 0;
        var wanted = frames;
        if (_dataFrames is { } total)
            wanted = (int)Math.Min(wanted, total - _framesRead);
        if (wanted <= 0)
        {
            _ended = true;
            return 0;
        }
        _scratch ??= ArrayPool<byte>.Shared.Rent(Math.Max(ScratchBytes, _blockAlign));
        var framesPerRead = _scratch.Length / _blockAlign;
        var done = 0;
        while (done < wanted)
        {
            var count = Math.Min(framesPerRead, wanted - done);
            var bytes = count * _blockAlign;
            var got = _stream.ReadAtLeast(_scratch.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            var whole = got / _blockAlign;
            if (whole > 0)
            {
                PcmCodec.Decode(_scratch.AsSpan(0, whole * _blockAlign), SampleFormat, Format.Channels, whole, destination, frames, done);
                if (SampleFormat.IsFloat()) CheckFinite(destination, frames, done, whole);
                done += whole;
                _framesRead += whole;
                _bytePosition += whole * (long)_blockAlign;
            }
            if (got < bytes)
            {
                EndOfStream(got - whole * _blockAlign);
                break;
            }
        }
        return done;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_scratch is not null) ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = null;
        if (!_leaveOpen) _stream.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"WAV {SampleFormat} {Format} '{_name}'";

    private void EndOfStream(int partialBytes)
    {
        _ended = true;
        var endOffset = _bytePosition + partialBytes;
        if (_dataFrames is null && partialBytes == 0) return; // an open-ended stream simply ended
        if (_options.Strict)
            throw new InvalidMediaException(_name, endOffset, $"the data chunk ends after {_framesRead} frames, before the {(_dataFrames is { } n ? n.ToString() : "declared")} frames its header declares.");
        IsTruncated = _dataFrames is not null;
        _warnings.Add($"byte {endOffset}: the data ended after {_framesRead} frames{(partialBytes > 0 ? $" and a partial frame of {partialBytes} bytes, which was dropped" : "")}.");
    }

    private void CheckFinite(Span<float> planes, int stride, int offset, int count)
    {
        // First pass finds the earliest bad sample of the block (frame order, then channel), so the report
        // and an exception name the first one in the file, not the first one in channel order.
        var firstIndex = int.MaxValue;
        var firstChannel = -1;
        var firstValue = 0f;
        for (var c = 0; c < Format.Channels; c++)
        {
            var plane = planes.Slice(c * stride + offset, count);
            if (!HasNonFinite(plane)) continue;
            for (var i = 0; i < plane.Length && i <= firstIndex; i++)
            {
                if (float.IsFinite(plane[i]) || (i == firstIndex && c > firstChannel)) continue;
                (firstIndex, firstChannel, firstValue) = (i, c, plane[i]);
                break;
            }
        }
        if (firstChannel < 0) return;
        var firstFrame = _framesRead + firstIndex;
        if (_options.NonFiniteSamples == NonFiniteSampleHandling.Throw)
            throw new InvalidMediaException(_name, SampleOffset(firstFrame, firstChannel), $"sample {firstValue} in channel {firstChannel} at frame {firstFrame} is not a finite number.");
        if (FirstNonFiniteFrame is null)
        {
            FirstNonFiniteFrame = firstFrame;
            var action = _options.NonFiniteSamples == NonFiniteSampleHandling.ReplaceWithZero ? ", replaced with 0 (and so are any later ones)" : "";
            _warnings.Add($"byte {SampleOffset(firstFrame, firstChannel)}: {firstValue} in channel {firstChannel} at frame {firstFrame}{action}.");
        }
        for (var c = 0; c < Format.Channels; c++)
        {
            var plane = planes.Slice(c * stride + offset, count);
            for (var i = 0; i < plane.Length; i++)
            {
                if (float.IsFinite(plane[i])) continue;
                NonFiniteSampleCount++;
                if (_options.NonFiniteSamples == NonFiniteSampleHandling.ReplaceWithZero) plane[i] = 0f;
            }
        }
    }

    private static bool HasNonFinite(ReadOnlySpan<float> plane)
    {
        // x - x is 0 for finite x and NaN otherwise, so one sum answers for the whole run.
        var acc = 0f;
        foreach (var x in plane) acc += x - x;
        return acc != 0f || float.IsNaN(acc);
    }

    private long SampleOffset(long frame, int channel) =>
        _dataOffset + frame * _blockAlign + channel * (long)SampleFormat.BytesPerSample();

    private InvalidMediaException Invalid(long offset, string reason) => new(_name, offset, reason);

    private readonly record struct Header(
        WavContainer Container, WavSampleFormat SampleFormat, int Channels, int SampleRate, Speakers Mask,
        int BlockAlign, int ValidBits, long DataOffset, long? DeclaredDataBytes, long? DataFrames);

    private readonly record struct FmtInfo(WavSampleFormat SampleFormat, int Channels, int SampleRate, int BlockAlign, int ValidBits, Speakers Mask);

    private Header ParseHeader()
    {
        Span<byte> head = stackalloc byte[12];
        var got = _stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        if (got < 12) throw Invalid(0, $"only {got} bytes, shorter than a RIFF header (12 bytes).");
        var riffId = Encoding.Latin1.GetString(head[..4]);
        var container = riffId switch
        {
            "RIFF" => WavContainer.Riff,
            "RF64" => WavContainer.Rf64,
            "BW64" => WavContainer.Bw64,
            _ => throw Invalid(0, $"starts with '{Printable(riffId)}', not RIFF, RF64 or BW64: not a WAV file."),
        };
        if (!head.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new UnsupportedFormatException(MediaErrors.Describe(_name, 8, $"a RIFF '{Printable(Encoding.Latin1.GetString(head.Slice(8, 4)))}' form, not WAVE."));

        long? streamLength = _stream.CanSeek ? _stream.Length - _base : null;
        long position = 12;
        FmtInfo? fmt = null;
        long dataOffset = -1;
        long? declaredData = null;
        long? dataBytes = null;
        long ds64Data = -1;
        var ds64Table = new Dictionary<string, long>(StringComparer.Ordinal);
        Span<byte> chunkHeader = stackalloc byte[8];
        var chunkCount = 0;
        while (true)
        {
            if (streamLength is { } len && position + 8 > len)
            {
                if (position < len && dataOffset >= 0)
                    _warnings.Add($"byte {position}: {len - position} stray bytes after the last chunk were ignored.");
                else if (position < len)
                    throw Invalid(position, $"{len - position} bytes where a chunk header (8 bytes) was expected.");
                break;
            }
            var n = _stream.ReadAtLeast(chunkHeader, 8, throwOnEndOfStream: false);
            if (n == 0 && streamLength is null) break;
            if (n < 8)
            {
                if (dataOffset >= 0) break;
                throw Invalid(position, "the file ends inside a chunk header.");
            }
            if (!IsChunkId(chunkHeader[..4]) || ++chunkCount > MaxChunks)
            {
                // Zero padding or garbage where a chunk should start (writers that wrapped a 32-bit size,
                // files cut and re-joined): after the audio it is ignored, before it the file is unreadable.
                var what = chunkCount > MaxChunks ? $"more than {MaxChunks} chunks" : "bytes that are not a chunk id";
                if (dataOffset < 0) throw Invalid(position, $"{what} where a chunk header was expected.");
                _warnings.Add($"byte {position}: {what} after the data; the stray bytes from here on were ignored.");
                break;
            }
            var id = Encoding.Latin1.GetString(chunkHeader[..4]);
            var size32 = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            long size = size32;
            var sizeUnknown = false;
            if (size32 == UnknownSize)
            {
                if (container != WavContainer.Riff && id == "data" && ds64Data >= 0) size = ds64Data;
                else if (container != WavContainer.Riff && ds64Table.TryGetValue(id, out var big)) size = big;
                else if (id == "data") sizeUnknown = true;
            }
            var body = position + 8;
            if (id == "data" && dataOffset >= 0)
            {
                _warnings.Add($"byte {position}: a second data chunk was ignored.");
                id = "data2";
            }
            if (id == "data")
            {
                if (fmt is null) throw Invalid(position, "the data chunk comes before the fmt chunk.");
                dataOffset = body;
                var available = streamLength is { } l ? l - body : (long?)null;
                if (sizeUnknown)
                {
                    declaredData = null;
                    dataBytes = available;
                    _warnings.Add($"byte {position + 4}: the data size is left open (0xFFFFFFFF); reading to the end of the stream.");
                }
                else
                {
                    declaredData = size;
                    dataBytes = size;
                    if (available is { } a && size > a)
                    {
                        if (_options.Strict)
                            throw Invalid(position + 4, $"the data chunk declares {size} bytes but only {a} remain in the file.");
                        IsTruncated = true;
                        dataBytes = a;
                        _warnings.Add($"byte {position + 4}: the data chunk declares {size} bytes but only {a} remain; reading those.");
                    }
                }
                if (dataBytes is { } db && db % fmt.Value.BlockAlign != 0)
                {
                    if (_options.Strict && !IsTruncated && !sizeUnknown)
                        throw Invalid(position + 4, $"the data size {db} is not a whole number of {fmt.Value.BlockAlign}-byte frames.");
                    _warnings.Add($"byte {position + 4}: the data size {db} is not a whole number of {fmt.Value.BlockAlign}-byte frames; the partial frame is dropped.");
                }
                if (streamLength is null || dataBytes is null || IsTruncated) break;
                position = body + dataBytes.Value + (dataBytes.Value & 1);
                _stream.Position = _base + Math.Min(position, streamLength.Value);
                continue;
            }

            if (streamLength is { } len2 && body + size > len2)
            {
                if (dataOffset >= 0)
                {
                    _warnings.Add($"byte {position + 4}: chunk '{Printable(id)}' declares {size} bytes but only {len2 - body} remain; it was dropped.");
                    break;
                }
                throw Invalid(position + 4, $"chunk '{Printable(id)}' declares {size} bytes but only {len2 - body} remain in the file.");
            }

            switch (id)
            {
                case "ds64":
                    if (container == WavContainer.Riff)
                    {
                        _warnings.Add($"byte {position}: a ds64 chunk in a plain RIFF file was ignored.");
                        SkipBody(body, size);
                        break;
                    }
                    ds64Data = ParseDs64(body, size, ds64Table);
                    break;
                case "fmt ":
                    if (fmt is not null) throw Invalid(position, "a second fmt chunk.");
                    fmt = ParseFmt(body, size);
                    break;
                case "data2":
                    SkipBody(body, size);
                    break;
                default:
                    KeepOrSkip(id, body, size, afterData: dataOffset >= 0);
                    break;
            }
            if (streamLength is null && (size & 1) != 0 && _stream.ReadByte() < 0)
                break;
            position = body + size + (size & 1);
            if (streamLength is { } len3 && _stream.Position != _base + Math.Min(position, len3))
                _stream.Position = _base + Math.Min(position, len3);
        }

        if (fmt is not { } f) throw Invalid(position, "no fmt chunk before the end of the file.");
        if (dataOffset < 0) throw Invalid(position, "no data chunk before the end of the file.");
        if (container != WavContainer.Riff && ds64Data < 0)
            _warnings.Add($"byte 12: an {container} file without a ds64 chunk; sizes were taken from the 32-bit fields.");
        long? frames = dataBytes is { } bytes ? bytes / f.BlockAlign : null;
        return new Header(container, f.SampleFormat, f.Channels, f.SampleRate, f.Mask, f.BlockAlign, f.ValidBits, dataOffset, declaredData, frames);
    }

    private long ParseDs64(long body, long size, Dictionary<string, long> table)
    {
        if (size < 28) throw Invalid(body - 4, $"a ds64 chunk of {size} bytes, shorter than its 28 fixed bytes.");
        if (size > MaxHeaderChunkBytes) throw Invalid(body - 4, $"a ds64 chunk of {size} bytes, larger than any real one.");
        var buffer = ReadBody(body, (int)size);
        var dataSize = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8));
        if (dataSize < 0)
        {
            // -1 is what a live RF64 stream writes before the size is known: read to the end.
            _warnings.Add($"byte {body + 8}: the ds64 data size is left open; reading to the end of the stream.");
            return -1;
        }
        var entries = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(24));
        var fit = (size - 28) / 12;
        if (entries > fit)
        {
            _warnings.Add($"byte {body + 24}: the ds64 table claims {entries} entries but holds at most {fit}.");
            entries = (uint)fit;
        }
        for (var i = 0; i < entries; i++)
        {
            var at = 28 + i * 12;
            var id = Encoding.Latin1.GetString(buffer, at, 4);
            var value = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(at + 4));
            if (value >= 0) table[id] = value;
        }
        return dataSize;
    }

    private FmtInfo ParseFmt(long body, long size)
    {
        if (size < 16) throw Invalid(body - 4, $"a fmt chunk of {size} bytes, shorter than the 16 a PCM header needs.");
        if (size > MaxHeaderChunkBytes) throw Invalid(body - 4, $"a fmt chunk of {size} bytes, larger than any real one.");
        var b = ReadBody(body, (int)size);
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(b);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(2));
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4));
        var byteRate = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8));
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(12));
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(14));
        if (channels == 0) throw Invalid(body + 2, "the fmt chunk declares zero channels.");
        if (channels > AudioBuffer.MaxChannels)
            throw new UnsupportedFormatException(MediaErrors.Describe(_name, body + 2, $"{channels} channels; at most {AudioBuffer.MaxChannels} are supported."));
        if (rate == 0 || rate > AudioFormat.MaxSampleRate)
            throw Invalid(body + 4, $"a sample rate of {rate} Hz, outside 1..{AudioFormat.MaxSampleRate}.");

        var validBits = bits;
        var mask = Speakers.None;
        var effectiveTag = (int)tag;
        if (tag == 0xFFFE)
        {
            var cbSize = size >= 18 ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(16)) : 0;
            if (size < 40 || cbSize < 22) throw Invalid(body + 16, $"a WAVE_FORMAT_EXTENSIBLE header with {size} bytes (cbSize {cbSize}); it needs 40 (22).");
            validBits = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(18));
            mask = (Speakers)(int)(BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(20)) & 0x3FFFF);
            effectiveTag = SubFormatTag(b.AsSpan(24, 16), body + 24);
            if (validBits == 0) validBits = bits;
            if (validBits > bits) throw Invalid(body + 18, $"{validBits} valid bits in a {bits}-bit container.");
        }
        var format = (effectiveTag, bits) switch
        {
            (1, 8) => WavSampleFormat.Pcm8,
            (1, 16) => WavSampleFormat.Pcm16,
            (1, 24) => WavSampleFormat.Pcm24,
            (1, 32) => WavSampleFormat.Pcm32,
            (3, 32) => WavSampleFormat.IeeeFloat32,
            (3, 64) => WavSampleFormat.IeeeFloat64,
            (1 or 3, 0) => throw Invalid(body + 14, "zero bits per sample."),
            (1, _) => throw new UnsupportedFormatException(MediaErrors.Describe(_name, body + 14, $"{bits}-bit PCM; containers of 8, 16, 24 or 32 bits are supported.")),
            (3, _) => throw new UnsupportedFormatException(MediaErrors.Describe(_name, body + 14, $"{bits}-bit float; 32 or 64 bits are supported.")),
            _ => throw new UnsupportedFormatException(MediaErrors.Describe(_name, body, $"format tag 0x{effectiveTag:X4} ({TagName(effectiveTag)}) is not PCM or IEEE float; decode it through ffmpeg (AudioFile.Open).")),
        };
        var expectedAlign = channels * format.BytesPerSample();
        if (blockAlign != expectedAlign)
            throw Invalid(body + 12, $"a block align of {blockAlign} bytes where {channels} channels of {bits} bits need {expectedAlign}.");
        if (byteRate != (long)rate * blockAlign)
            _warnings.Add($"byte {body + 8}: the byte rate {byteRate} differs from sample rate x block align ({(long)rate * blockAlign}); ignored.");
        if (mask != Speakers.None && System.Numerics.BitOperations.PopCount((uint)mask) != channels)
            _warnings.Add($"byte {body + 20}: the channel mask names {System.Numerics.BitOperations.PopCount((uint)mask)} speakers for {channels} channels.");
        return new FmtInfo(format, channels, (int)rate, blockAlign, validBits, mask);
    }

    // KSDATAFORMAT_SUBTYPE_* GUIDs: {tag-0000-0010-8000-00AA00389B71}, and the Ambisonic B-format
    // variants {tag-0721-11D3-8644-C8C1CA000000} (AMBISONIC_B_FORMAT_PCM / _IEEE_FLOAT), same samples.
    private static ReadOnlySpan<byte> WaveGuidTail => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private static ReadOnlySpan<byte> AmbisonicGuidTail => [0x21, 0x07, 0xD3, 0x11, 0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00];

    private int SubFormatTag(ReadOnlySpan<byte> guid, long offset)
    {
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(guid);
        if ((guid[4..].SequenceEqual(WaveGuidTail) || guid[4..].SequenceEqual(AmbisonicGuidTail)) && tag <= 0xFFFF)
            return (int)tag;
        throw new UnsupportedFormatException(MediaErrors.Describe(_name, offset, $"sub-format GUID {new Guid(guid)} is not PCM or IEEE float."));
    }

    private static string TagName(int tag) => tag switch
    {
        0x0002 => "MS ADPCM",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0050 => "MPEG",
        0x0055 => "MP3",
        0x0092 => "AC-3",
        0x2000 => "AC-3",
        _ => "unknown",
    };

    private void KeepOrSkip(string id, long body, long size, bool afterData)
    {
        if (WavChunk.IsReserved(id))
        {
            SkipBody(body, size);
            return;
        }
        if (size > _options.MaxKeptChunkBytes)
        {
            _warnings.Add($"byte {body - 8}: chunk '{Printable(id)}' of {size} bytes is larger than MaxKeptChunkBytes ({_options.MaxKeptChunkBytes}) and was not kept.");
            SkipBody(body, size);
            return;
        }
        (_options.Budget ?? ComputeBudget.Default).EnsureAllocation(size, $"Chunk '{Printable(id)}' of '{_name}'");
        var data = ReadBody(body, (int)size);
        _chunks.Add(new WavChunk(id, data, afterData));
    }

    private byte[] ReadBody(long body, int size)
    {
        var buffer = new byte[size];
        var got = _stream.ReadAtLeast(buffer, size, throwOnEndOfStream: false);
        if (got < size) throw Invalid(body + got, $"the file ends inside a chunk of {size} bytes.");
        return buffer;
    }

    private void SkipBody(long body, long size)
    {
        if (_stream.CanSeek)
        {
            _stream.Position = Math.Min(_base + body + size, _stream.Length);
            return;
        }
        // A pipe: read and discard, which ends at the end of the stream whatever the header claims.
        Span<byte> sink = stackalloc byte[4096];
        while (size > 0)
        {
            var got = _stream.Read(sink[..(int)Math.Min(sink.Length, size)]);
            if (got == 0) throw Invalid(body, "the stream ends inside a chunk.");
            size -= got;
        }
    }

    /// <summary>RIFF ids are four printable ASCII characters (spaces allowed, as in "fmt ").</summary>
    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
            if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    private static string Printable(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] < 0x20 || chars[i] > 0x7E) chars[i] = '?';
        return new string(chars);
    }
}
