using System.Numerics;
using Augment.Splat;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;
using Augment.Splat.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.SplatTraining.Tests;

/// <summary>One small training run (the synthetic two-sphere scene, 24 views at 96x96, 3 held out) shared by the delivery tests.</summary>
public sealed class TrainedScene : IDisposable
{
    public TrainedScene()
    {
        var truth = TrainingScenes.GroundTruth();
        Views = TrainingScenes.Views(truth, TrainingScenes.Cameras(24, 96), holdOutEvery: 8);
        var initial = TrainingScenes.NoisyInitialisation(truth, stride: 2, jitter: 0.05f, seed: 2);
        var options = new SplatTrainerOptions
        {
            Iterations = 300,
            ShDegree = 0,
            Seed = 3,
            Density = DensityControlOptions.ForIterations(300) with { MaxGaussians = 1200 },
            Cleansing = null,
        };
        Result = new SplatTrainer(options).Train(Views, initial, null, CancellationToken.None);
    }

    public List<TrainingView> Views { get; }

    public TrainingResult Result { get; }

    public void Dispose()
    {
        foreach (var view in Views)
            view.Target.Dispose();
    }
}

public sealed class SceneDeliveryTests(TrainedScene trained) : IClassFixture<TrainedScene>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("augment-delivery-").FullName;
    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Standard_cleaning_keeps_held_out_quality_and_the_previews_show_photo_and_render()
    {
        var output = Path.Combine(_folder, "scene.ply");
        var previews = Path.Combine(_folder, "previews");
        var report = SceneDelivery.Deliver(trained.Result, trained.Views, output, new SceneDeliveryOptions { PreviewFolder = previews },
            cancellationToken: TestContext.Current.CancellationToken);
        _output.WriteLine($"trained {trained.Result.Report.MeanPsnr:F2} dB, delivered {report.MeanPsnr:F2} dB; {report.TrainedSplats} -> {report.Splats} splats");

        Assert.Equal(SplatFormat.Ply, report.Format);
        Assert.Equal(new FileInfo(output).Length, report.OutputBytes);
        Assert.Equal(report.Splats, GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken).Count);
        Assert.NotNull(report.Cleaning);
        Assert.Equal(report.TrainedSplats - report.Cleaning.Removed, report.Splats);
        // The trainer graded the same views on the in-memory scene: the PLY is lossless and cleaning drops only what
        // draws nothing or hangs detached, so the grades agree closely.
        Assert.Equal(3, report.HeldOut.Count);
        Assert.True(Math.Abs(report.MeanPsnr - trained.Result.Report.MeanPsnr) < 0.3, $"delivered {report.MeanPsnr:F2} dB against trained {trained.Result.Report.MeanPsnr:F2} dB");
        Assert.Null(report.ContactSheet);

        var heldOut = trained.Views.Where(v => v.HeldOut).ToList();
        for (var i = 0; i < heldOut.Count; i++)
        {
            var preview = report.HeldOut[i];
            Assert.Equal(heldOut[i].Name, preview.Name);
            Assert.Equal(Path.Combine(previews, $"{i:000}-{heldOut[i].Name}.png"), preview.RenderPath);
            using var render = Image.Load<Rgb24>(preview.RenderPath!);
            Assert.Equal((96, 96), (render.Width, render.Height));
            using var compare = Image.Load<Rgb24>(preview.ComparisonPath!);
            Assert.Equal((2 * 96) + SplatPreview.GapPixels, compare.Width);
            // The left half is the photo, the right half the render PNG's pixels.
            var photo = heldOut[i].Target;
            for (var y = 0; y < 96; y += 7)
            {
                for (var x = 0; x < 96; x += 5)
                {
                    var left = compare[x, y];
                    Assert.Equal(Byte(photo.Plane(0)[(y * 96) + x]), left.R);
                    Assert.Equal(Byte(photo.Plane(2)[(y * 96) + x]), left.B);
                    Assert.Equal(render[x, y], compare[x + 96 + SplatPreview.GapPixels, y]);
                }
            }
        }
    }

    [Fact]
    public void Standard_cleaning_removes_injected_floaters_and_invisible_splats()
    {
        var scene = trained.Result.Scene;
        var random = new Random(7);
        const int floaters = 12, invisible = 25;
        var dirty = GaussianCloud.Create(scene.Count + floaters + invisible, scene.ShDegree);
        Copy(scene, dirty);
        for (var i = 0; i < floaters + invisible; i++)
        {
            var g = scene.Count + i;
            // Floaters: lone opaque splats spread evenly 3.5 units out (the scene reaches 1.8, the cameras orbit at 4);
            // invisible ones: inside the scene.
            var position = i < floaters
                ? 3.5f * Fibonacci(i, floaters)
                : 0.5f * Vector3.Normalize(new Vector3(Normal(random), Normal(random), Normal(random)));
            (dirty.X[g], dirty.Y[g], dirty.Z[g]) = (position.X, position.Y, position.Z);
            dirty.ScaleX[g] = dirty.ScaleY[g] = dirty.ScaleZ[g] = MathF.Log(0.03f);
            dirty.RotationW[g] = 1;
            dirty.Opacity[g] = i < floaters ? 4 : -9; // alpha 0.98, or 1.2e-4 (below 1/255)
            dirty.ShDc(0)[g] = 1;
        }
        var output = Path.Combine(_folder, "dirty.spz");
        var report = SceneDelivery.Deliver(trained.Result with { Scene = dirty }, trained.Views, output, cancellationToken: TestContext.Current.CancellationToken);
        var steps = report.Cleaning!.Steps;
        _output.WriteLine(string.Join(", ", steps.Select(s => $"{s.Name}: -{s.Removed}")));

        var alreadyInvisible = 0;
        foreach (var logit in scene.Opacity)
            alreadyInvisible += 1 / (1 + MathF.Exp(-logit)) < CleaningPreset.InvisibleAlpha ? 1 : 0;
        Assert.Equal(invisible + alreadyInvisible, steps.Single(s => s.Name.Contains("opacity", StringComparison.OrdinalIgnoreCase)).Removed);
        var delivered = GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(report.Splats, delivered.Count);
        for (var i = 0; i < delivered.Count; i++)
            Assert.True(new Vector3(delivered.X[i], delivered.Y[i], delivered.Z[i]).Length() < 2.3f, $"a floater at distance {new Vector3(delivered.X[i], delivered.Y[i], delivered.Z[i]).Length():F2} survived");
        Assert.True(report.MeanPsnr > trained.Result.Report.MeanPsnr - 0.3, $"delivered {report.MeanPsnr:F2} dB against trained {trained.Result.Report.MeanPsnr:F2} dB");
    }

    [Fact]
    public void Mobile_compression_is_graded_against_the_held_out_photos_as_decoded()
    {
        var output = Path.Combine(_folder, "scene.sog");
        var raw = Path.Combine(_folder, "raw", "scene.ply");
        var report = SceneDelivery.Deliver(trained.Result, trained.Views, output, new SceneDeliveryOptions
        {
            Compression = CompressionPreset.Mobile,
            TrainedPath = raw,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var compression = report.Compression!;
        _output.WriteLine($"{compression}; delivered {report.MeanPsnr:F2} dB");

        Assert.Equal(trained.Result.Scene.Count, GaussianCloud.Load(raw, cancellationToken: TestContext.Current.CancellationToken).Count);
        Assert.Equal(SplatFormat.Sog, report.Format);
        Assert.Equal(3, compression.Views.Count);
        Assert.Equal(compression.SplatsOut, report.Splats);
        // Two independent measurements of the same thing: the compressor's reference PSNR (its own decode and render)
        // and the delivery's grade of the file it loads back.
        Assert.Equal(compression.MeanCompressedReferencePsnrDb!.Value, report.MeanPsnr, 2);
        Assert.True(compression.ReferencePsnrDropDb < 1.5, $"compression cost {compression.ReferencePsnrDropDb:F2} dB on the held-out photos");
        // A degree-0 scene: the PLY carries no SH rest coefficients for the palette to save.
        Assert.True(compression.Ratio > 3, $"ratio {compression.Ratio:F1}");
    }

    [Fact]
    public void Without_held_out_views_the_previews_are_a_contact_sheet_of_training_views()
    {
        var views = trained.Views.Select(v => v with { HeldOut = false }).ToList();
        var previews = Path.Combine(_folder, "sheet");
        var report = SceneDelivery.Deliver(trained.Result, views, Path.Combine(_folder, "scene.splat"), new SceneDeliveryOptions { Cleaning = null, PreviewFolder = previews },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(report.HeldOut);
        Assert.True(double.IsNaN(report.MeanPsnr));
        Assert.Null(report.Cleaning);
        Assert.Equal(trained.Result.Scene.Count, report.Splats);
        using var sheet = Image.Load<Rgb24>(report.ContactSheet!);
        Assert.Equal((4 * 96) + (3 * SplatPreview.GapPixels), sheet.Width);
        Assert.Equal((2 * 96) + SplatPreview.GapPixels, sheet.Height);
    }

    [Fact]
    public void Bad_requests_fail_before_anything_is_written()
    {
        var output = Path.Combine(_folder, "scene.xyz");
        Assert.Throws<ArgumentException>(() => SceneDelivery.Deliver(trained.Result, trained.Views, output, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => SceneDelivery.Deliver(trained.Result, trained.Views, Path.Combine(_folder, "ok.ply"), new SceneDeliveryOptions { TrainedPath = Path.Combine(_folder, "raw.txt") }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => SceneDelivery.Deliver(trained.Result, [], Path.Combine(_folder, "ok.ply"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void A_scene_that_cleaning_empties_is_an_AugmentException_and_nothing_is_written()
    {
        var invisible = trained.Result.Scene.Clone();
        invisible.Opacity.Fill(-12); // alpha 6e-6, below 1/255 everywhere
        var output = Path.Combine(_folder, "empty.ply");
        var error = Assert.Throws<AugmentException>(() => SceneDelivery.Deliver(trained.Result with { Scene = invisible }, trained.Views, output,
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("removed all", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(0, "images/frame_000009.png", "000-frame_000009")]
    [InlineData(12, "C:\\shots\\take 1.jpg", "012-take 1")]
    [InlineData(3, "", "003")]
    [InlineData(4, "a\0b", "004-a_b")]
    public void Preview_file_names_come_from_the_view_name(int index, string name, string expected) =>
        Assert.Equal(expected, SceneDelivery.FileStem(index, name));

    private static void Copy(GaussianCloud from, GaussianCloud to)
    {
        from.X.CopyTo(to.X);
        from.Y.CopyTo(to.Y);
        from.Z.CopyTo(to.Z);
        from.ScaleX.CopyTo(to.ScaleX);
        from.ScaleY.CopyTo(to.ScaleY);
        from.ScaleZ.CopyTo(to.ScaleZ);
        from.RotationW.CopyTo(to.RotationW);
        from.RotationX.CopyTo(to.RotationX);
        from.RotationY.CopyTo(to.RotationY);
        from.RotationZ.CopyTo(to.RotationZ);
        from.Opacity.CopyTo(to.Opacity);
        for (var c = 0; c < 3; c++)
            from.ShDc(c).CopyTo(to.ShDc(c));
    }

    private static Vector3 Fibonacci(int i, int count)
    {
        var y = 1 - (2 * (i + 0.5f) / count);
        var r = MathF.Sqrt(1 - (y * y));
        var angle = i * MathF.PI * (3 - MathF.Sqrt(5));
        return new Vector3(MathF.Cos(angle) * r, y, MathF.Sin(angle) * r);
    }

    private static byte Byte(float value) => (byte)Math.Clamp(MathF.Round(value * 255), 0, 255);

    private static float Normal(Random random) => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
