using Augment.Cli.Demo.Steps;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Augment.Cli.Tests.Demo;

public class DemoCommandTests
{
    private const int Width = 160;
    private const int Height = 96;

    [Fact]
    public async Task Demo_writes_the_expected_files_exits_0_and_prints_the_results_table()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        foreach (var name in ExpectedFiles)
            Assert.True(File.Exists(folder.File(name)), $"missing {name}");
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp")); // atomic writes left no temporaries
        foreach (var step in new[] { "image", "sharpen", "upscale", "lut", "match", "restore", "library", "audio", "voice", "stems", "splat", "train", "credentials", "device" })
            Assert.Contains($"│ {step} ", result.Output, StringComparison.Ordinal);
        Assert.Contains("0 differences", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_test_image_is_a_P6_PPM_of_the_requested_size_with_75_percent_bars()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.Equal(0, result.ExitCode);
        var ppm = MediaHeaders.ReadPpm(folder.File(TestImageStep.FileName));
        Assert.Equal((Width, Height, 255), (ppm.Width, ppm.Height, ppm.MaxValue));
        Assert.Equal(Width * Height * 3, ppm.Pixels.Length);
        // Top-left is the 75% white bar, top-right the 75% blue bar.
        Assert.Equal(new byte[] { 191, 191, 191 }, ppm.Pixels[..3]);
        Assert.Equal(new byte[] { 0, 0, 191 }, ppm.Pixels[((Width - 1) * 3)..(Width * 3)]);
    }

    [Fact]
    public async Task Demo_outputs_are_well_formed_PPM_and_16_bit_stereo_WAV_with_the_expected_content()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        var sharpened = MediaHeaders.ReadPpm(folder.File(SharpenTiledStep.FileName));
        Assert.Equal((Width, Height), (sharpened.Width, sharpened.Height));
        var upscaled = MediaHeaders.ReadPpm(folder.File(UpscaleTiledStep.FileName));
        Assert.Equal((Width * 2, Height * 2), (upscaled.Width, upscaled.Height));
        Assert.Equal(Width * Height * 12, upscaled.Pixels.Length);
        var source = MediaHeaders.ReadPpm(folder.File(TestImageStep.FileName));
        // Nearest-neighbour 2x: output (2y+1, 2x+1) is input (y, x); check a pixel inside the bars.
        int x = Width / 2, y = Height / 4;
        Assert.Equal(source.Pixels[((y * Width) + x) * 3], upscaled.Pixels[((((2 * y) + 1) * Width * 2) + (2 * x) + 1) * 3]);

        foreach (var name in new[] { AudioGainChunkedStep.ToneFileName, AudioGainChunkedStep.FileName })
        {
            var wav = MediaHeaders.ReadWav(folder.File(name));
            Assert.Equal((1, 2, 48_000, 16), (wav.Format, wav.Channels, wav.SampleRate, wav.BitsPerSample));
            Assert.Equal((48_000 * 4, 4), (wav.ByteRate, wav.BlockAlign));
            Assert.Equal(2 * 48_000 * 4, wav.Data.Length); // 2 s of 2 x 16-bit frames
            Assert.Equal(wav.FileLength - 8, wav.RiffSize);
        }

