using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment;

/// <summary>
/// What a <see cref="ModelSignature"/> expects of one input or output.
/// </summary>
/// <param name="Name">The tensor's name, or null to take the model's tensor at the same position.</param>
/// <param name="ElementType">Expected element type.</param>
/// <param name="Dims">Expected dimensions (their count is the rank), or null to accept any shape.</param>
public sealed record TensorSpec(string? Name, TensorElementType ElementType, IReadOnlyList<DimSpec>? Dims)
{
    /// <summary>Such as <c>input: Float[any, 3, dynamic, dynamic]</c>.</summary>
    public override string ToString() =>
        $"{Name ?? "(by position)"}: {ElementType}{(Dims is null ? "" : $"[{string.Join(", ", Dims)}]")}";
}
