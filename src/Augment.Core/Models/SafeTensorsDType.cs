namespace Augment;

/// <summary>
/// Element types of a safetensors file, named as the format spells them (<c>"F32"</c>, <c>"BF16"</c>, ...).
/// Values are stored little-endian. Sub-byte types (<c>F4</c>, <c>F6_*</c>) are not supported.
/// </summary>
public enum SafeTensorsDType
{
    /// <summary><c>BOOL</c>: one byte per element, 0 or 1.</summary>
    Bool,

    /// <summary><c>U8</c>: unsigned 8-bit integer.</summary>
    U8,

    /// <summary><c>I8</c>: signed 8-bit integer.</summary>
    I8,

    /// <summary><c>F8_E5M2</c>: 8-bit float with 5 exponent and 2 mantissa bits (raw bytes only).</summary>
    F8E5M2,

    /// <summary><c>F8_E4M3</c>: 8-bit float with 4 exponent and 3 mantissa bits (raw bytes only).</summary>
    F8E4M3,

    /// <summary><c>F8_E8M0</c>: 8-bit power-of-two scale (raw bytes only).</summary>
    F8E8M0,

    /// <summary><c>I16</c>: signed 16-bit integer.</summary>
    I16,

    /// <summary><c>U16</c>: unsigned 16-bit integer.</summary>
    U16,

    /// <summary><c>F16</c>: IEEE 754 half precision.</summary>
    F16,

    /// <summary><c>BF16</c>: bfloat16, the upper 16 bits of an IEEE 754 single.</summary>
    BF16,

    /// <summary><c>I32</c>: signed 32-bit integer.</summary>
    I32,

    /// <summary><c>U32</c>: unsigned 32-bit integer.</summary>
    U32,

    /// <summary><c>F32</c>: IEEE 754 single precision.</summary>
    F32,

    /// <summary><c>F64</c>: IEEE 754 double precision.</summary>
    F64,

    /// <summary><c>I64</c>: signed 64-bit integer.</summary>
    I64,

    /// <summary><c>U64</c>: unsigned 64-bit integer.</summary>
    U64,
}
