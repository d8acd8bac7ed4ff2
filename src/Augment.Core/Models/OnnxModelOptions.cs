using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// How <see cref="OnnxModel.Load(string, OnnxModelOptions?)"/> prepares a model: execution provider,
/// threads and memory (from a <see cref="ComputeBudget"/>), graph optimisation and an optional
/// signature to check at load.
/// </summary>
public sealed record OnnxModelOptions
{
    /// <summary>Auto provider, the default budget, all graph optimisations, GPU 0, no signature check.</summary>
    public static OnnxModelOptions Default { get; } = new();

    /// <summary>
    /// The execution provider to use. <see cref="OnnxExecutionProvider.Auto"/> picks from
    /// <see cref="ComputeDevice.OnnxExecutionProviders"/>; any provider that cannot be attached
    /// (missing native package, no device) falls back to the CPU, and
    /// <see cref="OnnxModel.ProviderFallbackReason"/> says why.
    /// </summary>
    public OnnxExecutionProvider ExecutionProvider { get; init; } = OnnxExecutionProvider.Auto;

    /// <summary>Threads for ONNX Runtime's intra-op pool (<see cref="ComputeBudget.MaxThreads"/>); the default budget when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>How far ONNX Runtime rewrites the graph before running it.</summary>
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>GPU index for CUDA and DirectML (0 = first).</summary>
    public int DeviceId
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>A signature checked right after loading; a mismatch throws <see cref="ModelSignatureException"/>.</summary>
    public ModelSignature? Signature { get; init; }
}
