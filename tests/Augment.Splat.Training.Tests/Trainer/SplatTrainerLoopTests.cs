using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class SplatTrainerLoopTests
{
    private static readonly Vector3 Colour = new(0.8f, 0.3f, 0.5f);

    [Fact]
    public void The_loop_fits_a_flat_colour()
    {
        var trainer = new SplatTrainer(Options(300), new FlatColorRenderer());
        var result = trainer.Train(Views(), Scene(), null, TestContext.Current.CancellationToken);
        Assert.Equal(Colour.X, result.Scene.ShDc(0)[0], 0.02f);
        Assert.Equal(Colour.Y, result.Scene.ShDc(1)[0], 0.02f);
        Assert.Equal(Colour.Z, result.Scene.ShDc(2)[0], 0.02f);
        Assert.Equal(300, result.Report.Iterations);
        Assert.Equal(0, result.Report.SkippedSteps);
        Assert.True(result.Report.FinalLoss < 0.05, $"final loss {result.Report.FinalLoss}");
    }

    [Fact]
    public void Steps_with_nan_gradients_are_skipped_counted_and_leave_the_parameters_alone()
    {
        var renderer = new FlatColorRenderer();
        renderer.PoisonedCalls.UnionWith([3, 4, 50]);
        var result = new SplatTrainer(Options(120), renderer).Train(Views(), Scene(), null, TestContext.Current.CancellationToken);
        Assert.Equal(3, result.Report.SkippedSteps);
        Assert.True(float.IsFinite(result.Scene.ShDc(0)[0]));
        Assert.Equal(Colour.X, result.Scene.ShDc(0)[0], 0.1f);
    }

    [Fact]
    public void A_run_resumed_from_its_checkpoint_ends_where_an_uninterrupted_run_ends()
    {
        var folder = Directory.CreateTempSubdirectory("aug-trainer-ckpt").FullName;
        try
        {
            var views = Views();
            var whole = new SplatTrainer(Options(80), new FlatColorRenderer()).Train(views, Scene(), null, TestContext.Current.CancellationToken);
            new SplatTrainer(Options(40) with { CheckpointInterval = 40, CheckpointFolder = folder }, new FlatColorRenderer())
                .Train(views, Scene(), null, TestContext.Current.CancellationToken);
            var resumed = new SplatTrainer(Options(80) with { ResumeFrom = Path.Combine(folder, TrainingCheckpoint.FileName) }, new FlatColorRenderer())
                .Train(views, Scene(), null, TestContext.Current.CancellationToken);
            Assert.Equal(40, resumed.Report.ResumedFrom);
            Assert.Equal(40, resumed.Report.Iterations);
            for (var c = 0; c < 3; c++)
                Assert.Equal(whole.Scene.ShDc(c)[0], resumed.Scene.ShDc(c)[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_mask_excludes_pixels_and_is_reported()
    {
        var views = Views();
        var mask = ImageFrame.Create(16, 16, 1);
        mask.Plane(0).Fill(1);
        mask.Plane(0)[..64].Clear();
        // The masked quarter shows a different colour; with the mask the fit ignores it.
        var target = views[0].Target;
        for (var c = 0; c < 3; c++)
            target.Plane(c)[..64].Clear();
        views[0] = views[0] with { Mask = mask };
        var result = new SplatTrainer(Options(300), new FlatColorRenderer()).Train(views, Scene(), null, TestContext.Current.CancellationToken);
        Assert.Equal(0.25, result.Report.Suppression[0].MaskedFraction, 1e-9);
        Assert.Equal(Colour.X, result.Scene.ShDc(0)[0], 0.02f);
    }

    [Fact]
    public void All_views_held_out_is_an_argument_error()
    {
        var views = Views();
        for (var v = 0; v < views.Count; v++)
            views[v] = views[v] with { HeldOut = true };
        Assert.Throws<ArgumentException>(() => new SplatTrainer(Options(10), new FlatColorRenderer()).Train(views, Scene(), null, TestContext.Current.CancellationToken));
    }

    private static SplatTrainerOptions Options(int iterations) => new()
    {
        Iterations = iterations,
        ShDegree = 0,
        LearningRates = new LearningRates { ShDc = 0.01f },
        Density = new DensityControlOptions { Enabled = false },
        Cleansing = null,
        Budget = ComputeBudget.SingleThreaded,
    };

    private static SplatParameters Scene()
    {
        var scene = new SplatParameters(1, 0);
        scene.Plane(SplatParameters.RotationW)[0] = 1;
        return scene;
    }

    private static List<TrainingView> Views()
    {
        var views = new List<TrainingView>();
        for (var v = 0; v < 3; v++)
        {
            var camera = PinholeCamera.LookAt(new Vector3(v, 0, -3), Vector3.Zero, 16, 16);
            var target = ImageFrame.Create(16, 16, 3);
            target.Plane(0).Fill(Colour.X);
            target.Plane(1).Fill(Colour.Y);
            target.Plane(2).Fill(Colour.Z);
            views.Add(new TrainingView(camera, target) { Name = $"v{v}" });
        }
        return views;
    }
}
