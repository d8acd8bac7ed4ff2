using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment;

/// <summary>
/// The inputs and outputs a caller expects of a model: names (or positions), element types, ranks
/// and dimensions. <see cref="OnnxModel.Expect"/> (or <see cref="OnnxModelOptions.Signature"/> at
/// load) compares it with the model and throws a <see cref="ModelSignatureException"/> that names
/// every difference. Inputs the model has but the signature does not declare are differences too
/// (the caller could not feed them); extra outputs are not.
/// </summary>
/// <example>
/// <code>
/// var signature = new ModelSignature()
///     .Input("input", TensorElementType.Float, DimSpec.Any, 3, DimSpec.Dynamic, DimSpec.Dynamic)
///     .Output("output", TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);
/// using var model = OnnxModel.Load("denoise.onnx").Expect(signature);
/// </code>
/// </example>
public sealed record ModelSignature
{
    /// <summary>Expected inputs.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; init; } = [];

    /// <summary>Expected outputs.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; init; } = [];

    /// <summary>
    /// One float NCHW image in, one float NCHW image out, matched by position: input
    /// [any, <paramref name="inputChannels"/>, dynamic, dynamic] and output [any, channels, any, any].
    /// </summary>
    /// <param name="inputChannels">Channels the model must read.</param>
    /// <param name="outputChannels">Channels it must write, or null for any.</param>
    public static ModelSignature ImageToImage(int inputChannels, int? outputChannels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        return new ModelSignature()
            .Input(null, TensorElementType.Float, DimSpec.Any, inputChannels, DimSpec.Dynamic, DimSpec.Dynamic)
            .Output(null, TensorElementType.Float, DimSpec.Any, outputChannels is { } c ? c : DimSpec.Any, DimSpec.Any, DimSpec.Any);
    }

    /// <summary>A copy with one more expected input.</summary>
    /// <param name="name">Input name, or null to take the model's input at this position.</param>
    /// <param name="elementType">Expected element type.</param>
    /// <param name="dims">Expected dimensions; their count is the rank.</param>
    public ModelSignature Input(string? name, TensorElementType elementType, params DimSpec[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return this with { Inputs = [.. Inputs, new TensorSpec(name, elementType, (DimSpec[])dims.Clone())] };
    }

    /// <summary>A copy with one more expected output.</summary>
    /// <param name="name">Output name, or null to take the model's output at this position.</param>
    /// <param name="elementType">Expected element type.</param>
    /// <param name="dims">Expected dimensions; their count is the rank.</param>
    public ModelSignature Output(string? name, TensorElementType elementType, params DimSpec[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return this with { Outputs = [.. Outputs, new TensorSpec(name, elementType, (DimSpec[])dims.Clone())] };
    }

    /// <summary>
    /// Every difference between this signature and a model's declared inputs and outputs, as
    /// sentences such as <c>input 'x' has element type Int64, expected Float</c>; empty when they match.
    /// </summary>
    /// <param name="inputs">The model's inputs.</param>
    /// <param name="outputs">The model's outputs.</param>
    public IReadOnlyList<string> Compare(IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var problems = new List<string>();
        var usedInputs = new bool[inputs.Count];
        CompareSide("input", Inputs, inputs, usedInputs, problems);
        CompareSide("output", Outputs, outputs, new bool[outputs.Count], problems);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!usedInputs[i])
                problems.Add($"the model has input '{inputs[i].Name}' that the signature does not declare");
        }
        return problems;
    }

    private static void CompareSide(string side, IReadOnlyList<TensorSpec> specs, IReadOnlyList<TensorInfo> actual, bool[] used, List<string> problems)
    {
        for (var s = 0; s < specs.Count; s++)
        {
            var spec = specs[s];
            var index = spec.Name is null ? (s < actual.Count ? s : -1) : IndexOf(actual, spec.Name);
            if (index < 0)
            {
                problems.Add(spec.Name is null
                    ? $"missing {side} #{s} (the model has {actual.Count} {side}{(actual.Count == 1 ? "" : "s")})"
                    : $"missing {side} '{spec.Name}' (the model's {side}s are {List(actual)})");
                continue;
            }
            used[index] = true;
            var info = actual[index];
            var label = spec.Name is null ? $"{side} #{s} ('{info.Name}')" : $"{side} '{info.Name}'";
            if (info.ElementType != spec.ElementType)
                problems.Add($"{label} has element type {info.ElementType}, expected {spec.ElementType}");
            if (spec.Dims is null) continue;
            if (info.Rank != spec.Dims.Count)
            {
                problems.Add($"{label} has rank {info.Rank} [{string.Join(", ", info.Dims)}], expected {spec.Dims.Count}");
                continue;
            }
            for (var d = 0; d < info.Rank; d++)
            {
                var expected = spec.Dims[d];
                var dim = info.Dims[d];
                if (expected.IsSatisfiedBy(dim)) continue;
                problems.Add(expected.IsDynamic
                    ? $"dimension {d} of {label} is fixed at {dim.Size}, expected dynamic"
                    : $"dimension {d} of {label} is {dim.Size}, expected {expected.Size}");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<TensorInfo> tensors, string name)
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            if (string.Equals(tensors[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static string List(IReadOnlyList<TensorInfo> tensors)
    {
        if (tensors.Count == 0) return "none";
        var names = new string[tensors.Count];
        for (var i = 0; i < names.Length; i++) names[i] = $"'{tensors[i].Name}'";
        return string.Join(", ", names);
    }
}
