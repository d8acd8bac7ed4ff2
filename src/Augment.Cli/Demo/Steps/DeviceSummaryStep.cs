namespace Augment.Cli.Demo.Steps;

/// <summary>One line on the machine the demo ran on (the full report is <c>augment device</c>).</summary>
internal sealed class DeviceSummaryStep : IDemoStep
{
    public string Name => "device";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var device = ComputeDevice.Current;
        var simdBits = device.Vector512Accelerated ? 512 : device.Vector256Accelerated ? 256 : device.Vector128Accelerated ? 128 : 0;
        var simd = simdBits > 0 ? $"{simdBits}-bit SIMD" : "no SIMD";
        var providers = device.OnnxExecutionProviders.Count > 0 ? "ONNX Runtime: " + string.Join(", ", device.OnnxExecutionProviders.Select(SharpenTiledStep.ShortProvider)) : "ONNX Runtime not loaded";
        var gpus = device.Gpus.Count == 0 ? "no GPU" : $"{device.Gpus.Count} GPU: {device.Gpus[0].Name}";
        context.Progress.Report(new AugmentProgress("device", 1));
        return Task.FromResult(new DemoStepResult(
            Name,
            $"Ran on {device.CpuModel}",
            $"{device.LogicalCores} cores, {simd}, {providers}, {gpus}",
            []));
    }
}
