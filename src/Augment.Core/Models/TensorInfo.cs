using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment;

/// <summary>
/// One input or output of a loaded model as the model declares it: name, element type and
/// dimensions (each fixed or dynamic, dynamic ones possibly named by a symbol).
/// </summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="ElementType">Element type (Float, Int64, ...).</param>
/// <param name="Dims">Dimensions, outermost first.</param>
public sealed record TensorInfo(string Name, TensorElementType ElementType, IReadOnlyList<TensorDim> Dims)
{
    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Count;

    /// <summary>Whether dimension <paramref name="axis"/> is dynamic.</summary>
    public bool IsDynamic(int axis) => !Dims[axis].IsFixed;

    /// <summary>Such as <c>input: Float[n, 3, h, w]</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Dims)}]";
}
