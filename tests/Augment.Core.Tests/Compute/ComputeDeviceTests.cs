using System.Runtime.Intrinsics;

namespace Augment.Core.Tests.Compute;

public class ComputeDeviceTests
{
    [Fact]
    public void Nvidia_smi_csv_is_parsed_into_gpus_with_memory_in_bytes()
    {
        const string output = "0, NVIDIA H100 80GB HBM3, 81559, 550.54.15\n1, NVIDIA A10G, 23028, 550.54.15\n";
        var gpus = ComputeDevice.ParseNvidiaSmi(output);
        Assert.Equal(2, gpus.Count);
        Assert.Equal(new GpuInfo(0, "NVIDIA H100 80GB HBM3", 81559L * 1024 * 1024, "550.54.15"), gpus[0]);
        Assert.Equal("NVIDIA A10G", gpus[1].Name);
        Assert.Equal(1, gpus[1].Index);
    }

    [Theory]
    [InlineData("")]
    [InlineData("No devices were found")]
    [InlineData("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")]
    [InlineData("x, name, notanumber, 1\n")]
    public void Nvidia_smi_output_without_gpus_gives_an_empty_list(string output) =>
        Assert.Empty(ComputeDevice.ParseNvidiaSmi(output));

    [Theory]
    [InlineData("MemTotal:       24576000 kB", 24576000L * 1024)]
    [InlineData("MemTotal: 1 kB", 1024)]
    [InlineData("MemTotal: garbage kB", 0)]
    [InlineData("MemTotal:", 0)]
    public void Meminfo_lines_are_read_in_kibibytes(string line, long expected) =>
        Assert.Equal(expected, ComputeDevice.ParseMeminfoKb(line));

    [Fact]
    public void Detected_device_matches_what_the_runtime_reports()
    {
        var device = ComputeDevice.Detect();
        Assert.Equal(Environment.ProcessorCount, device.LogicalCores);
        Assert.Equal(Vector256.IsHardwareAccelerated, device.Vector256Accelerated);
        Assert.Equal(System.Numerics.Vector<byte>.Count * 8, device.VectorWidthBits);
        Assert.True(device.AvailableMemoryBytes > 0);
        Assert.False(string.IsNullOrWhiteSpace(device.CpuModel));
    }

    [Fact]
    public void Cpu_execution_provider_is_reported_when_the_native_runtime_is_present()
    {
        var device = ComputeDevice.Current;
        Assert.Null(device.OnnxRuntimeError);
        Assert.NotNull(device.OnnxRuntimeVersion);
        Assert.True(device.HasExecutionProvider("CPUExecutionProvider"));
    }

    [Fact]
    public void Report_names_cores_providers_and_gpus()
    {
        var rows = ComputeDevice.Current.Describe();
        Assert.Contains(rows, r => r.Name == "Logical cores" && r.Value == Environment.ProcessorCount.ToString());
        Assert.Contains(rows, r => r.Name == "Execution providers" && r.Value.Contains("CPUExecutionProvider", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Name.StartsWith("GPU", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_budget_uses_every_core_and_at_most_the_available_memory()
    {
        var device = ComputeDevice.Current;
        var budget = device.DefaultBudget();
        Assert.Equal(device.LogicalCores, budget.MaxThreads);
        Assert.InRange(budget.MaxMemoryBytes, 1L << 20, Math.Max(1L << 20, device.AvailableMemoryBytes));
    }
}
