using System.Diagnostics.CodeAnalysis;

namespace Augment;

/// <summary>
/// A named attribute of an ONNX node (an integer, integers, a float, floats or a string), for
/// <see cref="OnnxGraphBuilder.Node"/>. The factories are named after ONNX's attribute types
/// (INT, INTS, FLOAT, FLOATS, STRING); field numbers follow <c>AttributeProto</c> in onnx.proto.
/// </summary>
public sealed class OnnxAttributeValue
{
    // AttributeProto.AttributeType values from onnx.proto.
    private const int TypeFloat = 1;
    private const int TypeInt = 2;
    private const int TypeString = 3;
    private const int TypeFloats = 6;
    private const int TypeInts = 7;

    private readonly int _type;
    private readonly long _int;
    private readonly float _float;
    private readonly string? _string;
    private readonly long[]? _ints;
    private readonly float[]? _floats;

    private OnnxAttributeValue(string name, int type, long intValue = 0, float floatValue = 0, string? stringValue = null, long[]? ints = null, float[]? floats = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _type = type;
        _int = intValue;
        _float = floatValue;
        _string = stringValue;
        _ints = ints;
        _floats = floats;
    }

    /// <summary>The attribute's name, such as <c>"pads"</c>.</summary>
    public string Name { get; }

    /// <summary>A 64-bit integer attribute (such as <c>group</c> or <c>blocksize</c>).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the ONNX attribute type.")]
    public static OnnxAttributeValue Int(string name, long value) => new(name, TypeInt, intValue: value);

    /// <summary>A list of 64-bit integers (such as <c>pads</c>, <c>strides</c>, <c>kernel_shape</c>).</summary>
    public static OnnxAttributeValue Ints(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, TypeInts, ints: (long[])values.Clone());
    }

    /// <summary>A 32-bit float attribute (such as <c>alpha</c>).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the ONNX attribute type.")]
    public static OnnxAttributeValue Float(string name, float value) => new(name, TypeFloat, floatValue: value);

    /// <summary>A list of 32-bit floats.</summary>
    public static OnnxAttributeValue Floats(string name, params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, TypeFloats, floats: (float[])values.Clone());
    }

    /// <summary>A UTF-8 string attribute (such as <c>mode</c> = <c>"CRD"</c>).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the ONNX attribute type.")]
    public static OnnxAttributeValue String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, TypeString, stringValue: value);
    }

    internal void WriteTo(ProtoWriter writer)
    {
        writer.String(1, Name);
        writer.Int64(20, _type);
        switch (_type)
        {
            case TypeFloat:
                writer.Float(2, _float);
                break;
            case TypeInt:
                writer.Int64(3, _int);
                break;
            case TypeString:
                writer.String(4, _string!);
                break;
            case TypeFloats:
                // Repeated scalars unpacked, the proto2 default that every parser accepts.
                foreach (var f in _floats!) writer.Float(7, f);
                break;
            case TypeInts:
                foreach (var i in _ints!) writer.Int64(8, i);
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => _type switch
    {
        TypeFloat => $"{Name}={_float}",
        TypeInt => $"{Name}={_int}",
        TypeString => $"{Name}=\"{_string}\"",
        TypeFloats => $"{Name}=[{string.Join(", ", _floats!)}]",
        _ => $"{Name}=[{string.Join(", ", _ints!)}]",
    };
}
