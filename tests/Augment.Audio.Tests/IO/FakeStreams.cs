namespace Augment.Audio.Tests.IO;

/// <summary>
/// A seekable write stream that keeps only its first bytes (the header) and counts the rest, so a
/// test can write past 4 GiB without the disk or memory.
/// </summary>
internal sealed class CountingStream(int keptBytes = 4096) : Stream
{
    private readonly byte[] _head = new byte[keptBytes];
    private long _position;
    private long _length;

    public byte[] Head => _head;
    public override bool CanRead => false;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _position; set => _position = value; }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };
    public override void SetLength(long value) => _length = value;
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_position < _head.Length)
        {
            var n = (int)Math.Min(buffer.Length, _head.Length - _position);
            buffer[..n].CopyTo(_head.AsSpan((int)_position));
        }
        _position += buffer.Length;
        _length = Math.Max(_length, _position);
    }
    public override void WriteByte(byte value) => Write([value]);
}

/// <summary>A read-only seekable stream of a given length: real header bytes, then zeros (a virtual huge file).</summary>
internal sealed class HeaderThenZerosStream(byte[] head, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => _position = value; }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Clamp(length - _position, 0, buffer.Length);
        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            buffer[i] = at < head.Length ? head[at] : (byte)0;
        }
        _position += n;
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A non-seekable stream that generates a 16-bit stereo WAV of any length on the fly (a ramp per channel),
/// for constant-memory tests.
/// </summary>
internal sealed class GeneratedWavStream : Stream
{
    private readonly byte[] _header;
    private readonly long _length;
    private long _position;

    public GeneratedWavStream(long frames, int sampleRate)
    {
        var dataBytes = frames * 4;
        _header = new WavBytes(riffSize: 0xFFFFFFFF).Fmt(1, 2, (uint)sampleRate, 16).DataHeader(dataBytes > uint.MaxValue ? uint.MaxValue : (uint)dataBytes).ToArray(keepRiffSize: true);
        _length = _header.Length + dataBytes;
    }

    /// <summary>The sample the stream holds for a frame and channel.</summary>
    public static short Sample(long frame, int channel) => (short)((frame * (channel == 0 ? 7 : -13)) & 0xFFFF);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Clamp(_length - _position, 0, buffer.Length);
        var i = 0;
        for (; i < n && _position < _header.Length; i++, _position++)
            buffer[i] = _header[_position];
        for (; i < n; i++, _position++)
        {
            var at = _position - _header.Length;
            var sample = Sample(at >> 2, (int)(at >> 1) & 1);
            buffer[i] = (at & 1) == 0 ? (byte)sample : (byte)(sample >> 8);
        }
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
