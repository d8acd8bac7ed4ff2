using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Augment;

/// <summary>
/// The few protocol-buffer encodings an ONNX model needs (varints, length-delimited fields,
/// fixed32 floats), written into a growing buffer. Nested messages are built in their own writer
/// and embedded as bytes, which is simple and cheap for the small graphs the SDK writes.
/// Encoding per https://protobuf.dev/programming-guides/encoding/.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0;
    private const int WireFixed32 = 5;
    private const int WireLengthDelimited = 2;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint(unchecked((ulong)value));
    }

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void String(int field, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Tag(field, WireLengthDelimited);
        Varint((ulong)length);
        var written = Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(written);
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Floats as little-endian IEEE 754 bytes (the layout of TensorProto.raw_data).</summary>
    public void FloatsAsBytes(int field, ReadOnlySpan<float> values)
    {
        var length = checked(values.Length * sizeof(float));
        Tag(field, WireLengthDelimited);
        Varint((ulong)length);
        var span = _buffer.GetSpan(length);
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(span.Slice(i * sizeof(float)), values[i]);
        _buffer.Advance(length);
    }

    /// <summary>64-bit integers as little-endian bytes (TensorProto.raw_data for INT64).</summary>
    public void Int64sAsBytes(int field, ReadOnlySpan<long> values)
    {
        var length = checked(values.Length * sizeof(long));
        Tag(field, WireLengthDelimited);
        Varint((ulong)length);
        var span = _buffer.GetSpan(length);
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(span.Slice(i * sizeof(long)), values[i]);
        _buffer.Advance(length);
    }

    public void Message(int field, ProtoWriter message) => Bytes(field, message.WrittenSpan);

    private void Tag(int field, int wireType) => Varint((ulong)(((uint)field << 3) | (uint)wireType));

    private void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
