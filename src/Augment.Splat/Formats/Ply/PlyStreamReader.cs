using System.Buffers;

namespace Augment.Splat;

/// <summary>
/// A forward-only buffered reader over a PLY stream: header lines, ASCII tokens and binary blocks, with the
/// byte offset of everything it returns (for error messages). Large binary reads bypass the buffer.
/// </summary>
internal sealed class PlyStreamReader : IDisposable
{
    private const int BufferBytes = 1 << 16;
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer;
    private int _position;
    private int _length;
    private long _bufferStart;

    public PlyStreamReader(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    }

    /// <summary>Offset of the next unread byte from where reading began.</summary>
    public long Position => _bufferStart + _position;

    /// <summary>The file or stream name used in errors.</summary>
    public string Source => _source;

    /// <summary>Reads one line (without <c>\n</c> or <c>\r\n</c>); false at the end of the stream.</summary>
    public bool TryReadLine(int maxBytes, out ReadOnlySpan<byte> line, out long lineOffset)
    {
        lineOffset = Position;
        var scanned = 0;
        while (true)
        {
            var available = _buffer.AsSpan(_position + scanned, _length - _position - scanned);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = _position + scanned + newline;
                var span = _buffer.AsSpan(_position, end - _position);
                _position = end + 1;
                line = span.Length > 0 && span[^1] == (byte)'\r' ? span[..^1] : span;
                return true;
            }
            scanned = _length - _position;
            if (scanned > maxBytes)
                throw new InvalidMediaException(_source, lineOffset, $"a header line is longer than {maxBytes} bytes");
            if (!Fill())
            {
                line = _buffer.AsSpan(_position, _length - _position);
                _position = _length;
                return line.Length > 0;
            }
        }
    }

    /// <summary>Reads the next whitespace-separated ASCII token; false at the end of the stream.</summary>
    public bool TryReadToken(out ReadOnlySpan<byte> token, out long tokenOffset)
    {
        while (true)
        {
            while (_position < _length && IsSpace(_buffer[_position]))
                _position++;
            if (_position < _length)
                break;
            if (!Fill())
            {
                token = default;
                tokenOffset = Position;
                return false;
            }
        }
        tokenOffset = Position;
        var scanned = 0;
        while (true)
        {
            var i = _position + scanned;
            while (i < _length && !IsSpace(_buffer[i]))
                i++;
            if (i < _length)
            {
                token = _buffer.AsSpan(_position, i - _position);
                _position = i;
                return true;
            }
            scanned = _length - _position;
            if (scanned >= BufferBytes)
                throw new InvalidMediaException(_source, tokenOffset, $"an ASCII token is longer than {BufferBytes} bytes");
            // Fill keeps the partial token at _position, so scanned stays valid.
            if (!Fill())
            {
                token = _buffer.AsSpan(_position, _length - _position);
                _position = _length;
                return true;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> completely or throws naming <paramref name="what"/> and the offset.</summary>
    public void ReadExactly(Span<byte> destination, string what)
    {
        var offset = Position;
        var buffered = Math.Min(destination.Length, _length - _position);
        _buffer.AsSpan(_position, buffered).CopyTo(destination);
        _position += buffered;
        var rest = destination[buffered..];
        if (rest.IsEmpty)
            return;
        // The buffer is drained: read straight into the caller's block.
        var read = _stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false);
        _bufferStart += _length + read;
        _position = 0;
        _length = 0;
        if (read < rest.Length)
            throw new InvalidMediaException(_source, offset + buffered + read, $"the file ends inside {what} ({destination.Length - buffered - read} bytes missing)");
    }

    /// <summary>Skips <paramref name="bytes"/> bytes or throws naming <paramref name="what"/>.</summary>
    public void Skip(long bytes, string what)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            while (bytes > 0)
            {
                var n = (int)Math.Min(bytes, BufferBytes);
                ReadExactly(scratch.AsSpan(0, n), what);
                bytes -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Moves unread bytes to the front and reads more; false when nothing more came.</summary>
    private bool Fill()
    {
        var unread = _length - _position;
        if (unread == _buffer.Length)
            return false;
        if (_position > 0)
        {
            _buffer.AsSpan(_position, unread).CopyTo(_buffer);
            _bufferStart += _position;
            _position = 0;
            _length = unread;
        }
        var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        _length += read;
        return read > 0;
    }
}
