using System.Runtime.Intrinsics;

namespace Augment;

/// <summary>
/// Turns float samples into stored elements (bytes, 16-bit integers, floats) with the same rounding
/// and clamping as the scalar reference kernels. Implemented by structs, like <see cref="IWidenToFloat"/>.
/// </summary>
internal interface INarrowFromFloat
{
    /// <summary>Bytes per stored element: 1, 2 or 4.</summary>
    static abstract int ElementSize { get; }

    /// <summary>Reads <c>16 / ElementSize</c> floats and returns them converted, packed into 16 bytes.</summary>
    static abstract Vector128<byte> Load(ref float source);

    /// <summary>Converts four floats and writes four elements.</summary>
    static abstract void Store4(Vector128<float> samples, ref byte destination);

    /// <summary>For 4-byte elements only: converts 16 floats to the elements' raw bits (the AVX-512 permute path).</summary>
    static abstract Vector512<float> Narrow16(Vector512<float> samples);
}
