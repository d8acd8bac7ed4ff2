using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio denoise &lt;file&gt; --out &lt;file&gt; [--reduction 12] [--gain log-mmse|wiener] [--noise-start s --noise-length s]</c>:
/// STFT-domain speech noise reduction (minimum statistics, decision-directed SNR); the WAV is written atomically.
/// </summary>
internal static class DenoiseCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var reduction = new Option<double>("--reduction") { Description = "Most attenuation of any frequency bin, dB (0 to 60).", HelpName = "dB", DefaultValueFactory = _ => 12 };
        var gain = new Option<string>("--gain") { Description = "Gain rule per bin.", HelpName = "rule", DefaultValueFactory = _ => "log-mmse" };
        gain.AcceptOnlyFromAmong("log-mmse", "wiener");
        var noiseStart = new Option<double?>("--noise-start") { Description = "Start of a noise-only stretch, seconds: the noise spectrum is measured there instead of tracked.", HelpName = "s" };
        var noiseLength = new Option<double>("--noise-length") { Description = "Length of the noise-only stretch, seconds.", HelpName = "s", DefaultValueFactory = _ => 0.5 };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("denoise", "Speech noise reduction in the STFT domain (minimum statistics + log-MMSE/Wiener gain); writes a WAV atomically.")
        {
            output, reduction, gain, noiseStart, noiseLength, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            var reductionDb = parseResult.GetValue(reduction);
            if (!double.IsFinite(reductionDb) || reductionDb < 0 || reductionDb > 60)
                throw new ArgumentException($"--reduction: {reductionDb.ToString(CultureInfo.InvariantCulture)} is not between 0 and 60 dB.");
            var start = parseResult.GetValue(noiseStart);
            var length = parseResult.GetValue(noiseLength);
            if (start is { } s && (!double.IsFinite(s) || s < 0))
                throw new ArgumentException($"--noise-start: {s.ToString(CultureInfo.InvariantCulture)} is not a time in seconds at or after 0.");
            if (!double.IsFinite(length) || length <= 0 || length > 600)
                throw new ArgumentException($"--noise-length: {length.ToString(CultureInfo.InvariantCulture)} is not between 0 and 600 seconds.");
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is the input file; write the result to another file.");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            var rule = parseResult.GetValue(gain) == "wiener" ? NoiseReductionGain.Wiener : NoiseReductionGain.LogMmse;
            var reducer = new NoiseReducer(new NoiseReducerOptions
            {
                ReductionDb = reductionDb,
                Gain = rule,
                NoiseRegionStart = start is { } t ? TimeSpan.FromSeconds(t) : null,
                NoiseRegionDuration = TimeSpan.FromSeconds(length),
            });
            var frames = reducer.ApplyToFile(inputPath, outputPath, cancellationToken: cancellationToken);
            var noise = start is { } from
                ? string.Create(CultureInfo.InvariantCulture, $"noise measured at {from:0.###}-{from + length:0.###} s")
                : "noise tracked (minimum statistics)";
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"denoise {inputPath} -> {outputPath}: {frames} frames written; reduction up to {reductionDb:0.#} dB, {(rule == NoiseReductionGain.Wiener ? "wiener" : "log-mmse")} gain, {noise}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
