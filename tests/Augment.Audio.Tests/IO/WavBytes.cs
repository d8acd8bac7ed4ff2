using System.Buffers.Binary;
using System.Text;

namespace Augment.Audio.Tests.IO;

/// <summary>
/// Builds WAV files byte by byte, independently of <see cref="WavWriter"/>, so that tests can state
/// exactly what a header says (including lies) and where each field sits.
/// </summary>
internal sealed class WavBytes
{
    private readonly MemoryStream _bytes = new();

    public WavBytes(string riff = "RIFF", uint riffSize = 0)
    {
        Ascii(riff);
        U32(riffSize);
        Ascii("WAVE");
    }

    public long Position => _bytes.Position;

    /// <summary>Offset of the fmt chunk's body, once written.</summary>
    public long FmtBody { get; private set; } = -1;

    /// <summary>Offset of the data chunk's size field, once written.</summary>
    public long DataSizeField { get; private set; } = -1;

    /// <summary>Offset of the first sample, once the data header is written.</summary>
    public long DataBody { get; private set; } = -1;

    public WavBytes Fmt(ushort tag, ushort channels, uint sampleRate, ushort bits, ushort? blockAlign = null, uint? byteRate = null)
    {
        var align = blockAlign ?? (ushort)(channels * bits / 8);
        Ascii("fmt ");
        U32(16);
        FmtBody = Position;
        U16(tag); U16(channels); U32(sampleRate); U32(byteRate ?? sampleRate * align); U16(align); U16(bits);
        return this;
    }

    public WavBytes FmtExtensible(ushort channels, uint sampleRate, ushort bits, ushort validBits, uint mask, ushort subTag)
    {
        var align = (ushort)(channels * bits / 8);
        Ascii("fmt ");
        U32(40);
        FmtBody = Position;
        U16(0xFFFE); U16(channels); U32(sampleRate); U32(sampleRate * align); U16(align); U16(bits);
        U16(22); U16(validBits); U32(mask);
        U32(subTag);
        _bytes.Write([0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
        return this;
    }

    public WavBytes Chunk(string id, byte[] body, bool pad = true)
    {
        Ascii(id);
        U32((uint)body.Length);
        _bytes.Write(body);
        if (pad && (body.Length & 1) != 0) _bytes.WriteByte(0);
        return this;
    }

    public WavBytes Ds64(long riffSize, long dataSize, long sampleCount)
    {
        Ascii("ds64");
        U32(28);
        I64(riffSize); I64(dataSize); I64(sampleCount); U32(0);
        return this;
    }

    public WavBytes DataHeader(uint size)
    {
        Ascii("data");
        DataSizeField = Position;
        U32(size);
        DataBody = Position;
        return this;
    }

    public WavBytes Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public WavBytes Int16s(params short[] samples)
    {
        foreach (var s in samples) U16((ushort)s);
        return this;
    }

    public WavBytes Floats(params float[] samples)
    {
        Span<byte> b = stackalloc byte[4];
        foreach (var s in samples)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b, s);
            _bytes.Write(b);
        }
        return this;
    }

    /// <summary>The bytes, with the RIFF size fixed up unless <paramref name="keepRiffSize"/>.</summary>
    public byte[] ToArray(bool keepRiffSize = false)
    {
        var result = _bytes.ToArray();
        if (!keepRiffSize) BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }

    private void Ascii(string s) => _bytes.Write(Encoding.Latin1.GetBytes(s));

    private void U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _bytes.Write(b);
    }

    private void U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _bytes.Write(b);
    }

    private void I64(long v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        _bytes.Write(b);
    }
}

/// <summary>A read-only view of a stream that refuses to seek, like a pipe.</summary>
internal sealed class PipeStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
