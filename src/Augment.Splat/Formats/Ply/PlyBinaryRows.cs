using System.Runtime.InteropServices;

namespace Augment.Splat;

/// <summary>
/// How the binary rows of a vertex element decode into cloud planes: each property's byte offset and type, the
/// plane it fills, and whether the rows take the float transpose (little-endian, every property a float).
/// </summary>
internal sealed class PlyBinaryRows
{
    private readonly int[] _offsets;
    private readonly PlyScalarType[] _types;
    private readonly int[] _targets;
    private readonly bool _bigEndian;

    public PlyBinaryRows(PlyElement vertex, bool bigEndian, int[] targets)
    {
        var props = vertex.Properties;
        _offsets = new int[props.Count];
        _types = new PlyScalarType[props.Count];
        _targets = targets;
        _bigEndian = bigEndian;
        var offset = 0;
        var allFloat = true;
        for (var i = 0; i < props.Count; i++)
        {
            _offsets[i] = offset;
            _types[i] = props[i].Type;
            offset += PlyTypes.SizeOf(_types[i]);
            allFloat &= _types[i] == PlyScalarType.Float32;
        }
        RowBytes = offset;
        IsFloatTranspose = allFloat && !bigEndian && BitConverter.IsLittleEndian;
    }

    /// <summary>Bytes of one row.</summary>
    public int RowBytes { get; }

    /// <summary>True when rows are little-endian floats only, so they are reinterpreted and transposed in registers.</summary>
    public bool IsFloatTranspose { get; }

    /// <summary>Decodes <paramref name="count"/> whole rows into <paramref name="planes"/> from index <paramref name="first"/>.</summary>
    public void Decode(ReadOnlySpan<byte> rows, float[][] planes, int first, int count)
    {
        rows = rows[..(count * RowBytes)];
        if (IsFloatTranspose)
        {
            PlyVertexDecoder.Transpose(MemoryMarshal.Cast<byte, float>(rows), RowBytes / sizeof(float), _targets, planes, first, count);
            return;
        }
        for (var p = 0; p < _targets.Length; p++)
        {
            var destination = planes[_targets[p]].AsSpan(first, count);
            var offset = _offsets[p];
            var type = _types[p];
            for (var r = 0; r < destination.Length; r++, offset += RowBytes)
                destination[r] = PlyVertexDecoder.ReadScalar(rows[offset..], type, _bigEndian);
        }
    }
}
