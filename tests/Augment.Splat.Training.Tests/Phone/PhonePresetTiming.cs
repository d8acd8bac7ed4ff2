using System.Diagnostics;
using System.Globalization;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

/// <summary>
/// The measurement behind docs/splat-training-phone.md, not a check: times iterations of the phone preset at 960×540
/// on a synthetic plaza of about 150 000 Gaussians (SH degree 2) and extrapolates to the preset's 7000 iterations.
/// Skipped unless AUG_PHONE_TIMING=iterations is set (it takes minutes on two cores).
/// </summary>
public class PhonePresetTiming
{
    [Fact]
    public void Phone_preset_iterations_at_960x540_on_150k_Gaussians()
    {
        if (Environment.GetEnvironmentVariable("AUG_PHONE_TIMING") is not { } text)
        {
            Assert.Skip("set AUG_PHONE_TIMING=<iterations> to time the phone preset");
            return;
        }
        var iterations = int.Parse(text, CultureInfo.InvariantCulture);
        var count = Environment.GetEnvironmentVariable("AUG_PHONE_GAUSSIANS") is { } g ? int.Parse(g, CultureInfo.InvariantCulture) : 150_000;
        var output = TestContext.Current.TestOutputHelper!;
        var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = count, ShDegree = 2, Seed = 3 }, TestContext.Current.CancellationToken);
        var cameras = SyntheticScene.Ring(8, 960, 540);
        var views = new List<TrainingView>();
        foreach (var camera in cameras)
            views.Add(new TrainingView(camera, scene.RenderReference(camera, cancellationToken: TestContext.Current.CancellationToken)) );
        // Start from the scene itself: the count stays at `count` for the timed steps (the 7000-iteration density schedule
        // starts at iteration 500, after the timed window). The SH warm-up scales with Iterations, so the short run reaches
        // degree 2 after two steps, as late steps of the real run are.
        var initial = SplatParameters.FromCloud(scene.Cloud, 2);
        var options = SplatTrainerOptions.PhoneCapture(150) with { Iterations = iterations, Density = SplatTrainerOptions.PhoneCapture(150).Density };
        var clock = Stopwatch.StartNew();
        var result = new SplatTrainer(options).Train(views, initial, null, TestContext.Current.CancellationToken);
        clock.Stop();
        var train = result.Report.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{iterations} iterations at 960x540, {initial.Count} -> {result.Scene.Count} Gaussians, SH 2, {Environment.ProcessorCount} cores, threads {options.Budget.MaxThreads}: training {train:F1} s (no held-out views), wall {clock.Elapsed.TotalSeconds:F1} s, {train / iterations:F3} s/iteration, x7000 = {train / iterations * 7000 / 60:F1} min"));
        foreach (var view in views)
            view.Target.Dispose();
    }
}
