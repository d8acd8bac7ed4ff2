using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Audio.Tests.Vad;

/// <summary>Small ONNX graphs with Silero VAD's interfaces, built in the test, whose outputs are known exactly.</summary>
internal static class TinySileroModels
{
    /// <summary>v4 interface: output = σ(gain·mean(input) + bias), hn = h, cn = c.</summary>
    public static byte[] MeanSigmoidV4(float gain, float bias) =>
        V4Graph("mean-sigmoid")
            .Initializer("gain", [gain])
            .Initializer("bias", [bias])
            .Node("ReduceMean", ["input"], ["mean"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 1))
            .Node("Mul", ["mean", "gain"], ["scaled"])
            .Node("Add", ["scaled", "bias"], ["logit"])
            .Node("Sigmoid", ["logit"], ["output"])
            .Node("Identity", ["h"], ["hn"])
            .Node("Identity", ["c"], ["cn"])
            .ToBytes();

    /// <summary>
    /// v4 interface whose state carries a running sum: hn = h + mean(input) (every element),
    /// output = σ(mean(input) + mean(h)). So window i scores σ(m_i + Σ_{j&lt;i} m_j): only a detector
    /// that carries the state exactly from window to window reproduces it.
    /// </summary>
    public static byte[] RunningSumV4() =>
        V4Graph("running-sum")
            .Node("ReduceMean", ["input"], ["mean"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 1))
            .Node("ReduceMean", ["h"], ["carried"], OnnxAttributeValue.Ints("axes", 0, 2), OnnxAttributeValue.Int("keepdims", 0))
            .Node("Add", ["mean", "carried"], ["logit"])
            .Node("Sigmoid", ["logit"], ["output"])
            .Node("Add", ["h", "mean"], ["hn"])
            .Node("Identity", ["c"], ["cn"])
            .ToBytes();

    /// <summary>v5 interface: output = σ(gain·mean(input) + bias) over context + window, stateN = state.</summary>
    public static byte[] MeanSigmoidV5(float gain, float bias) =>
        new OnnxGraphBuilder("mean-sigmoid-v5")
            .Input("input", TensorElementType.Float, "batch", "samples")
            .Input("state", TensorElementType.Float, 2, "batch", 128)
            .Input("sr", TensorElementType.Int64)
            .Initializer("gain", [gain])
            .Initializer("bias", [bias])
            .Node("ReduceMean", ["input"], ["mean"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 1))
            .Node("Mul", ["mean", "gain"], ["scaled"])
            .Node("Add", ["scaled", "bias"], ["logit"])
            .Node("Sigmoid", ["logit"], ["output"])
            .Node("Identity", ["state"], ["stateN"])
            .Output("output", TensorElementType.Float, "batch", 1)
            .Output("stateN", TensorElementType.Float, 2, "batch", 128)
            .ToBytes();

    /// <summary>Silero-like but with an image-model input: input [n, 3, h, w] and no state.</summary>
    public static byte[] WrongInputs() => OnnxGraphBuilder.Multiply(2f).ToBytes();

    /// <summary>v4 names, but the state is 32 wide instead of 64.</summary>
    public static byte[] WrongStateWidth() =>
        new OnnxGraphBuilder("narrow-state")
            .Input("input", TensorElementType.Float, "batch", "samples")
            .Input("sr", TensorElementType.Int64)
            .Input("h", TensorElementType.Float, 2, "batch", 32)
            .Input("c", TensorElementType.Float, 2, "batch", 32)
            .Node("ReduceMean", ["input"], ["output"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 1))
            .Node("Identity", ["h"], ["hn"])
            .Node("Identity", ["c"], ["cn"])
            .Output("output", TensorElementType.Float, "batch", 1)
            .Output("hn", TensorElementType.Float, 2, "batch", 32)
            .Output("cn", TensorElementType.Float, 2, "batch", 32)
            .ToBytes();

    private static OnnxGraphBuilder V4Graph(string name) =>
        new OnnxGraphBuilder(name)
            .Input("input", TensorElementType.Float, "batch", "samples")
            .Input("sr", TensorElementType.Int64)
            .Input("h", TensorElementType.Float, 2, "batch", 64)
            .Input("c", TensorElementType.Float, 2, "batch", 64)
            .Output("output", TensorElementType.Float, "batch", 1)
            .Output("hn", TensorElementType.Float, 2, "batch", 64)
            .Output("cn", TensorElementType.Float, 2, "batch", 64);
}
