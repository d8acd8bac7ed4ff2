namespace Augment.Splat;

/// <summary>One <c>property</c> line of a PLY element: a scalar, or a list (count type + item type).</summary>
/// <param name="Name">The property name.</param>
/// <param name="Type">The scalar type (the item type of a list).</param>
/// <param name="IsList">True for <c>property list</c>.</param>
/// <param name="CountType">The list's count type (unused for scalars).</param>
/// <param name="HeaderOffset">Byte offset of the property line, for error messages.</param>
internal sealed record PlyProperty(string Name, PlyScalarType Type, bool IsList, PlyScalarType CountType, long HeaderOffset);
