using System.Numerics;
using Augment.Splat.Compression;

namespace Augment.Splat.Tests.Compression;

public class SplatCompressionTests
{
    [Fact]
    public void Pipeline_runs_the_steps_in_order_and_reports_each()
    {
        var cloud = CompressionClouds.Random(1000, 3, seed: 1);
        var before = cloud.X.ToArray();

        var (small, steps) = cloud.Compress(c => c.PruneToFraction(0.7).ReduceShDegree(2).QuantizeSh(64).SortMorton(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["prune to 70%", "SH degree 2", "SH palette 64", "Morton order"], steps.Select(s => s.Name));
        Assert.Equal([1000, 700, 700, 700], steps.Select(s => s.SplatsIn));
        Assert.Equal([300, 0, 0, 0], steps.Select(s => s.Removed));
        Assert.Equal([3, 2, 2, 2], steps.Select(s => s.ShDegree));
        Assert.Equal(700, small.Count);
        Assert.Equal(2, small.ShDegree);
        var vectors = new HashSet<string>();
        for (var i = 0; i < small.Count; i++)
            vectors.Add(string.Join(',', Enumerable.Range(0, 24).Select(d => small.ShRest(d / 8, d % 8)[i])));
        Assert.True(vectors.Count <= 64, $"{vectors.Count} distinct SH vectors");
        var codes = SplatOrdering.MortonCodes(small);
        for (var i = 1; i < codes.Length; i++)
            Assert.True(codes[i - 1] <= codes[i]);
        Assert.Equal(before, cloud.X.ToArray());
    }

    [Fact]
    public void Pipeline_equals_the_steps_run_by_hand()
    {
        var cloud = CompressionClouds.Random(500, 3, seed: 2);

        var (piped, _) = cloud.Compress(c => c.PruneToCount(300).ReduceShDegree(1).QuantizeSh(16, seed: 5), cancellationToken: TestContext.Current.CancellationToken);
        var (byHand, _) = cloud.PruneToImportance(300)
            .ReduceShDegree(1, cancellationToken: TestContext.Current.CancellationToken)
            .QuantizeSh(16, new ShQuantizationOptions { Seed = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal(byHand.X.ToArray(), piped.X.ToArray());
        Assert.Equal(byHand.ShDc(1).ToArray(), piped.ShDc(1).ToArray());
        Assert.Equal(byHand.ShRest(2, 2).ToArray(), piped.ShRest(2, 2).ToArray());
    }

    [Fact]
    public void Bad_step_parameters_throw_before_anything_runs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompressionBuilder().PruneToFraction(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompressionBuilder().PruneToFraction(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompressionBuilder().ReduceShDegree(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompressionBuilder().QuantizeSh(0));
        Assert.Throws<ArgumentException>(() => new CompressionBuilder().PruneToFraction(0.5, []));
        Assert.Throws<ArgumentException>(() => CompressionPreset.Named("tiny"));
        Assert.Same(CompressionPreset.Small, CompressionPreset.Named("SMALL"));
    }

    [Fact]
    public void View_coverage_pruning_keeps_the_splats_the_views_see()
    {
        // 60 splats in front of a camera at the origin looking along +z, 60 behind it: only the first can contribute.
        var cloud = GaussianCloud.Create(120);
        var random = new Random(3);
        for (var i = 0; i < cloud.Count; i++)
        {
            var front = i % 2 == 0;
            cloud.X[i] = (float)((random.NextDouble() * 2) - 1);
            cloud.Y[i] = (float)((random.NextDouble() * 2) - 1);
            cloud.Z[i] = front ? 5 + (float)random.NextDouble() : -5 - (float)random.NextDouble();
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = front ? -3 : 1; // the hidden ones are the large ones
            cloud.Opacity[i] = 2;
        }
        var camera = PinholeCamera.LookAt(Vector3.Zero, Vector3.UnitZ, 64, 48);

        var importance = SplatOrdering.Importance(cloud, [camera], cancellationToken: TestContext.Current.CancellationToken);
        var pruned = cloud.PruneToImportance(60, [camera], cancellationToken: TestContext.Current.CancellationToken);
        var byVolume = cloud.PruneToImportance(60);

        for (var i = 0; i < cloud.Count; i++)
            Assert.True(i % 2 == 0 ? importance[i] > 0 : importance[i] == 0, $"splat {i}: importance {importance[i]}");
        Assert.All(pruned.Z.ToArray(), z => Assert.True(z > 0));
        Assert.All(byVolume.Z.ToArray(), z => Assert.True(z < 0));
    }

    [Fact]
    public void Report_gives_ply_bytes_file_bytes_and_their_ratio()
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(3000, 3, seed: 4);
        var output = folder.File("scene.sog");
        var ply = folder.File("scene.ply");
        cloud.Save(ply, cancellationToken: TestContext.Current.CancellationToken);

        var report = SplatCompression.Compress(cloud, CompressionPreset.Mobile, output, new SplatCompressionOptions { Views = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new FileInfo(ply).Length, report.SourceBytes);
        Assert.Equal(new FileInfo(output).Length, report.OutputBytes);
        Assert.Equal((double)report.SourceBytes / report.OutputBytes, report.Ratio);
        Assert.Equal(SplatFormat.Sog, report.Format);
        Assert.Equal(3000, report.SplatsIn);
        Assert.Equal(2550, report.SplatsOut);
        Assert.Equal(2550, GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken).Count);
        Assert.Empty(report.Views);
        Assert.True(double.IsNaN(report.MeanPsnrDb));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path), p => p.EndsWith(".sog", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_psnr_and_ssim_are_image_quality_of_the_decoded_file_against_the_original()
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(2000, 2, seed: 5);
        var output = folder.File("scene.spz");
        var options = new SplatCompressionOptions { Views = 3, ViewWidth = 64, ViewHeight = 40, SourceBytes = 1234 };

        var report = SplatCompression.Compress(cloud, CompressionPreset.Small, output, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1234, report.SourceBytes);
        Assert.Equal(3, report.Views.Count);
        var decoded = GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        var cameras = CameraPath.Orbit(cloud, 3, 64, 40);
        var psnrs = new double[3];
        for (var v = 0; v < 3; v++)
        {
            using var before = Clamped(SplatRenderer.Render(cloud, cameras[v], cancellationToken: TestContext.Current.CancellationToken));
            using var after = Clamped(SplatRenderer.Render(decoded, cameras[v], cancellationToken: TestContext.Current.CancellationToken));
            psnrs[v] = ImageQuality.Psnr(before, after);
            Assert.Equal(psnrs[v], report.Views[v].PsnrDb, 1e-9);
            Assert.Equal(ImageQuality.Ssim(before, after), report.Views[v].Ssim, 1e-9);
            Assert.Null(report.Views[v].ReferencePsnrDropDb);
        }
        Assert.Equal(psnrs.Average(), report.MeanPsnrDb, 1e-9);
        Assert.Equal(psnrs.Min(), report.MinPsnrDb, 1e-9);
        Assert.Null(report.ReferencePsnrDropDb);
    }

    [Fact]
    public void Reference_images_give_the_psnr_of_both_renders_and_the_drop()
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(1500, 1, seed: 6);
        var cameras = CameraPath.Orbit(cloud, 2, 48, 32);
        var references = new List<ImageFrame>();
        foreach (var camera in cameras)
        {
            var frame = ImageFrame.Create(48, 32, 3);
            frame.Data.Fill(0.25f);
            references.Add(frame);
        }
        var options = new SplatCompressionOptions { Cameras = cameras, ReferenceImages = references };

        var report = SplatCompression.Compress(cloud, CompressionPreset.Small, folder.File("scene.ply"), options, cancellationToken: TestContext.Current.CancellationToken);

        var decoded = GaussianCloud.Load(folder.File("scene.ply"), cancellationToken: TestContext.Current.CancellationToken);
        for (var v = 0; v < 2; v++)
        {
            using var before = Clamped(SplatRenderer.Render(cloud, cameras[v], cancellationToken: TestContext.Current.CancellationToken));
            using var after = Clamped(SplatRenderer.Render(decoded, cameras[v], cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal(ImageQuality.Psnr(references[v], before), report.Views[v].OriginalReferencePsnrDb!.Value, 1e-9);
            Assert.Equal(ImageQuality.Psnr(references[v], after), report.Views[v].CompressedReferencePsnrDb!.Value, 1e-9);
            Assert.Equal(ImageQuality.Ssim(references[v], after), report.Views[v].CompressedReferenceSsim!.Value, 1e-9);
        }
        Assert.Equal(report.MeanOriginalReferencePsnrDb - report.MeanCompressedReferencePsnrDb, report.ReferencePsnrDropDb);
        foreach (var frame in references)
            frame.Dispose();
    }

    [Fact]
    public void Progress_names_every_stage_in_order()
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(800, 1, seed: 7);
        var progress = new Recorder();

        SplatCompression.Compress(cloud, CompressionPreset.Mobile, folder.File("scene.sog"), new SplatCompressionOptions { Views = 2, ViewWidth = 32, ViewHeight = 24 }, progress, TestContext.Current.CancellationToken);

        var stages = progress.Reports.Select(r => r.Stage).Distinct().ToArray();
        Assert.Equal(["compress", "write", "evaluate"], stages);
        Assert.Contains(progress.Reports, r => r.Stage == "compress" && r.ItemsDone == 3 && r.ItemsTotal == 3);
        Assert.Contains(progress.Reports, r => r.Stage == "evaluate" && r.ItemsDone == 2 && r.Fraction == 1);
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("write")]
    [InlineData("evaluate")]
    public void Cancelling_at_any_stage_leaves_the_destination_as_it_was(string stage)
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(800, 1, seed: 8);
        var output = folder.File("scene.sog");
        File.WriteAllText(output, "old");
        using var cancel = new CancellationTokenSource();
        var progress = new Recorder(r =>
        {
            if (r.Stage == stage)
                cancel.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            SplatCompression.Compress(cloud, CompressionPreset.Mobile, output, new SplatCompressionOptions { Views = 2, ViewWidth = 32, ViewHeight = 24 }, progress, cancel.Token));

        Assert.Equal("old", File.ReadAllText(output));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_failed_write_leaves_nothing_behind()
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(100, 0, seed: 9);

        Assert.Throws<ArgumentException>(() => SplatCompression.Compress(cloud, CompressionPreset.Mobile, folder.File("scene.txt"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => SplatCompression.Compress(cloud, CompressionPreset.Mobile, folder.File("scene.sog"),
            new SplatCompressionOptions { ReferenceImages = [ImageFrame.Create(4, 4, 3)] }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Small_preset_writes_a_smaller_file_than_mobile()
    {
        using var folder = new CompressionFolder();
        var cloud = CompressionClouds.Random(6000, 3, seed: 10);
        var none = new SplatCompressionOptions { Views = 0 };

        var mobile = SplatCompression.Compress(cloud, CompressionPreset.Mobile, folder.File("mobile.sog"), none, cancellationToken: TestContext.Current.CancellationToken);
        var small = SplatCompression.Compress(cloud, CompressionPreset.Small, folder.File("small.sog"), none, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(small.OutputBytes < mobile.OutputBytes, $"small {small.OutputBytes} vs mobile {mobile.OutputBytes}");
        Assert.Equal(mobile.SourceBytes, small.SourceBytes);
        Assert.Equal(SplatCompression.PlyBytes(cloud, TestContext.Current.CancellationToken), mobile.SourceBytes);
        Assert.Equal(1, small.ShDegree);
        Assert.Equal(3, mobile.ShDegree);
    }

    private static ImageFrame Clamped(ImageFrame frame)
    {
        var data = frame.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = Math.Clamp(data[i], 0f, 1f);
        return frame;
    }

    private sealed class Recorder(Action<AugmentProgress>? onReport = null) : IProgress<AugmentProgress>
    {
        public List<AugmentProgress> Reports { get; } = [];

        public void Report(AugmentProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    private sealed class CompressionFolder : IDisposable
    {
        public CompressionFolder() => Path = Directory.CreateTempSubdirectory("aug-compress-").FullName;

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
