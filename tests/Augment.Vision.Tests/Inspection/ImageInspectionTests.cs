namespace Augment.Vision.Tests.Inspection;

public class ImageInspectionTests
{
    [Fact]
    public void A_flat_image_has_no_findings_and_score_zero()
    {
        using var frame = ImageFrame.Create(200, 150, 3);
        frame.Data.Fill(0.4f);
        var report = frame.Inspect(cancellationToken: TestContext.Current.CancellationToken);
        foreach (var r in report.Regions)
            TestContext.Current.TestOutputHelper?.WriteLine($"{r.Bounds} {r.Kind} {r.Score:0.00} {r.Explanation}");
        Assert.Empty(report.Regions);
        Assert.False(report.Flagged);
        Assert.Equal(ArtifactChecks.All, report.ChecksRun);
        Assert.Equal(0, report.Score, 3);
    }

    [Fact]
    public void Fluent_options_equal_the_record_they_build()
    {
        var fluent = InspectionOptions.Default.Checks(ArtifactChecks.PeriodicSpectrum).SpectralTiles(64).NoiseBlocks(48).ReportThreshold(0.7);
        Assert.Equal(new InspectionOptions { EnabledChecks = ArtifactChecks.PeriodicSpectrum, SpectralTilePixels = 64, NoiseBlockPixels = 48, ReportScore = 0.7 }, fluent);
    }

    [Theory]
    [InlineData(30, 32, 0.5)]
    [InlineData(100, 32, 0.5)]
    [InlineData(128, 8, 0.5)]
    [InlineData(128, 32, 1.5)]
    public void Bad_options_are_argument_errors(int tile, int block, double score)
    {
        using var frame = ImageFrame.Create(64, 64, 1);
        Assert.ThrowsAny<ArgumentException>(() => ImageInspection.Inspect(frame, new InspectionOptions { SpectralTilePixels = tile, NoiseBlockPixels = block, ReportScore = score }, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void An_image_beyond_the_memory_budget_is_a_resource_limit_error_naming_the_size()
    {
        using var frame = ImageFrame.Create(400, 400, 1, budget: new ComputeBudget { MaxMemoryBytes = 1L << 20 });
        var error = Assert.Throws<ResourceLimitException>(() => frame.Inspect(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("400x400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_sample_is_invalid_media_naming_where_it_is()
    {
        using var frame = ImageFrame.Create(64, 48, 3);
        frame.Row(1, 7)[5] = float.NaN;
        var error = Assert.Throws<InvalidMediaException>(() => frame.Inspect(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("x=5, y=7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_the_inspection()
    {
        using var frame = ImageFrame.Create(512, 512, 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => frame.Inspect(cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Progress_reports_every_stage()
    {
        using var frame = ImageFrame.Create(300, 300, 1);
        var stages = new List<string>();
        frame.Inspect(progress: new SynchronousProgress(p => { lock (stages) stages.Add(p.Stage); }), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains("spectral tiles", stages);
        Assert.Contains("noise blocks", stages);
        Assert.Contains("text", stages);
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }

    [Fact]
    public void Report_lists_regions_strongest_first_and_the_overall_score_is_the_highest_check_score()
    {
        using var source = Peers.StandardImages.Load("chelsea.png");
        using var crop = ArtifactImages.CentreCrop(source, 128);
        using var up = ArtifactImages.Nearest(crop, 2);
        using var noisy = ArtifactImages.AddNoise(up.Clone(), 0.02, 4);
        using var spliced = ArtifactImages.SmoothRegion(noisy.Clone(), new PixelRegion(64, 64, 96, 96), 1.5);
        var report = spliced.Inspect(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(report.Regions.Count >= 2);
        for (var i = 1; i < report.Regions.Count; i++)
            Assert.True(report.Regions[i - 1].Score >= report.Regions[i].Score);
        Assert.Equal(Math.Max(report.PeriodicSpectrumScore, Math.Max(report.NoiseInconsistencyScore, report.IrregularTextScore)), report.Score);
        Assert.NotEmpty(report.RegionsOf(ArtifactKind.UpsamplingGrid));
        Assert.NotEmpty(report.RegionsOf(ArtifactKind.NoiseTooLow));
    }
}
