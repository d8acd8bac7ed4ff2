using System.Globalization;
using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

public class DeviceCommandTests
{
    [Fact]
    public async Task Device_prints_a_table_with_the_core_count_and_the_CPU_execution_provider()
    {
        var result = await CliRunner.RunAsync("device");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var coresLine = Assert.Single(result.Output.Split('\n'), line => line.Contains("Logical cores", StringComparison.Ordinal));
        Assert.Contains(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), coresLine, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", result.Output, StringComparison.Ordinal);
        Assert.Contains("│", coresLine, StringComparison.Ordinal); // a table row, not a bare list
    }

    [Fact]
    public async Task Device_json_is_valid_json_with_typed_fields_and_the_report_rows()
    {
        var result = await CliRunner.RunAsync("device", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("logicalCores").GetInt32());
        var providers = root.GetProperty("onnxRuntime").GetProperty("executionProviders").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.Contains("CPUExecutionProvider", providers);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("gpus").ValueKind);
        var reportNames = root.GetProperty("report").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToArray();
        Assert.Equal(ComputeDevice.Current.Describe().Select(r => r.Name), reportNames);
    }
}
