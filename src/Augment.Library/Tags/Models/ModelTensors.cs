namespace Augment.Library;

/// <summary>Looks up a model's inputs and outputs by name, with messages that list what the model has.</summary>
internal static class ModelTensors
{
    /// <summary>The input <paramref name="name"/>, or the only input when null.</summary>
    public static TensorInfo Input(OnnxModel model, string? name, string what)
    {
        if (name is null)
        {
            if (model.Inputs.Count != 1)
                throw new ModelSignatureException($"Model '{model.Source}' has {model.Inputs.Count} inputs ({Names(model.Inputs)}); {what} takes one (or name it in the options).");
            return model.Inputs[0];
        }
        return Find(model.Inputs, name) ?? throw new ModelSignatureException($"Model '{model.Source}' has no input '{name}' (its inputs are {Names(model.Inputs)}).");
    }

    /// <summary>The output <paramref name="name"/>, or the first output when null.</summary>
    public static TensorInfo Output(OnnxModel model, string? name)
    {
        if (name is null)
        {
            if (model.Outputs.Count == 0) throw new ModelSignatureException($"Model '{model.Source}' declares no outputs.");
            return model.Outputs[0];
        }
        return Find(model.Outputs, name) ?? throw new ModelSignatureException($"Model '{model.Source}' has no output '{name}' (its outputs are {Names(model.Outputs)}).");
    }

    public static TensorInfo? Find(IReadOnlyList<TensorInfo> tensors, string name)
    {
        foreach (var t in tensors)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal)) return t;
        }
        return null;
    }

    public static string Names(IReadOnlyList<TensorInfo> tensors)
    {
        if (tensors.Count == 0) return "none";
        var names = new string[tensors.Count];
        for (var i = 0; i < names.Length; i++) names[i] = tensors[i].ToString();
        return string.Join(", ", names);
    }

    public static string Shape(ReadOnlySpan<long> shape) => $"[{string.Join(", ", shape.ToArray())}]";
}
