namespace Augment;

/// <summary>Which ONNX Runtime execution provider runs a model.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>The fastest the machine offers: CUDA, then DirectML, then CoreML, then the CPU.</summary>
    Auto,

    /// <summary>ONNX Runtime's CPU provider (always present).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (needs the <c>Microsoft.ML.OnnxRuntime.Gpu</c> native package and a driver).</summary>
    Cuda,

    /// <summary>DirectML on Windows (needs the <c>Microsoft.ML.OnnxRuntime.DirectML</c> native package).</summary>
    DirectML,

    /// <summary>Core ML on Apple platforms.</summary>
    CoreML,
}
