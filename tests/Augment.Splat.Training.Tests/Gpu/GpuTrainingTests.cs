using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

/// <summary>
/// The trainer on the ILGPU kernels (<see cref="TrainingDevice.GpuEmulation"/>: ILGPU's CPU accelerator runs the CUDA
/// kernels' code) against the trainer on the SIMD CPU rasteriser: same views, same seed, same schedule.
/// </summary>
public class GpuTrainingTests
{
    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;

    [Fact]
    public void Training_on_the_ILGPU_kernels_follows_the_CPU_rasteriser_run()
    {
        var truth = TrainingScenes.GroundTruth();
        var views = TrainingScenes.Views(truth, TrainingScenes.Cameras(8, 32), holdOutEvery: 4);
        var initial = TrainingScenes.NoisyInitialisation(truth, stride: 4, jitter: 0.05f, seed: 2);
        TrainingResult Run(TrainingDevice device) => new SplatTrainer(new SplatTrainerOptions
        {
            Iterations = 40,
            ShDegree = 1,
            Seed = 3,
            Density = DensityControlOptions.ForIterations(40) with { Enabled = false }, // equal counts: compare parameters one to one
            Cleansing = null,
            Device = device,
        }).Train(views, initial, null, TestContext.Current.CancellationToken);

        var cpu = Run(TrainingDevice.Cpu);
        var gpu = Run(TrainingDevice.GpuEmulation);
        _output.WriteLine($"{cpu.Report.Device}: {cpu.Report.MeanPsnr:F3} dB, loss {cpu.Report.FinalLoss:F5}, {cpu.Report.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine($"{gpu.Report.Device}: {gpu.Report.MeanPsnr:F3} dB, loss {gpu.Report.FinalLoss:F5}, {gpu.Report.Elapsed.TotalSeconds:F1} s");

        Assert.StartsWith("CPU", cpu.Report.Device, StringComparison.Ordinal);
        Assert.StartsWith("ILGPU CPU emulation", gpu.Report.Device, StringComparison.Ordinal);
        Assert.Equal(0, gpu.Report.SkippedSteps);
        Assert.Equal(cpu.Scene.Count, gpu.Scene.Count);
        // Training moved the scene (the loss fell) and both devices moved it the same way: positions agree to a small
        // fraction of how far they travelled (float atomics add in another order, Adam amplifies tiny differences).
        var initialCloud = initial.ToCloud();
        double travelled = 0, apart = 0;
        for (var i = 0; i < cpu.Scene.Count; i++)
        {
            travelled = Math.Max(travelled, Math.Abs(cpu.Scene.X[i] - initialCloud.X[i]) + Math.Abs(cpu.Scene.Y[i] - initialCloud.Y[i]) + Math.Abs(cpu.Scene.Z[i] - initialCloud.Z[i]));
            apart = Math.Max(apart, Math.Abs(cpu.Scene.X[i] - gpu.Scene.X[i]) + Math.Abs(cpu.Scene.Y[i] - gpu.Scene.Y[i]) + Math.Abs(cpu.Scene.Z[i] - gpu.Scene.Z[i]));
        }
        _output.WriteLine($"largest travel {travelled:E3}, largest CPU-GPU difference {apart:E3}");
        Assert.True(travelled > 1e-3, $"training barely moved the scene ({travelled:E2})");
        Assert.True(apart < 0.01 * travelled, $"positions differ by {apart:E2} after moving up to {travelled:E2}");
        using var a = SplatRenderer.Render(cpu.Scene, views[1].Camera, cancellationToken: TestContext.Current.CancellationToken);
        using var b = SplatRenderer.Render(gpu.Scene, views[1].Camera, cancellationToken: TestContext.Current.CancellationToken);
        var psnr = ImageQuality.Psnr(a, b);
        _output.WriteLine($"render of the two scenes: {psnr:F1} dB apart");
        Assert.True(psnr > 40, $"the two trained scenes render {psnr:F1} dB apart");
        Assert.Equal(cpu.Report.MeanPsnr, gpu.Report.MeanPsnr, 1);
    }

    [Fact]
    public void Asking_for_CUDA_without_a_device_fails_with_a_clear_message()
    {
        Assert.SkipWhen(GpuRasterizer.IsCudaAvailable, "this machine has a CUDA device");
        var truth = TrainingScenes.GroundTruth();
        var views = TrainingScenes.Views(truth, TrainingScenes.Cameras(2, 16), holdOutEvery: 100);
        var initial = TrainingScenes.NoisyInitialisation(truth, stride: 8, jitter: 0.05f, seed: 2);
        var trainer = new SplatTrainer(new SplatTrainerOptions { Iterations = 1, Device = TrainingDevice.Cuda, Cleansing = null });
        var error = Assert.Throws<AugmentException>(() => trainer.Train(views, initial, null, TestContext.Current.CancellationToken));
        Assert.Contains("CUDA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_uses_the_CPU_rasteriser_where_ILGPU_finds_no_CUDA_device()
    {
        Assert.SkipWhen(GpuRasterizer.IsCudaAvailable, "this machine has a CUDA device");
        var (renderer, device) = SplatTrainer.CreateRenderer(new SplatTrainerOptions { Device = TrainingDevice.Auto });
        Assert.IsType<RasterizerTrainingRenderer>(renderer);
        Assert.StartsWith("CPU", device, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplatTrainer(new SplatTrainerOptions { Device = (TrainingDevice)9 }));
    }
}
