using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// What this machine offers the SDK: CPU model, cores, the SIMD instruction sets the JIT actually
/// accelerates, memory, the ONNX Runtime execution providers the loaded native runtime reports, and
/// NVIDIA GPUs where a driver is present. Detection never fails: what cannot be found is reported
/// as absent. <c>augment device</c> prints <see cref="Describe"/>.
/// </summary>
public sealed class ComputeDevice
{
    private static readonly Lazy<ComputeDevice> LazyCurrent = new(Detect, LazyThreadSafetyMode.ExecutionAndPublication);

    private ComputeDevice() { }

    /// <summary>This machine, detected once on first use.</summary>
    public static ComputeDevice Current => LazyCurrent.Value;

    /// <summary>CPU model name, or the architecture when the OS does not report one.</summary>
    public string CpuModel { get; private init; } = "";

    /// <summary>Process architecture (X64, Arm64, ...).</summary>
    public Architecture Architecture { get; private init; }

    /// <summary>Logical cores available to this process.</summary>
    public int LogicalCores { get; private init; }

    /// <summary>Whether 128-bit vectors are hardware accelerated.</summary>
    public bool Vector128Accelerated { get; private init; }

    /// <summary>Whether 256-bit vectors are hardware accelerated.</summary>
    public bool Vector256Accelerated { get; private init; }

    /// <summary>Whether 512-bit vectors are hardware accelerated.</summary>
    public bool Vector512Accelerated { get; private init; }

    /// <summary>Width in bits of <see cref="Vector{T}"/>, the portable vector the JIT picked.</summary>
    public int VectorWidthBits { get; private init; }

    /// <summary>Instruction-set extensions the JIT uses (such as "AVX2", "FMA", "AVX-512F", "AdvSimd").</summary>
    public IReadOnlyList<string> SimdFeatures { get; private init; } = [];

    /// <summary>Physical memory in bytes (0 when unknown).</summary>
    public long TotalMemoryBytes { get; private init; }

    /// <summary>Memory the process may use in bytes, honouring container limits.</summary>
    public long AvailableMemoryBytes { get; private init; }

    /// <summary>ONNX Runtime's version, or null when its native library is not loadable.</summary>
    public string? OnnxRuntimeVersion { get; private init; }

    /// <summary>
    /// Execution providers the loaded ONNX Runtime offers, such as "CUDAExecutionProvider" and
    /// "CPUExecutionProvider". Empty when the native runtime is missing (see <see cref="OnnxRuntimeError"/>).
    /// </summary>
    public IReadOnlyList<string> OnnxExecutionProviders { get; private init; } = [];

    /// <summary>Why ONNX Runtime could not be loaded, or null when it loaded.</summary>
    public string? OnnxRuntimeError { get; private init; }

    /// <summary>NVIDIA GPUs reported by <c>nvidia-smi</c>; empty when there is no driver.</summary>
    public IReadOnlyList<GpuInfo> Gpus { get; private init; } = [];

    /// <summary>Operating system description.</summary>
    public string OperatingSystem { get; private init; } = "";

    /// <summary>.NET runtime description.</summary>
    public string Runtime { get; private init; } = "";

    /// <summary>Whether ONNX Runtime offers the named execution provider.</summary>
    public bool HasExecutionProvider(string name) =>
        OnnxExecutionProviders.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A budget that uses every logical core and three quarters of the available memory.</summary>
    public ComputeBudget DefaultBudget() => new()
    {
        MaxThreads = Math.Max(1, LogicalCores),
        MaxMemoryBytes = Math.Max(1L << 20, AvailableMemoryBytes / 4 * 3),
    };

    /// <summary>Detects the machine now (the result is not cached; use <see cref="Current"/> for that).</summary>
    public static ComputeDevice Detect()
    {
        var (ortVersion, providers, ortError) = DetectOnnxRuntime();
        var (total, available) = DetectMemory();
        return new ComputeDevice
        {
            CpuModel = DetectCpuModel(),
            Architecture = RuntimeInformation.ProcessArchitecture,
            LogicalCores = Environment.ProcessorCount,
            Vector128Accelerated = Vector128.IsHardwareAccelerated,
            Vector256Accelerated = Vector256.IsHardwareAccelerated,
            Vector512Accelerated = Vector512.IsHardwareAccelerated,
            VectorWidthBits = Vector<byte>.Count * 8,
            SimdFeatures = DetectSimdFeatures(),
            TotalMemoryBytes = total,
            AvailableMemoryBytes = available,
            OnnxRuntimeVersion = ortVersion,
            OnnxExecutionProviders = providers,
            OnnxRuntimeError = ortError,
            Gpus = DetectNvidiaGpus(),
            OperatingSystem = RuntimeInformation.OSDescription,
            Runtime = RuntimeInformation.FrameworkDescription,
        };
    }

