using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>A point of a capture's sparse reconstruction.</summary>
/// <param name="Position">World position, in the capture's coordinates.</param>
/// <param name="Colour">Red, green, blue in 0..1.</param>
/// <param name="Error">Mean reprojection error in pixels (-1 when unknown).</param>
public readonly record struct SparsePoint(Vector3 Position, Vector3 Colour, float Error);
