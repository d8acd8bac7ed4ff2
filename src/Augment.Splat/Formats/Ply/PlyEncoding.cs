namespace Augment.Splat;

/// <summary>How a PLY body is encoded, from its <c>format</c> line.</summary>
internal enum PlyEncoding
{
    BinaryLittleEndian,
    BinaryBigEndian,
    Ascii,
}
