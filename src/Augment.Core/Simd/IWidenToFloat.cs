using System.Runtime.Intrinsics;

namespace Augment;

/// <summary>
/// Turns stored elements (bytes, 16- or 32-bit integers, floats) into float samples. Implemented by
/// structs so that the generic loops in <see cref="PlanarSimd"/> are specialised and inlined per type.
/// </summary>
internal interface IWidenToFloat
{
    /// <summary>Bytes per stored element: 1, 2 or 4.</summary>
    static abstract int ElementSize { get; }

    /// <summary>Converts the <c>16 / ElementSize</c> elements held in <paramref name="elements"/> and writes that many floats.</summary>
    static abstract void Store(Vector128<byte> elements, ref float destination);

    /// <summary>Reads four elements and returns them as floats.</summary>
    static abstract Vector128<float> Load4(ref byte source);

    /// <summary>For 4-byte elements only: converts 16 elements given as raw bits (the AVX-512 permute path).</summary>
    static abstract Vector512<float> Widen16(Vector512<float> bits);
}