        // Analytic check: at frame n (past the fade), left = A sin(2 pi f n / rate), right = A cos(...).
        var tone = MediaHeaders.ReadWav(folder.File(AudioGainChunkedStep.ToneFileName));
        var gained = MediaHeaders.ReadWav(folder.File(AudioGainChunkedStep.FileName));
        const int n = 12_345;
        var phase = 2 * Math.PI * 997 * n / 48_000;
        Assert.Equal(Math.Round(0.5 * Math.Sin(phase) * 32768), tone.Sample16(2 * n), 1.0);
        Assert.Equal(Math.Round(0.5 * Math.Cos(phase) * 32768), tone.Sample16((2 * n) + 1), 1.0);
        Assert.Equal(Math.Round(0.25 * Math.Sin(phase) * 32768), gained.Sample16(2 * n), 1.0);
    }

    [Fact]
    public async Task Demo_lut_step_writes_a_33_cubed_cube_and_a_graded_PNG_equal_to_applying_that_cube_to_the_test_image()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("mean ΔE2000", result.Output, StringComparison.Ordinal);
        var lut = Augment.Vision.Lut3D.LoadCube(folder.File(LutGradeStep.LutFileName));
        Assert.Equal(33, lut.Size);
        // Lattice point (r, g, b) = (32, 0, 0) is pure red through the analytic grade.
        var (red, green, blue) = LutGradeStep.FilmGrade(1, 0, 0);
        Assert.Equal(red, lut.Lattice[32 * 3], 5);
        Assert.Equal(green, lut.Lattice[(32 * 3) + 1], 5);
        Assert.Equal(blue, lut.Lattice[(32 * 3) + 2], 5);

        var source = MediaHeaders.ReadPpm(folder.File(TestImageStep.FileName));
        using var sourceFrame = ImageFrame.FromPixels(source.Pixels, Width, Height, PixelLayout.Rgb);
        using var expected = Augment.Vision.LutExtensions.ApplyLut(sourceFrame, lut);
        using var graded = Augment.Vision.ImageFile.Load(folder.File(LutGradeStep.FileName));
        Assert.Equal((Width, Height, 3), (graded.Width, graded.Height, graded.Channels));
        // The .cube text rounds the lattice, so allow one 8-bit code of difference.
        var expectedPixels = expected.ToPixels8(PixelLayout.Rgb);
        var gradedPixels = graded.ToPixels8(PixelLayout.Rgb);
        for (var i = 0; i < expectedPixels.Length; i++)
            Assert.True(Math.Abs(expectedPixels[i] - gradedPixels[i]) <= 1, $"sample {i}: {gradedPixels[i]} vs {expectedPixels[i]}");
    }

    [Fact]
    public void Demo_defaults_to_an_augment_demo_folder_under_the_current_directory()
    {
        var parse = new CliApp(CliContext.ForWriters(TextWriter.Null, TextWriter.Null)).BuildRootCommand().Parse(["demo"]);
        var output = parse.CommandResult.Command.Options.OfType<System.CommandLine.Option<string>>().Single(o => o.Name == "--output");

        Assert.Empty(parse.Errors);
        Assert.Equal(Path.Combine(".", "augment-demo"), parse.GetValue(output));
    }

    [Fact]
    public async Task Demo_match_step_brings_camera_b_within_30_percent_of_its_colour_difference()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        using var reference = Augment.Vision.ImageFile.Load(folder.File(TestImageStep.FileName));
        using var cast = Augment.Vision.ImageFile.Load(folder.File(ColorMatchStep.CastFileName));
        using var matched = Augment.Vision.ImageFile.Load(folder.File(ColorMatchStep.FileName));
        var ct = TestContext.Current.CancellationToken;
        var before = Augment.Vision.ColorMath.MeanDeltaE2000(cast, reference, ct);
        var after = Augment.Vision.ColorMath.MeanDeltaE2000(matched, reference, ct);
        Assert.True(before > 5, $"the cast should be visible (ΔE {before:0.00})");
        Assert.True(after < 0.3 * before, $"ΔE {before:0.00} -> {after:0.00}");
    }

    [Fact]
    public async Task Demo_library_step_finds_the_sunset_shot_and_its_database_reads_back_in_plain_sqlite()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        var library = folder.File(LibraryStep.FolderName);
        // The CSV, read by an RFC 4180 parser that is not ours: the sunset shot is 40 frames at 25 frames/s.
        using (var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(Path.Combine(library, "results.csv")) { HasFieldsEnclosedInQuotes = true })
        {
            parser.SetDelimiters(",");
            var header = parser.ReadFields()!;
            var rows = new List<string[]>();
            while (!parser.EndOfData)
                rows.Add(parser.ReadFields()!);
            var sunset = Assert.Single(rows, r => r[Array.IndexOf(header, "path")].EndsWith("plaza-evening.y4m", StringComparison.Ordinal));
            Assert.Equal("0", sunset[Array.IndexOf(header, "shot")]);
            Assert.Equal(1.6, double.Parse(sunset[Array.IndexOf(header, "end_seconds")], System.Globalization.CultureInfo.InvariantCulture), 3);
            Assert.Equal(rows.Count, File.ReadAllLines(Path.Combine(library, "results.edl")).Count(l => l.Length > 3 && char.IsAsciiDigit(l[0]) && l[3] == ' '));
        }
        // The index is a plain SQLite file: four assets, the clip with its three shots.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(library, "lib.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM assets), (SELECT count(*) FROM shots)";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((4L, 6L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    [Fact]
    public async Task Demo_restore_step_comes_closer_to_the_photograph_than_ImageSharp_enlargement_and_removes_the_blemish()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        using var stream = typeof(RestorationStep).Assembly.GetManifestResourceStream("Augment.Cli.Demo.coffee.png")!;
        using var photo = Augment.Vision.ImageFile.Load(stream, "coffee.png");
        using var after = Augment.Vision.ImageFile.Load(folder.File(RestorationStep.AfterFileName));
        Assert.Equal((photo.Width, photo.Height), (after.Width, after.Height));

        // The baseline from outside Augment: ImageSharp's Lanczos-3 enlargement of the degraded picture.
        using var small = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(folder.File(RestorationStep.BeforeFileName));
        Assert.Equal((photo.Width / 2, photo.Height / 2), (small.Width, small.Height));
        small.Mutate(x => x.Resize(photo.Width, photo.Height, SixLabors.ImageSharp.Processing.KnownResamplers.Lanczos3));
        var pixels = new byte[photo.Width * photo.Height * 3];
        small.CopyPixelDataTo(pixels);
        using var enlarged = ImageFrame.FromPixels(pixels, photo.Width, photo.Height, PixelLayout.Rgb);
        var baseline = ImageQuality.Psnr(photo, enlarged);
        var restored = ImageQuality.Psnr(photo, after);
        Assert.True(restored >= baseline + 2, $"restored {restored:F2} dB vs ImageSharp Lanczos-3 {baseline:F2} dB");

        // Where the blemish was (a dark red disc at 84 % x 20 % of the frame), the restoration is near the wood again.
        var cx = (int)(photo.Width * 0.84);
        var cy = (int)(photo.Height * 0.2);
        for (var c = 0; c < 3; c++)
        {
            double original = 0, filled = 0;
            for (var y = cy - 8; y <= cy + 8; y++)
            {
                for (var x = cx - 8; x <= cx + 8; x++)
                {
                    original += photo.Row(c, y)[x];
                    filled += after.Row(c, y)[x];
                }
            }
            Assert.True(Math.Abs(original - filled) / (17 * 17) < 0.08, $"channel {c}: mean {filled / 289:F3} where the photograph has {original / 289:F3}");
        }
    }

    [Fact]
    public async Task Demo_voice_step_prints_the_loudness_table_and_delivers_minus_16_LUFS_that_an_independent_meter_confirms()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("loudness before and after", result.Output, StringComparison.Ordinal);
        Assert.Contains("integrated (LUFS)", result.Output, StringComparison.Ordinal);
        var clean = folder.File(VoiceCleanStep.CleanFileName);
        var noisy = folder.File(VoiceCleanStep.NoisyFileName);
        Assert.True(MediaHeaders.ReadWav(clean).Data.Length > MediaHeaders.ReadWav(noisy).Data.Length, "the room's tail is missing");

        // ffmpeg's ebur128 filter is the outside meter; without ffmpeg the step's own check stands.
        var ffmpeg = Augment.Cli.Tests.Commands.VideoTestClips.FfmpegPath;
        Assert.SkipWhen(ffmpeg is null, "ffmpeg is not installed; the independent loudness check is skipped.");
        var start = new System.Diagnostics.ProcessStartInfo(ffmpeg!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-i", clean, "-af", "ebur128=peak=true", "-f", "null", "-"])
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var summary = errors[errors.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        var integrated = double.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"I:\s+(-?[0-9.]+) LUFS").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var truePeak = double.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"Peak:\s+(-?[0-9.]+) dBFS").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(integrated, VoiceCleanStep.TargetLufs - 0.2, VoiceCleanStep.TargetLufs + 0.2);
        Assert.True(truePeak <= VoiceCleanStep.TruePeakCeilingDbtp + 0.2, $"true peak {truePeak} dBTP");
    }

    [Fact]
    public async Task Demo_signs_its_deliverables_so_they_validate_against_its_CA_and_keep_their_samples()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", $"{Width}x{Height}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Content Credentials", result.Output, StringComparison.Ordinal);
        var trust = Augment.Provenance.CredentialsReadOptions.WithTrustAnchorsFrom(Path.Combine(folder.File(CredentialsStep.CertificateFolder), "root.pem"));
        foreach (var name in new[] { CredentialsStep.GradedFileName, CredentialsStep.MatchedFileName, CredentialsStep.VoiceFileName })
        {
            var report = Augment.Provenance.ContentCredentials.Read(folder.File(name), trust);
            Assert.Equal(Augment.Provenance.CredentialsState.Trusted, report.State);
            Assert.Equal("c2pa.created", report.ActiveManifest!.Actions[0].Action);
        }
        // Signing adds a chunk; the audio itself is the cleaned voice, sample for sample.
        Assert.Equal(MediaHeaders.ReadWav(folder.File(VoiceCleanStep.CleanFileName)).Data, MediaHeaders.ReadWav(folder.File(CredentialsStep.VoiceFileName)).Data);
        using var signed = Augment.Vision.ImageFile.Load(folder.File(CredentialsStep.GradedFileName));
        var detection = Augment.Provenance.Watermarks.ImageWatermark.Detect(signed, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(CredentialsStep.Payload, detection.Payload);
        // The re-encoded copy has no manifest of its own; its credentials come back through the watermark.
        Assert.Equal(Augment.Provenance.CredentialsState.NoManifest, Augment.Provenance.ContentCredentials.Read(folder.File(CredentialsStep.StrippedFileName), trust).State);
        Assert.Contains("recovered", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_train_step_writes_a_trained_scene_whose_held_out_renders_reach_the_PSNR_it_prints()
    {
        using var folder = new TempFolder();
        using var context = new Augment.Cli.Demo.DemoContext(folder.Path, new Augment.Cli.Demo.ImageSize(Width, Height), TestContext.Current.CancellationToken);

        var result = await new SplatTrainStep().RunAsync(context);

        Assert.Equal([folder.File(SplatTrainStep.PreviewFileName), folder.File(SplatTrainStep.SceneFileName)], result.Outputs);
        var printed = System.Text.RegularExpressions.Regex.Match(result.KeyNumbers, @"held-out PSNR (\d+\.\d\d) dB, SSIM (\d\.\d{3})");
        Assert.True(printed.Success, result.KeyNumbers);
        // Independent re-measurement: the written .ply through the preview renderer at every held-out camera, against
        // the known scene rendered there (the trainer's own report uses its differentiable rasteriser instead).
        var trained = Augment.Splat.SplatFile.Load(folder.File(SplatTrainStep.SceneFileName), cancellationToken: TestContext.Current.CancellationToken);
        var truth = SplatTrainStep.GroundTruth();
        var cameras = SplatTrainStep.Cameras();
        double sum = 0;
        var heldOut = 0;
        for (var i = 0; i < cameras.Count; i++)
        {
            if (!SplatTrainStep.IsHeldOut(i))
                continue;
            using var expected = Augment.Splat.SplatRenderer.Render(truth, cameras[i], cancellationToken: TestContext.Current.CancellationToken);
            using var actual = Augment.Splat.SplatRenderer.Render(trained, cameras[i], cancellationToken: TestContext.Current.CancellationToken);
            sum += ImageQuality.Psnr(expected, actual);
            heldOut++;
        }
        var measured = sum / heldOut;
        TestContext.Current.TestOutputHelper?.WriteLine($"{result.KeyNumbers}; re-measured {measured:F2} dB");
        Assert.Equal(3, heldOut);
        Assert.True(measured >= SplatTrainStep.MinPsnrDb, $"re-measured held-out PSNR {measured:F2} dB");
        Assert.Equal(double.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), measured, 0.05);
        using var preview = Augment.Vision.ImageFile.Load(folder.File(SplatTrainStep.PreviewFileName));
        Assert.Equal(((2 * 3 * SplatTrainStep.ViewSize) + 4, 3 * SplatTrainStep.ViewSize), (preview.Width, preview.Height));
    }

    private static readonly string[] ExpectedFiles =
    [
        TestImageStep.FileName,
        SharpenTiledStep.FileName, SharpenTiledStep.ModelFileName,
        UpscaleTiledStep.FileName, UpscaleTiledStep.ModelFileName,
        LutGradeStep.FileName, LutGradeStep.LutFileName,
        ColorMatchStep.CastFileName, ColorMatchStep.FileName,
        RestorationStep.BeforeFileName, RestorationStep.AfterFileName, RestorationStep.SideBySideFileName,
        Path.Combine(LibraryStep.FolderName, "lib.db"), Path.Combine(LibraryStep.FolderName, "results.csv"), Path.Combine(LibraryStep.FolderName, "results.edl"),
        AudioGainChunkedStep.ToneFileName, AudioGainChunkedStep.FileName, AudioGainChunkedStep.ModelFileName,
        VoiceCleanStep.NoisyFileName, VoiceCleanStep.DenoisedFileName, VoiceCleanStep.LocationFileName, VoiceCleanStep.CleanFileName,
        StemsStep.MixFileName, Path.Combine(StemsStep.StemsFolderName, "drums.wav"), Path.Combine(StemsStep.StemsFolderName, "tonal.wav"),
        SplatSceneStep.SourceFileName, SplatSceneStep.MobileFileName, SplatSceneStep.PreviewFileName, SplatSceneStep.SheetFileName,
        SplatTrainStep.SceneFileName, SplatTrainStep.PreviewFileName,
        CredentialsStep.GradedFileName, CredentialsStep.MatchedFileName, CredentialsStep.VoiceFileName, CredentialsStep.StrippedFileName,
    ];
}
