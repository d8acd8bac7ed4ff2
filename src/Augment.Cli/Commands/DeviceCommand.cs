using System.CommandLine;
using System.Text.Json;
using Augment.Splat.Training;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary><c>augment device</c>: what this machine offers the SDK, as a table or as JSON.</summary>
internal static class DeviceCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print machine-readable JSON instead of a table.",
        };
        var command = new Command("device", "Show the CPU, SIMD, memory, ONNX Runtime execution providers and GPUs the SDK will use.")
        {
            json,
        };
        command.SetAction((parseResult, _) =>
        {
            var device = ComputeDevice.Current;
            if (parseResult.GetValue(json))
                context.Output.WriteLine(ToJson(device));
            else
                context.Console.Write(ToTable(device));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The report rows as a two-column table.</summary>
    internal static Table ToTable(ComputeDevice device)
    {
        var table = new Table()
            .Title("Compute device")
            .AddColumn("Property")
            .AddColumn("Value");
        foreach (var row in device.Describe())
            table.AddRow(new Text(row.Name), new Text(row.Value));
        table.AddRow(new Text("Splat training"), new Text(SplatTraining()));
        return table;
    }

    /// <summary>Where <c>augment splat train --device auto</c> rasterises: Core's detection does not reference ILGPU, so it is asked here.</summary>
    internal static string SplatTraining() => GpuRasterizer.CudaDevice is { } cuda
        ? $"CPU; CUDA through ILGPU with --device auto ({cuda})"
        : "CPU (ILGPU finds no CUDA device)";

    /// <summary>
    /// The device as JSON: typed fields for scripts (numbers as numbers, lists as arrays) and the same
    /// human-readable rows the table shows under "report".
    /// </summary>
    internal static string ToJson(ComputeDevice device)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("cpuModel", device.CpuModel);
            writer.WriteString("architecture", device.Architecture.ToString());
            writer.WriteNumber("logicalCores", device.LogicalCores);
            writer.WriteStartObject("simd");
            writer.WriteBoolean("vector128", device.Vector128Accelerated);
            writer.WriteBoolean("vector256", device.Vector256Accelerated);
            writer.WriteBoolean("vector512", device.Vector512Accelerated);
            writer.WriteNumber("vectorWidthBits", device.VectorWidthBits);
            WriteStrings(writer, "features", device.SimdFeatures);
            writer.WriteEndObject();
            writer.WriteNumber("totalMemoryBytes", device.TotalMemoryBytes);
            writer.WriteNumber("availableMemoryBytes", device.AvailableMemoryBytes);
            writer.WriteStartObject("onnxRuntime");
            writer.WriteStringOrNull("version", device.OnnxRuntimeVersion);
            WriteStrings(writer, "executionProviders", device.OnnxExecutionProviders);
            writer.WriteStringOrNull("error", device.OnnxRuntimeError);
            writer.WriteEndObject();
            writer.WriteStartArray("gpus");
            foreach (var gpu in device.Gpus)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", gpu.Index);
                writer.WriteString("name", gpu.Name);
                writer.WriteNumber("memoryBytes", gpu.MemoryBytes);
                writer.WriteStringOrNull("driverVersion", gpu.DriverVersion);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("splatTraining");
            writer.WriteString("device", GpuRasterizer.IsCudaAvailable ? "cuda" : "cpu");
            writer.WriteStringOrNull("cudaDevice", GpuRasterizer.CudaDevice);
            writer.WriteEndObject();
            writer.WriteString("operatingSystem", device.OperatingSystem);
            writer.WriteString("runtime", device.Runtime);
            writer.WriteStartArray("report");
            foreach (var row in device.Describe())
            {
                writer.WriteStartObject();
                writer.WriteString("name", row.Name);
                writer.WriteString("value", row.Value);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
