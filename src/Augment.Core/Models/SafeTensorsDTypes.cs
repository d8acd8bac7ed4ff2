namespace Augment;

/// <summary>Sizes and spec names of <see cref="SafeTensorsDType"/> values.</summary>
internal static class SafeTensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeBytes(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.Bool or SafeTensorsDType.U8 or SafeTensorsDType.I8
            or SafeTensorsDType.F8E5M2 or SafeTensorsDType.F8E4M3 or SafeTensorsDType.F8E8M0 => 1,
        SafeTensorsDType.I16 or SafeTensorsDType.U16 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.F32 => 4,
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    /// <summary>The name the format uses in the header, such as <c>"BF16"</c>.</summary>
    public static string SpecName(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.Bool => "BOOL",
        SafeTensorsDType.U8 => "U8",
        SafeTensorsDType.I8 => "I8",
        SafeTensorsDType.F8E5M2 => "F8_E5M2",
        SafeTensorsDType.F8E4M3 => "F8_E4M3",
        SafeTensorsDType.F8E8M0 => "F8_E8M0",
        SafeTensorsDType.I16 => "I16",
        SafeTensorsDType.U16 => "U16",
        SafeTensorsDType.F16 => "F16",
        SafeTensorsDType.BF16 => "BF16",
        SafeTensorsDType.I32 => "I32",
        SafeTensorsDType.U32 => "U32",
        SafeTensorsDType.F32 => "F32",
        SafeTensorsDType.F64 => "F64",
        SafeTensorsDType.I64 => "I64",
        SafeTensorsDType.U64 => "U64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    /// <summary>Parses a header dtype name; case-sensitive as in the reference implementation.</summary>
    public static bool TryParse(string name, out SafeTensorsDType dtype)
    {
        switch (name)
        {
            case "BOOL": dtype = SafeTensorsDType.Bool; return true;
            case "U8": dtype = SafeTensorsDType.U8; return true;
            case "I8": dtype = SafeTensorsDType.I8; return true;
            case "F8_E5M2": dtype = SafeTensorsDType.F8E5M2; return true;
            case "F8_E4M3": dtype = SafeTensorsDType.F8E4M3; return true;
            case "F8_E8M0": dtype = SafeTensorsDType.F8E8M0; return true;
            case "I16": dtype = SafeTensorsDType.I16; return true;
            case "U16": dtype = SafeTensorsDType.U16; return true;
            case "F16": dtype = SafeTensorsDType.F16; return true;
            case "BF16": dtype = SafeTensorsDType.BF16; return true;
            case "I32": dtype = SafeTensorsDType.I32; return true;
            case "U32": dtype = SafeTensorsDType.U32; return true;
            case "F32": dtype = SafeTensorsDType.F32; return true;
            case "F64": dtype = SafeTensorsDType.F64; return true;
            case "I64": dtype = SafeTensorsDType.I64; return true;
            case "U64": dtype = SafeTensorsDType.U64; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>
    /// Whether elements of <paramref name="dtype"/> may be viewed as <typeparamref name="T"/> without
    /// conversion: same size and the same meaning (BF16 and U16 both as raw <see cref="ushort"/>; the
    /// byte-sized types as raw <see cref="byte"/>).
    /// </summary>
    public static bool IsViewableAs<T>(SafeTensorsDType dtype) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return dtype == SafeTensorsDType.F32;
        if (typeof(T) == typeof(double)) return dtype == SafeTensorsDType.F64;
        if (typeof(T) == typeof(Half)) return dtype == SafeTensorsDType.F16;
        if (typeof(T) == typeof(long)) return dtype == SafeTensorsDType.I64;
        if (typeof(T) == typeof(ulong)) return dtype == SafeTensorsDType.U64;
        if (typeof(T) == typeof(int)) return dtype == SafeTensorsDType.I32;
        if (typeof(T) == typeof(uint)) return dtype == SafeTensorsDType.U32;
        if (typeof(T) == typeof(short)) return dtype == SafeTensorsDType.I16;
        if (typeof(T) == typeof(ushort)) return dtype is SafeTensorsDType.U16 or SafeTensorsDType.BF16;
        if (typeof(T) == typeof(sbyte)) return dtype == SafeTensorsDType.I8;
        if (typeof(T) == typeof(byte))
        {
            return dtype is SafeTensorsDType.U8 or SafeTensorsDType.Bool
                or SafeTensorsDType.F8E5M2 or SafeTensorsDType.F8E4M3 or SafeTensorsDType.F8E8M0;
        }
        return false;
    }

    /// <summary>The dtype a writer stores for <typeparamref name="T"/>, or <c>null</c> when there is none.</summary>
    public static SafeTensorsDType? ForType<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return SafeTensorsDType.F32;
        if (typeof(T) == typeof(double)) return SafeTensorsDType.F64;
        if (typeof(T) == typeof(Half)) return SafeTensorsDType.F16;
        if (typeof(T) == typeof(long)) return SafeTensorsDType.I64;
        if (typeof(T) == typeof(ulong)) return SafeTensorsDType.U64;
        if (typeof(T) == typeof(int)) return SafeTensorsDType.I32;
        if (typeof(T) == typeof(uint)) return SafeTensorsDType.U32;
        if (typeof(T) == typeof(short)) return SafeTensorsDType.I16;
        if (typeof(T) == typeof(ushort)) return SafeTensorsDType.U16;
        if (typeof(T) == typeof(sbyte)) return SafeTensorsDType.I8;
        if (typeof(T) == typeof(byte)) return SafeTensorsDType.U8;
        if (typeof(T) == typeof(bool)) return SafeTensorsDType.Bool;
        return null;
    }
}
