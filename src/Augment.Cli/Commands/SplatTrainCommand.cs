using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat train &lt;capture folder&gt; --out &lt;scene.ply|.spz&gt; [--iterations N] [--sh-degree d] [--hold-out n]
/// [--no-cleansing] [--max-gaussians n] [--background r,g,b] [--seed s] [--checkpoint-every n] [--resume file]
/// [--preset phone] [--max-image-side N] [--json]</c>:
/// trains a Gaussian-splat scene from a capture folder (what <c>augment splat capture</c> writes, any COLMAP workspace or
/// model folder, or a nerfstudio <c>transforms.json</c> + images with <c>points3D.txt</c> or a point <c>.ply</c> beside
/// it) and writes it atomically. <c>--preset phone</c> is <see cref="SplatTrainerOptions.PhoneCapture"/> with images
/// shrunk to 960 pixels on their longest side; flags given explicitly override the preset's values.
/// </summary>
internal static class SplatTrainCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out") { Description = "The trained scene (.ply, .spz, .splat, .compressed.ply, .sog; written atomically).", HelpName = "scene", Required = true };
        output.AcceptLegalFilePathsOnly();
        var iterations = new Option<int>("--iterations") { Description = "Optimisation steps (3DGS uses 30000; 7000 is its quick setting).", HelpName = "N", DefaultValueFactory = _ => 7000 };
        var shDegree = new Option<int>("--sh-degree") { Description = "Highest spherical-harmonic degree trained (0-3).", HelpName = "0-3", DefaultValueFactory = _ => 3 };
        var holdOut = new Option<int>("--hold-out") { Description = "Hold out every n-th frame for the PSNR/SSIM report (0: none).", HelpName = "n", DefaultValueFactory = _ => 8 };
        var noCleansing = new Option<bool>("--no-cleansing") { Description = "Turn off transient removal (robust per-pixel loss weights)." };
        var maxGaussians = new Option<int>("--max-gaussians") { Description = "Cap on the Gaussian count while densifying.", HelpName = "n", DefaultValueFactory = _ => 1_000_000 };
        var background = new Option<string?>("--background") { Description = "Background colour r,g,b in [0, 1] (default 0,0,0; transparent pixels are composited over it).", HelpName = "r,g,b" };
        var seed = new Option<int>("--seed") { Description = "Seed of the view order, splits and random initial points.", HelpName = "n", DefaultValueFactory = _ => 1 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write <out>.checkpoints/checkpoint.augckpt every n iterations (0: never).", HelpName = "n" };
        var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint file written by --checkpoint-every.", HelpName = "file" };
        var preset = new Option<string?>("--preset") { Description = "phone: a phone video capture (7000+ iterations, SH degree 2, at most 400000 Gaussians, images at most 960 px); explicit flags override it.", HelpName = "phone" };
        preset.AcceptOnlyFromAmong("phone");
        var maxImageSide = new Option<int>("--max-image-side") { Description = "Shrink images (area average) so their longest side is at most N pixels, scaling the cameras to match (0: keep; --preset phone: 960).", HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print the training report as JSON." };
        var input = new Argument<string>("capture") { Description = "A capture folder: a COLMAP workspace or model (sparse/0, images/), or transforms.json (nerfstudio / instant-ngp) with its images.", HelpName = "capture folder" };
        var command = new Command("train", "Train a Gaussian-splat scene from posed images (a COLMAP or nerfstudio capture folder).")
        {
            output, iterations, shDegree, holdOut, noCleansing, maxGaussians, background, seed, checkpointEvery, resume, preset, maxImageSide, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var folder = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"capture folder '{folder}' does not exist.");
            var n = parseResult.GetValue(iterations);
            if (n < 1 || n > 1_000_000)
                throw new ArgumentException($"--iterations: {n} must be 1 to 1000000.");
            var degree = parseResult.GetValue(shDegree);
            if (degree is < 0 or > GaussianCloud.MaxShDegree)
                throw new ArgumentException($"--sh-degree: {degree} must be 0 to {GaussianCloud.MaxShDegree}.");
            var every = parseResult.GetValue(holdOut);
            if (every < 0)
                throw new ArgumentException($"--hold-out: {every} must be 0 or more.");
            var cap = parseResult.GetValue(maxGaussians);
            if (cap < 1)
                throw new ArgumentException($"--max-gaussians: {cap} must be at least 1.");
            var checkpoints = parseResult.GetValue(checkpointEvery);
            if (checkpoints < 0)
                throw new ArgumentException($"--checkpoint-every: {checkpoints} must be 0 or more.");
            var resumePath = parseResult.GetValue(resume);
            if (resumePath is not null && !File.Exists(resumePath))
                throw new FileNotFoundException($"--resume: checkpoint '{resumePath}' does not exist.", resumePath);
            var back = Vector3.Zero;
            if (parseResult.GetValue(background) is { } text)
            {
                var v = NumberList.Parse("--background", text, 3);
                back = new Vector3(v[0], v[1], v[2]);
                if (back.X is < 0 or > 1 || back.Y is < 0 or > 1 || back.Z is < 0 or > 1)
                    throw new ArgumentException($"--background: '{text}' must be three numbers in [0, 1].");
            }
            var side = parseResult.GetValue(maxImageSide);
            if (side < 0)
                throw new ArgumentException($"--max-image-side: {side} must be 0 or more.");
            var phone = parseResult.GetValue(preset) == "phone";
            if (phone && !Given(parseResult, maxImageSide))
                side = PhoneImageSide;
            _ = SplatFile.FormatFromExtension(outputPath); // unknown extension: fail before training

            var capture = TrainingCapture.Load(folder, every, back, seed: parseResult.GetValue(seed), maxImageSide: side);
            foreach (var warning in capture.Warnings)
                context.Error.WriteLine($"warning: {warning}");
            if (phone)
            {
                // The preset's values, unless the flag was given.
                var phoneOptions = SplatTrainerOptions.PhoneCapture(capture.Views.Count);
                if (!Given(parseResult, iterations))
                    n = phoneOptions.Iterations;
                if (!Given(parseResult, shDegree))
                    degree = phoneOptions.ShDegree;
                if (!Given(parseResult, maxGaussians))
                    cap = SplatTrainerOptions.PhoneMaxGaussians;
            }
            var options = new SplatTrainerOptions
            {
                Iterations = n,
                ShDegree = degree,
                Background = back,
                Seed = parseResult.GetValue(seed),
                Cleansing = parseResult.GetValue(noCleansing) ? null : new CleansingOptions(),
                Density = DensityControlOptions.ForIterations(n) with { MaxGaussians = cap },
                CheckpointInterval = checkpoints,
                CheckpointFolder = checkpoints > 0 ? Path.GetFullPath(outputPath) + ".checkpoints" : null,
                ResumeFrom = resumePath,
            };
            var result = CliProgress.Run(context, "train", progress => new SplatTrainer(options).Train(capture.Views, capture.Initial, progress, cancellationToken));
            foreach (var view in capture.Views)
                view.Target.Dispose();
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            SplatFile.Save(result.Scene, outputPath, cancellationToken: cancellationToken);
            var report = result.Report;
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(folder, outputPath, capture, result));
            }
            else
            {
                var quality = report.HeldOut.Count > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"held-out PSNR {report.MeanPsnr:0.00} dB, SSIM {report.MeanSsim:0.0000} over {report.HeldOut.Count} views")
                    : "no held-out views";
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"train {folder} -> {outputPath}: {report.Iterations} iterations, {capture.Initial.Count:N0} -> {result.Scene.Count:N0} Gaussians (initial points: {capture.PointSource}), {quality}, cleansed {report.CleansedFraction:P1}, skipped {report.SkippedSteps} steps, {report.Elapsed.TotalSeconds:0.0} s"));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Longest image side of <c>--preset phone</c> (a 1920x1080 frame trains at 960x540).</summary>
    public const int PhoneImageSide = 960;

    private static bool Given(ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    internal static string ToJson(string folder, string outputPath, TrainingCapture capture, TrainingResult result)
    {
        var report = result.Report;
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("input", folder);
            writer.WriteString("output", outputPath);
            writer.WriteString("initialPoints", capture.PointSource);
            writer.WriteNumber("iterations", report.Iterations);
            writer.WriteNumber("shDegree", result.Scene.ShDegree);
            writer.WriteNumber("imageWidth", capture.Views[0].Camera.Width);
            writer.WriteNumber("imageHeight", capture.Views[0].Camera.Height);
            writer.WriteNumber("resumedFrom", report.ResumedFrom);
            writer.WriteNumber("gaussiansIn", capture.Initial.Count);
            writer.WriteNumber("gaussiansOut", result.Scene.Count);
            writer.WriteNumber("cloned", report.Cloned);
            writer.WriteNumber("split", report.Split);
            writer.WriteNumber("pruned", report.Pruned);
            writer.WriteNumber("skippedSteps", report.SkippedSteps);
            Number(writer, "meanPsnrDb", report.MeanPsnr);
            Number(writer, "meanSsim", report.MeanSsim);
            Number(writer, "cleansedFraction", report.CleansedFraction);
            Number(writer, "finalLoss", report.FinalLoss);
            writer.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            writer.WriteStartArray("heldOut");
            foreach (var view in report.HeldOut)
            {
                writer.WriteStartObject();
                writer.WriteString("name", view.Name);
                Number(writer, "psnrDb", view.Psnr);
                Number(writer, "ssim", view.Ssim);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("suppression");
            foreach (var view in report.Suppression)
            {
                writer.WriteStartObject();
                writer.WriteString("name", view.Name);
                Number(writer, "maskedFraction", view.MaskedFraction);
                Number(writer, "cleansedFraction", view.CleansedFraction);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("gaussianCounts");
            foreach (var sample in report.GaussianCounts)
            {
                writer.WriteStartObject();
                writer.WriteNumber("iteration", sample.Iteration);
                writer.WriteNumber("count", sample.Count);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumber(name, Math.Round(value, 6));
        else
            writer.WriteNull(name);
    }
}
