using System.IO.MemoryMappedFiles;

namespace Augment;

/// <summary>
/// Walks the protobuf structure of an ONNX file before ONNX Runtime sees it, so that a truncated,
/// empty or unrelated file is rejected with the byte offset and reason rather than by the native
/// parser. It checks every field of the messages that make up a model (tags, wire types, lengths
/// within their parent) and that the model has an IR version and a graph; it does not check the
/// operators, which ONNX Runtime validates itself.
/// </summary>
internal static class OnnxModelScanner
{
    // Nested graphs (If/Loop bodies) sit a few levels deep; anything deeper is hostile input.
    private const int MaxDepth = 64;

    private enum Kind
    {
        Opaque,
        Model,
        Graph,
        Node,
        Attribute,
        Tensor,
        ValueInfo,
        Type,
        TensorType,
        Shape,
        Dimension,
        OperatorSetId,
        StringPair,
    }

    /// <summary>Throws <see cref="InvalidModelException"/> when <paramref name="bytes"/> is not a structurally sound ONNX model.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="source">File path or description, for the message.</param>
    public static void Validate(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.IsEmpty)
            throw Invalid(source, -1, "the file is empty");
        var (hasIrVersion, hasGraph) = Scan(bytes, 0, Kind.Model, 0, source);
        if (!hasIrVersion)
            throw Invalid(source, -1, "not an ONNX model: it has no IR version (ModelProto field 1)");
        if (!hasGraph)
            throw Invalid(source, -1, "not an ONNX model: it has no graph (ModelProto field 7)");
    }

    /// <summary>Validates a file through a read-only memory map, so a large model is not copied into managed memory.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="length">Its length in bytes (at most <see cref="Array.MaxLength"/>).</param>
    public static unsafe void ValidateFile(string path, long length)
    {
        if (length == 0)
            throw Invalid(path, -1, "the file is empty");
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            Validate(new ReadOnlySpan<byte>(pointer + view.PointerOffset, checked((int)length)), path);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    internal static InvalidModelException Invalid(string source, long offset, string reason) =>
        new(InvalidMediaException.Describe(source, offset, reason));

    private static (bool HasIrVersion, bool HasGraph) Scan(ReadOnlySpan<byte> message, long baseOffset, Kind kind, int depth, string source)
    {
        if (depth > MaxDepth)
            throw Invalid(source, baseOffset, $"messages nest deeper than {MaxDepth} levels");
        var hasIrVersion = false;
        var hasGraph = false;
        var position = 0;
        while (position < message.Length)
        {
            var fieldStart = baseOffset + position;
            var key = ReadVarint(message, ref position, baseOffset, source);
            var field = key >> 3;
            var wireType = (int)(key & 7);
            if (field == 0 || field > int.MaxValue)
                throw Invalid(source, fieldStart, $"invalid field number {field} in {Name(kind)}");
            var (child, expectedWire) = Expect(kind, (int)field);
            if (expectedWire >= 0 && wireType != expectedWire)
                throw Invalid(source, fieldStart, $"field {field} of {Name(kind)} has wire type {wireType}, expected {expectedWire}");
            switch (wireType)
            {
                case 0:
                    var value = ReadVarint(message, ref position, baseOffset, source);
                    if (kind == Kind.Model && field == 1)
                    {
                        if (value == 0 || value > 1000)
                            throw Invalid(source, fieldStart, $"implausible IR version {value}");
                        hasIrVersion = true;
                    }
                    break;
                case 1:
                    Skip(message, ref position, 8, baseOffset, field, kind, source);
                    break;
                case 5:
                    Skip(message, ref position, 4, baseOffset, field, kind, source);
                    break;
                case 2:
                    var lengthOffset = baseOffset + position;
                    var length = ReadVarint(message, ref position, baseOffset, source);
                    if (length > (ulong)(message.Length - position))
                        throw Invalid(source, lengthOffset,
                            $"truncated: field {field} of {Name(kind)} needs {length} bytes but only {message.Length - position} remain");
                    var payload = message.Slice(position, (int)length);
                    if (child != Kind.Opaque)
                        Scan(payload, baseOffset + position, child, depth + 1, source);
                    if (kind == Kind.Model && field == 7)
                        hasGraph = true;
                    position += (int)length;
                    break;
                default:
                    throw Invalid(source, fieldStart, $"field {field} of {Name(kind)} uses wire type {wireType}, which ONNX files never contain");
            }
        }
        return (hasIrVersion, hasGraph);
    }

    /// <summary>The message kind of a length-delimited field and the wire type a known field must have (-1 = any).</summary>
    private static (Kind Child, int Wire) Expect(Kind kind, int field) => (kind, field) switch
    {
        // ModelProto: ir_version=1, producer_name=2, producer_version=3, domain=4, model_version=5,
        // doc_string=6, graph=7, opset_import=8, metadata_props=14.
        (Kind.Model, 1) or (Kind.Model, 5) => (Kind.Opaque, 0),
        (Kind.Model, 2) or (Kind.Model, 3) or (Kind.Model, 4) or (Kind.Model, 6) => (Kind.Opaque, 2),
        (Kind.Model, 7) => (Kind.Graph, 2),
        (Kind.Model, 8) => (Kind.OperatorSetId, 2),
        (Kind.Model, 14) => (Kind.StringPair, 2),
        // GraphProto: node=1, name=2, initializer=5, doc_string=10, input=11, output=12, value_info=13.
        (Kind.Graph, 1) => (Kind.Node, 2),
        (Kind.Graph, 2) or (Kind.Graph, 10) => (Kind.Opaque, 2),
        (Kind.Graph, 5) => (Kind.Tensor, 2),
        (Kind.Graph, 11) or (Kind.Graph, 12) or (Kind.Graph, 13) => (Kind.ValueInfo, 2),
        // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5, doc_string=6, domain=7.
        (Kind.Node, >= 1 and <= 4) or (Kind.Node, 6) or (Kind.Node, 7) => (Kind.Opaque, 2),
        (Kind.Node, 5) => (Kind.Attribute, 2),
        // AttributeProto: name=1, f=2, i=3, s=4, t=5, g=6, floats=7, ints=8, strings=9, tensors=10,
        // graphs=11, type=20. Repeated scalars may be packed (wire 2) or not.
        (Kind.Attribute, 1) or (Kind.Attribute, 4) or (Kind.Attribute, 9) => (Kind.Opaque, 2),
        (Kind.Attribute, 2) => (Kind.Opaque, 5),
        (Kind.Attribute, 3) or (Kind.Attribute, 20) => (Kind.Opaque, 0),
        (Kind.Attribute, 5) or (Kind.Attribute, 10) => (Kind.Tensor, 2),
        (Kind.Attribute, 6) or (Kind.Attribute, 11) => (Kind.Graph, 2),
        // TensorProto: dims=1 (packed or not), data_type=2, name=8, raw_data=9.
        (Kind.Tensor, 2) => (Kind.Opaque, 0),
        (Kind.Tensor, 8) or (Kind.Tensor, 9) => (Kind.Opaque, 2),
        (Kind.Tensor, 13) => (Kind.StringPair, 2),
        // ValueInfoProto: name=1, type=2, doc_string=3. TypeProto: tensor_type=1.
        (Kind.ValueInfo, 1) or (Kind.ValueInfo, 3) => (Kind.Opaque, 2),
        (Kind.ValueInfo, 2) => (Kind.Type, 2),
        (Kind.Type, 1) => (Kind.TensorType, 2),
        // TypeProto.Tensor: elem_type=1, shape=2. TensorShapeProto: dim=1.
        (Kind.TensorType, 1) => (Kind.Opaque, 0),
        (Kind.TensorType, 2) => (Kind.Shape, 2),
        (Kind.Shape, 1) => (Kind.Dimension, 2),
        // Dimension: dim_value=1, dim_param=2, denotation=3.
        (Kind.Dimension, 1) => (Kind.Opaque, 0),
        (Kind.Dimension, 2) or (Kind.Dimension, 3) => (Kind.Opaque, 2),
        // OperatorSetIdProto: domain=1, version=2. StringStringEntryProto: key=1, value=2.
        (Kind.OperatorSetId, 1) => (Kind.Opaque, 2),
        (Kind.OperatorSetId, 2) => (Kind.Opaque, 0),
        (Kind.StringPair, 1) or (Kind.StringPair, 2) => (Kind.Opaque, 2),
        _ => (Kind.Opaque, -1),
    };

    private static string Name(Kind kind) => kind switch
    {
        Kind.Model => "ModelProto",
        Kind.Graph => "GraphProto",
        Kind.Node => "NodeProto",
        Kind.Attribute => "AttributeProto",
        Kind.Tensor => "TensorProto",
        Kind.ValueInfo => "ValueInfoProto",
        Kind.Type => "TypeProto",
        Kind.TensorType => "TypeProto.Tensor",
        Kind.Shape => "TensorShapeProto",
        Kind.Dimension => "TensorShapeProto.Dimension",
        Kind.OperatorSetId => "OperatorSetIdProto",
        Kind.StringPair => "StringStringEntryProto",
        _ => "a nested message",
    };

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position, long baseOffset, string source)
    {
        var start = position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= message.Length)
                throw Invalid(source, baseOffset + start, "truncated: the data ends inside a number");
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Invalid(source, baseOffset + start, "malformed number: more than ten bytes");
    }

    private static void Skip(ReadOnlySpan<byte> message, ref int position, int count, long baseOffset, ulong field, Kind kind, string source)
    {
        if (message.Length - position < count)
            throw Invalid(source, baseOffset + position, $"truncated: field {field} of {Name(kind)} needs {count} bytes but only {message.Length - position} remain");
        position += count;
    }
}
