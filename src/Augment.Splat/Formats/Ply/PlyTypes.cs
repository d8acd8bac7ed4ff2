namespace Augment.Splat;

/// <summary>PLY scalar type names and sizes.</summary>
internal static class PlyTypes
{
    /// <summary>Size in bytes of a binary scalar.</summary>
    public static int SizeOf(PlyScalarType type) => type switch
    {
        PlyScalarType.Int8 or PlyScalarType.UInt8 => 1,
        PlyScalarType.Int16 or PlyScalarType.UInt16 => 2,
        PlyScalarType.Int32 or PlyScalarType.UInt32 or PlyScalarType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Parses a PLY 1.0 type name or its sized alias (<c>uchar</c> = <c>uint8</c>, <c>float</c> = <c>float32</c>, ...).</summary>
    public static bool TryParse(string name, out PlyScalarType type)
    {
        switch (name)
        {
            case "char" or "int8": type = PlyScalarType.Int8; return true;
            case "uchar" or "uint8": type = PlyScalarType.UInt8; return true;
            case "short" or "int16": type = PlyScalarType.Int16; return true;
            case "ushort" or "uint16": type = PlyScalarType.UInt16; return true;
            case "int" or "int32": type = PlyScalarType.Int32; return true;
            case "uint" or "uint32": type = PlyScalarType.UInt32; return true;
            case "float" or "float32": type = PlyScalarType.Float32; return true;
            case "double" or "float64": type = PlyScalarType.Float64; return true;
            default: type = default; return false;
        }
    }
}
