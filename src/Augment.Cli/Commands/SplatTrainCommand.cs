using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Augment.Splat;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;
using Augment.Splat.Training;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat train &lt;capture folder&gt; --out &lt;scene.ply|.spz&gt; [--iterations N] [--sh-degree d] [--hold-out n]
/// [--no-cleansing] [--max-gaussians n] [--background r,g,b] [--seed s] [--checkpoint-every n] [--resume file]
/// [--preset phone] [--max-image-side N] [--clean standard|strict|none] [--compress mobile|small] [--keep-trained file]
/// [--previews folder] [--no-previews] [--device cpu|auto|cuda] [--json]</c>:
/// trains a Gaussian-splat scene from a capture folder (what <c>augment splat capture</c> writes, any COLMAP workspace or
/// model folder, or a nerfstudio <c>transforms.json</c> + images with <c>points3D.txt</c> or a point <c>.ply</c> beside
/// it), then delivers it through <see cref="SceneDelivery"/>: cleaned with a preset, compressed with a preset when asked,
/// written atomically, read back and graded on the held-out photos, with preview PNGs (default folder <c>&lt;out&gt;.previews</c>). <c>--preset phone</c> is <see cref="SplatTrainerOptions.PhoneCapture"/> with images
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
        var clean = new Option<string>("--clean") { Description = "Cleaning preset before writing: standard (non-finite, degenerate, invisible splats, floaters), strict (also statistical outliers) or none.", HelpName = "standard|strict|none", DefaultValueFactory = _ => "standard" };
        clean.AcceptOnlyFromAmong("standard", "strict", "none");
        var compress = new Option<string?>("--compress") { Description = "Compression preset for the written scene (mobile or small; pair with a .sog or .spz output); default: none.", HelpName = "mobile|small" };
        compress.AcceptOnlyFromAmong("mobile", "small");
        var keepTrained = new Option<string?>("--keep-trained") { Description = "Also write the scene as trained, before cleaning and compression (e.g. scene-full.ply).", HelpName = "file" };
        keepTrained.AcceptLegalFilePathsOnly();
        var previews = new Option<string?>("--previews") { Description = "Folder for the held-out previews (render and photo | render PNGs per view); default <out>.previews.", HelpName = "folder" };
        previews.AcceptLegalFilePathsOnly();
        var noPreviews = new Option<bool>("--no-previews") { Description = "Write no preview PNGs (held-out views are still graded)." };
        var device = new Option<string>("--device") { Description = "Where to rasterise: cpu (default; deterministic), auto (CUDA through ILGPU when a device is found, else the CPU) or cuda. The GPU path is not yet verified on GPU hardware.", HelpName = "cpu|auto|cuda", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var json = new Option<bool>("--json") { Description = "Print the training and delivery report as JSON." };
        var input = new Argument<string>("capture") { Description = "A capture folder: a COLMAP workspace or model (sparse/0, images/), or transforms.json (nerfstudio / instant-ngp) with its images.", HelpName = "capture folder" };
        var command = new Command("train", "Train a Gaussian-splat scene from posed images (a COLMAP or nerfstudio capture folder).")
        {
            output, iterations, shDegree, holdOut, noCleansing, maxGaussians, background, seed, checkpointEvery, resume, preset, maxImageSide,
            clean, compress, keepTrained, previews, noPreviews, device, json, input,
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
            var trainedPath = parseResult.GetValue(keepTrained);
            if (trainedPath is not null)
            {
                _ = SplatFile.FormatFromExtension(trainedPath);
                if (string.Equals(Path.GetFullPath(trainedPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                    throw new ArgumentException($"--keep-trained: '{trainedPath}' is the --out file; give the trained scene another name.");
            }
            var cleaningName = parseResult.GetValue(clean) ?? "standard";
            var delivery = new SceneDeliveryOptions
            {
                Cleaning = cleaningName == "none" ? null : CleaningPreset.Named(cleaningName),
                Compression = parseResult.GetValue(compress) is { } compression ? CompressionPreset.Named(compression) : null,
                TrainedPath = trainedPath,
                PreviewFolder = parseResult.GetValue(noPreviews) ? null : parseResult.GetValue(previews) ?? Path.GetFullPath(outputPath) + ".previews",
                Background = back,
            };

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
                Device = parseResult.GetValue(device) switch { "auto" => TrainingDevice.Auto, "cuda" => TrainingDevice.Cuda, _ => TrainingDevice.Cpu },
            };
            TrainingResult result;
            DeliveryReport delivered;
            try
            {
                result = CliProgress.Run(context, "train", progress => new SplatTrainer(options).Train(capture.Views, capture.Initial, progress, cancellationToken));
                delivered = CliProgress.Run(context, "deliver", progress => SceneDelivery.Deliver(result, capture.Views, outputPath, delivery, progress, cancellationToken));
            }
            finally
            {
                foreach (var view in capture.Views)
                    view.Target.Dispose();
            }
            var report = result.Report;
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(folder, outputPath, capture, result, delivered));
            }
            else
            {
                var quality = report.HeldOut.Count > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"held-out PSNR {report.MeanPsnr:0.00} dB, SSIM {report.MeanSsim:0.0000} over {report.HeldOut.Count} views")
                    : "no held-out views";
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"train {folder} -> {outputPath}: {report.Iterations} iterations, {capture.Initial.Count:N0} -> {result.Scene.Count:N0} Gaussians (initial points: {capture.PointSource}), {quality}, cleansed {report.CleansedFraction:P1}, skipped {report.SkippedSteps} steps, {report.Elapsed.TotalSeconds:0.0} s on {report.Device}"));
                WriteDelivery(context, delivered);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Longest image side of <c>--preset phone</c> (a 1920x1080 frame trains at 960x540).</summary>
    public const int PhoneImageSide = 960;

    private static bool Given(ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    private static void WriteDelivery(CliContext context, DeliveryReport delivered)
    {
        if (delivered.Cleaning is { } cleaning)
        {
            var steps = string.Join(", ", cleaning.Steps.Where(s => s.Removed > 0).Select(s => $"{s.Name}: {s.Removed:N0}"));
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clean: {cleaning.InputCount:N0} -> {cleaning.OutputCount:N0} splats{(steps.Length > 0 ? $" ({steps})" : "")}"));
        }
        if (delivered.Compression is { } compression)
        {
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compress ({compression.Preset}): {compression.SplatsIn:N0} -> {compression.SplatsOut:N0} splats, {compression.Ratio:0.0}x smaller than the trained PLY"));
        }
        var grade = delivered.HeldOut.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $", held-out PSNR {delivered.MeanPsnr:0.00} dB, SSIM {delivered.MeanSsim:0.0000} as delivered")
            : "";
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {delivered.OutputPath}: {SplatInfoCommand.FormatName(delivered.Format)}, {delivered.Splats:N0} splats, {delivered.OutputBytes:N0} bytes{grade}"));
        if (delivered.TrainedPath is { } trained)
            context.Output.WriteLine($"trained scene: {trained}");
        var previews = delivered.HeldOut.Where(v => v.ComparisonPath is not null).Select(v => v.ComparisonPath!).ToList();
        if (delivered.ContactSheet is { } sheet)
            previews.Add(sheet);
        if (previews.Count > 0)
            context.Output.WriteLine($"previews: {Path.GetDirectoryName(previews[0])} ({previews.Count} comparison{(previews.Count == 1 ? "" : "s")})");
    }

    internal static string ToJson(string folder, string outputPath, TrainingCapture capture, TrainingResult result, DeliveryReport delivered)
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
            writer.WriteFinite("meanPsnrDb", report.MeanPsnr);
            writer.WriteFinite("meanSsim", report.MeanSsim);
            writer.WriteFinite("cleansedFraction", report.CleansedFraction);
            writer.WriteFinite("finalLoss", report.FinalLoss);
            writer.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            writer.WriteString("device", report.Device);
            writer.WriteStartArray("heldOut");
            foreach (var view in report.HeldOut)
            {
                writer.WriteStartObject();
                writer.WriteString("name", view.Name);
                writer.WriteFinite("psnrDb", view.Psnr);
                writer.WriteFinite("ssim", view.Ssim);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("suppression");
            foreach (var view in report.Suppression)
            {
                writer.WriteStartObject();
                writer.WriteString("name", view.Name);
                writer.WriteFinite("maskedFraction", view.MaskedFraction);
                writer.WriteFinite("cleansedFraction", view.CleansedFraction);
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
            WriteDelivery(writer, delivered);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteDelivery(Utf8JsonWriter writer, DeliveryReport delivered)
    {
        writer.WriteStartObject("delivered");
        writer.WriteString("output", delivered.OutputPath);
        writer.WriteString("format", SplatInfoCommand.FormatName(delivered.Format));
        writer.WriteNumber("bytes", delivered.OutputBytes);
        writer.WriteNumber("splats", delivered.Splats);
        writer.WriteStringOrNull("trainedScene", delivered.TrainedPath);
        writer.WriteFinite("meanPsnrDb", delivered.MeanPsnr);
        writer.WriteFinite("meanSsim", delivered.MeanSsim);
        writer.WriteStartArray("cleaning");
        foreach (var step in delivered.Cleaning?.Steps ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("name", step.Name);
            writer.WriteNumber("removed", step.Removed);
            writer.WriteNumber("remaining", step.Remaining);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (delivered.Compression is { } compression)
        {
            writer.WriteStartObject("compression");
            writer.WriteString("preset", compression.Preset);
            writer.WriteNumber("splatsIn", compression.SplatsIn);
            writer.WriteNumber("splatsOut", compression.SplatsOut);
            writer.WriteNumber("sourceBytes", compression.SourceBytes);
            writer.WriteFinite("ratio", compression.Ratio);
            writer.WriteFinite("meanPsnrDbAgainstTrained", compression.MeanPsnrDb);
            writer.WriteFinite("referencePsnrDropDb", compression.ReferencePsnrDropDb ?? double.NaN);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("compression");
        }
        writer.WriteStartArray("heldOut");
        foreach (var view in delivered.HeldOut)
        {
            writer.WriteStartObject();
            writer.WriteString("name", view.Name);
            writer.WriteFinite("psnrDb", view.Psnr);
            writer.WriteFinite("ssim", view.Ssim);
            writer.WriteStringOrNull("render", view.RenderPath);
            writer.WriteStringOrNull("comparison", view.ComparisonPath);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStringOrNull("contactSheet", delivered.ContactSheet);
        writer.WriteEndObject();
    }
}
