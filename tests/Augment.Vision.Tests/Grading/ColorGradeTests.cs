using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Matching;

namespace Augment.Vision.Tests.Grading;

public sealed class ColorGradeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Writes the cast scene (the reference's scene under a warm camera cast) to <paramref name="path"/>.</summary>
    private static void SaveCastScene(string path, int width = 96, int height = 64)
    {
        using var cast = MatchImages.Scene(width, height, cast: true);
        cast.Save(path);
    }

    [Fact]
    public async Task Batch_grades_every_input_and_cuts_delta_e_to_the_reference_by_70_percent()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(96, 64, cast: false);
        var inputs = new[] { folder.File("a.png"), folder.File("b.bmp"), folder.File("c.tif") };
        foreach (var input in inputs)
            SaveCastScene(input);
        var outputFolder = folder.File("graded");

        var grade = ColorGrade.MatchTo(reference);
        var report = await grade.ApplyToFilesAsync(inputs, outputFolder, cancellationToken: Token);

        Assert.Equal(3, report.Clips.Count);
        Assert.Equal(3, report.Succeeded);
        for (var i = 0; i < inputs.Length; i++)
        {
            var clip = report.Clips[i];
            Assert.Equal(inputs[i], clip.Input);
            Assert.True(File.Exists(clip.Output), clip.Output);
            Assert.Equal(DeltaEBasis.Pixels, clip.Basis);
            Assert.True(clip.DeltaEBefore > 3.0, $"before {clip.DeltaEBefore}");
            Assert.True(clip.DeltaEAfter < 0.3 * clip.DeltaEBefore, $"{clip.Input}: {clip.DeltaEBefore} -> {clip.DeltaEAfter}");
            // The reported distance is the one of the file on disk (independent re-measure).
            using var written = ImageFile.Load(clip.Output);
            var measured = ColorMath.MeanDeltaE2000(written, reference, Token);
            // 8-bit quantisation of the written file moves it by a few hundredths at most.
            Assert.InRange(measured, clip.DeltaEAfter - 0.05, clip.DeltaEAfter + 0.05);
        }
        Assert.Equal(report.Clips.Average(c => c.DeltaEAfter), report.MeanDeltaEAfter, 9);
        // Nothing but the three results: no temporary files left behind.
        Assert.Equal(3, Directory.GetFiles(outputFolder).Length);
    }

    [Fact]
    public async Task Inputs_of_another_size_are_measured_by_mean_colour()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(96, 64, cast: false);
        var input = folder.File("small.png");
        SaveCastScene(input, 48, 32);
        var report = await ColorGrade.MatchTo(reference).ApplyToFilesAsync([input], folder.File("out"), cancellationToken: Token);
        var clip = Assert.Single(report.Clips);
        Assert.Equal(DeltaEBasis.MeanLab, clip.Basis);
        Assert.True(clip.DeltaEAfter < 0.3 * clip.DeltaEBefore, $"{clip.DeltaEBefore} -> {clip.DeltaEAfter}");
    }

    [Fact]
    public void Apply_is_the_fitted_match_with_skin_protection()
    {
        using var reference = MatchImages.Scene(64, 48, cast: false);
        using var source = MatchImages.Scene(64, 48, cast: true);
        var grade = ColorGrade.MatchTo(reference, o => o.Method(ColorMatchMethod.Reinhard).Strength(0.7).ProtectSkin(0.5));
        using var viaGrade = grade.Apply(source, Token);
        var transform = ColorMatch.Fit(source, reference, o => o.UseMethod(ColorMatchMethod.Reinhard).WithStrength(0.7), Token);
        using var direct = transform.ApplyProtectingSkin(source, 0.5, null, Token);
        Assert.Equal(direct.Data.ToArray(), viaGrade.Data.ToArray());
    }

    [Fact]
    public async Task A_sixteen_bit_png_stays_sixteen_bit()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(32, 24, cast: false);
        var input = folder.File("deep.png");
        using (var cast = MatchImages.Scene(32, 24, cast: true))
            cast.Save(input, new ImageSaveOptions { BitsPerChannel = 16 });
        var report = await ColorGrade.MatchTo(reference).ApplyToFilesAsync([input], folder.File("out"), cancellationToken: Token);
        var bytes = File.ReadAllBytes(report.Clips[0].Output);
        Assert.Equal(16, bytes[24]); // IHDR bit depth
    }

    [Fact]
    public async Task Colliding_names_and_in_place_outputs_are_refused_before_any_work()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(32, 24, cast: false);
        Directory.CreateDirectory(folder.File("x"));
        Directory.CreateDirectory(folder.File("y"));
        SaveCastScene(folder.File("x/a.png"), 32, 24);
        SaveCastScene(folder.File("y/a.png"), 32, 24);
        var grade = ColorGrade.MatchTo(reference);
        var collide = await Assert.ThrowsAsync<ArgumentException>(() => grade.ApplyToFilesAsync([folder.File("x/a.png"), folder.File("y/a.png")], folder.File("out"), cancellationToken: Token));
        Assert.Contains("collide", collide.Message, StringComparison.Ordinal);
        var inPlace = await Assert.ThrowsAsync<ArgumentException>(() => grade.ApplyToFilesAsync([folder.File("x/a.png")], folder.File("x"), cancellationToken: Token));
        Assert.Contains("replace the input", inPlace.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public async Task With_continue_on_error_a_bad_input_is_reported_and_the_others_are_graded()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(32, 24, cast: false);
        SaveCastScene(folder.File("good.png"), 32, 24);
        var bytes = File.ReadAllBytes(folder.File("good.png"));
        File.WriteAllBytes(folder.File("cut.png"), bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var inputs = new[] { folder.File("cut.png"), folder.File("missing.png"), folder.File("good.png") };

        var strict = ColorGrade.MatchTo(reference);
        await Assert.ThrowsAnyAsync<AugmentException>(() => strict.ApplyToFilesAsync([inputs[0]], folder.File("strict"), cancellationToken: Token));
        Assert.Empty(Directory.GetFiles(folder.File("strict")));

        var lenient = ColorGrade.MatchTo(reference, o => o with { ContinueOnError = true });
        var report = await lenient.ApplyToFilesAsync(inputs, folder.File("out"), cancellationToken: Token);
        Assert.Equal(1, report.Succeeded);
        Assert.Equal(2, report.Failed);
        Assert.Contains("cut.png", report.Clips[0].Error, StringComparison.Ordinal);
        Assert.Contains("missing.png", report.Clips[1].Error, StringComparison.Ordinal);
        Assert.True(report.Clips[2].Succeeded);
        Assert.Equal([folder.File("out/good.png")], Directory.GetFiles(folder.File("out")));
    }

    [Fact]
    public async Task A_cancelled_batch_writes_nothing_more()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(32, 24, cast: false);
        SaveCastScene(folder.File("a.png"), 32, 24);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ColorGrade.MatchTo(reference).ApplyToFilesAsync([folder.File("a.png")], folder.File("out"), cancellationToken: cancelled.Token));
        Assert.False(File.Exists(folder.File("out/a.png")));
    }

    [Fact]
    public async Task Progress_ends_with_every_input_done()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(32, 24, cast: false);
        var inputs = Enumerable.Range(0, 4).Select(i => folder.File($"{i}.png")).ToArray();
        foreach (var input in inputs)
            SaveCastScene(input, 32, 24);
        var reports = new List<AugmentProgress>();
        var sink = new SyncProgress(reports);
        await ColorGrade.MatchTo(reference).ApplyToFilesAsync(inputs, folder.File("out"), sink, Token);
        lock (reports)
        {
            Assert.Equal(0, reports[0].ItemsDone);
            Assert.Equal(4, reports[^1].ItemsDone);
            Assert.Equal(4, reports[^1].ItemsTotal);
            Assert.Equal(1.0, reports[^1].Fraction, 9);
        }
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        using var reference = MatchImages.Scene(16, 16, cast: false);
        Assert.Throws<ArgumentOutOfRangeException>(() => ColorGrade.MatchTo(reference, o => o.ProtectSkin(1.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColorGrade.MatchTo(reference, o => o.WithKeyFrames(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColorGrade.MatchTo(reference, o => o.BakeLuts(1)));
        Assert.Throws<ArgumentException>(() => ColorGrade.MatchTo(Array.Empty<ImageFrame>()));
    }

    [Theory]
    [InlineData(ColorMatchMethod.Mkl)]
    [InlineData(ColorMatchMethod.SlicedOt)]
    public async Task Baked_luts_reproduce_the_graded_files(ColorMatchMethod method)
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(96, 64, cast: false);
        var input = folder.File("shot.png");
        SaveCastScene(input);
        var grade = ColorGrade.MatchTo(reference, o => o.Method(method).BakeLuts(33));

        var report = await grade.ApplyToFilesAsync([input], folder.File("out"), cancellationToken: Token);

        var clip = Assert.Single(report.Clips);
        Assert.Equal(folder.File("out/shot.cube"), clip.Lut);
        var lut = Lut3D.LoadCube(clip.Lut!);
        Assert.Equal(33, lut.Size);
        using var source = ImageFile.Load(input);
        using var viaLut = source.ApplyLut(lut);
        using var written = ImageFile.Load(clip.Output);
        // The LUT is the same grade sampled on a 33^3 lattice: a fraction of a ΔE apart, while the grade itself moved colours by several.
        var lutError = ColorMath.MeanDeltaE2000(viaLut, written, Token);
        Assert.True(lutError < 0.1 * clip.DeltaEBefore, $"LUT vs direct ΔE00 {lutError:0.000}, grade moved {clip.DeltaEBefore:0.00}");
        Assert.True(lutError < 0.5, $"LUT vs direct ΔE00 {lutError:0.000}");
    }

    [Fact]
    public async Task Explicit_jobs_that_write_one_file_twice_are_refused()
    {
        using var folder = new ScratchFolder();
        using var reference = MatchImages.Scene(32, 24, cast: false);
        SaveCastScene(folder.File("a.png"), 32, 24);
        SaveCastScene(folder.File("b.png"), 32, 24);
        var grade = ColorGrade.MatchTo(reference);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grade.ApplyToFilesAsync(
            [new GradeJob(folder.File("a.png"), folder.File("out/x.png")), new GradeJob(folder.File("b.png"), folder.File("out/y.png"), folder.File("out/x.png"))],
            cancellationToken: Token));
        Assert.Contains("x.png", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    private sealed class SyncProgress(List<AugmentProgress> sink) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value)
        {
            lock (sink)
                sink.Add(value);
        }
    }
}
