using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// Chooses and attaches ONNX Runtime execution providers. Provider names are those ONNX Runtime
/// reports from <c>OrtGetAvailableProviders</c> (and <see cref="ComputeDevice.OnnxExecutionProviders"/>).
/// </summary>
internal static class ExecutionProviderSelector
{
    public const string CpuName = "CPUExecutionProvider";
    public const string CudaName = "CUDAExecutionProvider";
    public const string DirectMLName = "DmlExecutionProvider";
    public const string CoreMLName = "CoreMLExecutionProvider";

    // Auto prefers a discrete GPU (CUDA), then the platform's own accelerators.
    private static readonly OnnxExecutionProvider[] AutoOrder =
        [OnnxExecutionProvider.Cuda, OnnxExecutionProvider.DirectML, OnnxExecutionProvider.CoreML];

    public static string NameOf(OnnxExecutionProvider provider) => provider switch
    {
        OnnxExecutionProvider.Cuda => CudaName,
        OnnxExecutionProvider.DirectML => DirectMLName,
        OnnxExecutionProvider.CoreML => CoreMLName,
        _ => CpuName,
    };

    /// <summary>
    /// Non-CPU providers to try, best first; the CPU is always the last resort and is not listed.
    /// </summary>
    /// <param name="requested">What the caller asked for.</param>
    /// <param name="available">Providers the loaded runtime offers.</param>
    /// <param name="unavailable">Why an explicitly requested provider is not tried, or null.</param>
    public static List<OnnxExecutionProvider> Candidates(OnnxExecutionProvider requested, IReadOnlyList<string> available, out string? unavailable)
    {
        unavailable = null;
        var result = new List<OnnxExecutionProvider>();
        if (requested == OnnxExecutionProvider.Cpu) return result;
        if (requested == OnnxExecutionProvider.Auto)
        {
            foreach (var provider in AutoOrder)
            {
                if (Contains(available, NameOf(provider))) result.Add(provider);
            }
            return result;
        }
        if (Contains(available, NameOf(requested)))
            result.Add(requested);
        else
            unavailable = $"{NameOf(requested)} was requested but this ONNX Runtime offers only {(available.Count == 0 ? "none" : string.Join(", ", available))}";
        return result;
    }

    /// <summary>Attaches <paramref name="provider"/> to <paramref name="options"/>; false with a reason when the runtime refuses.</summary>
    public static bool TryAppend(SessionOptions options, OnnxExecutionProvider provider, int deviceId, out string? error)
    {
        error = null;
        try
        {
            switch (provider)
            {
                case OnnxExecutionProvider.Cuda:
                    options.AppendExecutionProvider_CUDA(deviceId);
                    break;
                case OnnxExecutionProvider.DirectML:
                    options.AppendExecutionProvider_DML(deviceId);
                    break;
                case OnnxExecutionProvider.CoreML:
                    options.AppendExecutionProvider_CoreML(CoreMLFlags.COREML_FLAG_USE_NONE);
                    break;
            }
            return true;
        }
        catch (OnnxRuntimeException e)
        {
            error = $"{NameOf(provider)} could not be attached: {e.Message}";
        }
        catch (EntryPointNotFoundException e)
        {
            // The native runtime was built without this provider.
            error = $"{NameOf(provider)} is not in this ONNX Runtime build: {e.Message}";
        }
        return false;
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var n in names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
