namespace Augment.Splat;

/// <summary>The scalar types a PLY property can have (PLY 1.0 names and their sized aliases).</summary>
internal enum PlyScalarType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Float32,
    Float64,
}