    /// <summary>The report as lines for a table, in a stable order.</summary>
    public IReadOnlyList<DeviceProperty> Describe()
    {
        var rows = new List<DeviceProperty>
        {
            new("CPU", CpuModel),
            new("Architecture", Architecture.ToString()),
            new("Logical cores", LogicalCores.ToString(CultureInfo.InvariantCulture)),
            new("SIMD accelerated", $"Vector128 {YesNo(Vector128Accelerated)}, Vector256 {YesNo(Vector256Accelerated)}, Vector512 {YesNo(Vector512Accelerated)}"),
            new("Vector<T> width", $"{VectorWidthBits} bits"),
            new("Instruction sets", SimdFeatures.Count > 0 ? string.Join(", ", SimdFeatures) : "none"),
            new("Memory", TotalMemoryBytes > 0 ? $"{ComputeBudget.FormatBytes(TotalMemoryBytes)} total, {ComputeBudget.FormatBytes(AvailableMemoryBytes)} available" : ComputeBudget.FormatBytes(AvailableMemoryBytes) + " available"),
            new("ONNX Runtime", OnnxRuntimeVersion ?? $"not loaded ({OnnxRuntimeError})"),
            new("Execution providers", OnnxExecutionProviders.Count > 0 ? string.Join(", ", OnnxExecutionProviders) : "none"),
        };
        if (Gpus.Count == 0)
            rows.Add(new("GPUs", "none detected"));
        foreach (var gpu in Gpus)
            rows.Add(new($"GPU {gpu.Index}", $"{gpu.Name}, {ComputeBudget.FormatBytes(gpu.MemoryBytes)}{(gpu.DriverVersion is null ? "" : $", driver {gpu.DriverVersion}")}"));
        rows.Add(new("Operating system", OperatingSystem));
        rows.Add(new(".NET", Runtime));
        return rows;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static List<string> DetectSimdFeatures()
    {
        var features = new List<string>();
        void Add(bool supported, string name)
        {
            if (supported) features.Add(name);
        }
        Add(Sse42.IsSupported, "SSE4.2");
        Add(Avx.IsSupported, "AVX");
        Add(Avx2.IsSupported, "AVX2");
        Add(Fma.IsSupported, "FMA");
        Add(Avx512F.IsSupported, "AVX-512F");
        Add(Avx512BW.IsSupported, "AVX-512BW");
        Add(Avx10v1.IsSupported, "AVX10.1");
        Add(AdvSimd.IsSupported, "AdvSimd");
        Add(AdvSimd.Arm64.IsSupported, "AdvSimd.Arm64");
        Add(Dp.IsSupported, "DotProd");
        return features;
    }

    private static string DetectCpuModel()
    {
        try
        {
            if (System.OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    // x86 reports "model name"; many ARM kernels report "Model" or "Hardware".
                    if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                    {
                        var colon = line.IndexOf(':', StringComparison.Ordinal);
                        if (colon > 0) return line[(colon + 1)..].Trim();
                    }
                }
            }
            else if (System.OperatingSystem.IsMacOS())
            {
                var brand = RunTool("sysctl", "-n machdep.cpu.brand_string", TimeSpan.FromSeconds(2));
                if (!string.IsNullOrWhiteSpace(brand)) return brand.Trim();
            }
            else if (System.OperatingSystem.IsWindows())
            {
                var id = Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
                if (!string.IsNullOrWhiteSpace(id)) return id;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static (long Total, long Available) DetectMemory()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long total = 0;
        try
        {
            if (System.OperatingSystem.IsLinux() && File.Exists("/proc/meminfo"))
            {
                foreach (var line in File.ReadLines("/proc/meminfo"))
                {
                    if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    {
                        total = ParseMeminfoKb(line);
                        break;
                    }
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        if (total <= 0) total = available;
        return (total, available);
    }

    /// <summary>Parses a /proc/meminfo line such as "MemTotal: 24576000 kB" into bytes.</summary>
    internal static long ParseMeminfoKb(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
    }

    private static (string? Version, IReadOnlyList<string> Providers, string? Error) DetectOnnxRuntime()
    {
        try
        {
            var env = OrtEnv.Instance();
            return (env.GetVersionString(), env.GetAvailableProviders(), null);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or OnnxRuntimeException)
        {
            return (null, [], "native library missing: the application must reference Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu");
        }
    }

    private static IReadOnlyList<GpuInfo> DetectNvidiaGpus()
    {
        var output = RunTool("nvidia-smi", "--query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits", TimeSpan.FromSeconds(5));
        return output is null ? [] : ParseNvidiaSmi(output);
    }

    /// <summary>
    /// Parses <c>nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits</c>
    /// output (memory in MiB). Lines that do not parse are skipped.
    /// </summary>
    internal static IReadOnlyList<GpuInfo> ParseNvidiaSmi(string output)
    {
        var gpus = new List<GpuInfo>();
        foreach (var raw in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = raw.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length < 3) continue;
            if (!int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)) continue;
            if (!long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib)) continue;
            var driver = fields.Length > 3 && fields[3].Length > 0 ? fields[3] : null;
            gpus.Add(new GpuInfo(index, fields[1], mib * 1024 * 1024, driver));
        }
        return gpus;
    }

    /// <summary>Runs a tool and returns its standard output, or null when it is absent, fails or times out.</summary>
    private static string? RunTool(string fileName, string arguments, TimeSpan timeout)
    {
        try
        {
            using var process = new Process();
            process.StartInfo = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            if (!process.Start()) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
                return null;
            }
            return process.ExitCode == 0 ? stdout.GetAwaiter().GetResult() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // the tool is not installed
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
