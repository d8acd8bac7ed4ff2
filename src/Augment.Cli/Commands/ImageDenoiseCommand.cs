using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image denoise &lt;in&gt; --out &lt;file&gt; [--strength S] [--method nlm|bilateral|guided] [--model m.onnx]
/// [--sigma N] [--chroma C] [--texture T]</c>: estimates and prints the noise level, removes the noise and writes the
/// result atomically (nothing is left behind on failure or Ctrl+C).
/// </summary>
internal static class ImageDenoiseCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input") { Description = "The noisy image (PNG, JPEG, TIFF, WebP, BMP, ...).", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o") { Description = "Where to write the result; the format follows the extension.", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var strength = new Option<float>("--strength") { Description = "Strength relative to the setting tuned for the noise level, 0..4 (default 1).", HelpName = "S", DefaultValueFactory = _ => 1f };
        var method = new Option<string>("--method") { Description = "nlm (non-local means, default), bilateral or guided.", HelpName = "nlm|bilateral|guided", DefaultValueFactory = _ => "nlm" };
        method.CompletionSources.Add("nlm", "bilateral", "guided");
        var model = new Option<string?>("--model") { Description = "A learned denoiser: ONNX, float NCHW [1,C,H,W] in 0..1 to the same shape in 0..1; run in tiles.", HelpName = "m.onnx" };
        var sigma = new Option<float?>("--sigma") { Description = "The noise σ in 8-bit levels (0..255) instead of the estimate.", HelpName = "N" };
        var chroma = new Option<float>("--chroma") { Description = "Chroma strength relative to luma, 0..8 (default 1.5).", HelpName = "C", DefaultValueFactory = _ => 1.5f };
        var texture = new Option<float>("--texture") { Description = "Texture preservation: share of removed detail added back in textured areas, 0..1 (default 0.15).", HelpName = "T", DefaultValueFactory = _ => 0.15f };
        var command = new Command("denoise", "Remove image noise (non-local means, bilateral, guided or an ONNX model); prints the estimated noise level.")
        {
            input, output, strength, method, model, sigma, chroma, texture,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            new DenoiseOptions
            {
                Strength = parseResult.GetValue(strength),
                Method = ParseMethod(parseResult.GetValue(method)),
                NoiseSigma = parseResult.GetValue(sigma) is { } s ? CheckSigma(s) / 255f : null,
                Chroma = parseResult.GetValue(chroma),
                PreserveTexture = parseResult.GetValue(texture),
            },
            parseResult.GetValue(model),
            cancellationToken)));
        return command;
    }

    private static float CheckSigma(float sigma255) =>
        sigma255 is >= 0 and <= 255 ? sigma255 : throw new ArgumentException($"--sigma: {sigma255.ToString(CultureInfo.InvariantCulture)} is not between 0 and 255 (8-bit levels).");

    private static DenoiseMethod ParseMethod(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "NLM" => DenoiseMethod.NonLocalMeans,
        "BILATERAL" => DenoiseMethod.Bilateral,
        "GUIDED" => DenoiseMethod.Guided,
        _ => throw new ArgumentException($"--method: '{text}' is not nlm, bilateral or guided."),
    };

    private static int Run(CliContext context, string inputPath, string outputPath, DenoiseOptions options, string? modelPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (modelPath is not null && !File.Exists(modelPath))
            throw new FileNotFoundException($"--model: '{modelPath}' does not exist.", modelPath);
        var format = ImageFile.FormatFromExtension(outputPath);
        var clock = Stopwatch.StartNew();
        using var frame = ImageFile.Load(inputPath);
        var estimate = NoiseLevel.Estimate(frame, cancellationToken: cancellationToken);
        context.Output.WriteLine(estimate.ToString());
        using var onnx = modelPath is null ? null : OnnxModel.Load(modelPath);
        options = options with { NoiseSigma = options.NoiseSigma ?? estimate.Sigma, Model = onnx };
        ImageFrame? result = null;
        var denoiseClock = new Stopwatch();
        try
        {
            VideoStreaming.WithProgress(context, "denoise", 1000, report =>
            {
                var progress = report is null ? null : new InlineProgress(p => report((int)(p.Fraction * 1000)));
                denoiseClock.Start();
                result = ImageDenoiser.Denoise(frame, options, progress, cancellationToken);
                denoiseClock.Stop();
            });
            cancellationToken.ThrowIfCancellationRequested();
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            result!.Save(outputPath, new ImageSaveOptions { Format = format });
        }
        finally
        {
            result?.Dispose();
        }
        var how = onnx is not null ? $"model {Path.GetFileName(modelPath)}" : options.Method switch
        {
            DenoiseMethod.Bilateral => "bilateral",
            DenoiseMethod.Guided => "guided",
            _ => "nlm",
        };
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"denoised {inputPath} ({frame.Width}x{frame.Height}) -> {outputPath} with {how}, sigma {options.NoiseSigma * 255:0.##}/255, strength {options.Strength:0.##}, chroma {options.Chroma:0.##}, texture {options.PreserveTexture:0.##} in {clock.Elapsed.TotalMilliseconds:N0} ms (denoise {denoiseClock.Elapsed.TotalMilliseconds:N0} ms)"));
        return ExitCodes.Success;
    }

    private sealed class InlineProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
