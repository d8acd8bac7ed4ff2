using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio measure-room &lt;recording&gt; --sweep &lt;sweep.wav&gt; --out &lt;ir.wav&gt; [--normalize peak|energy|none] [--no-trim] [--json]</c>:
/// deconvolves a recording of an exponential sweep into the room's impulse response, writes it atomically and
/// prints its ISO 3382-1 analysis.
/// </summary>
internal static class MeasureRoomCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sweep = new Option<string>("--sweep") { Description = "The sweep that was played (from `augment audio sweep`); resampled to the recording's rate if needed.", HelpName = "sweep.wav", Required = true };
        sweep.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o") { Description = "The impulse response WAV to write (float32).", HelpName = "ir.wav", Required = true };
        output.AcceptLegalFilePathsOnly();
        var normalize = new Option<string>("--normalize") { Description = "Scale of the IR: peak (largest sample 1), energy (sum of squares 1) or none (system gain).", HelpName = "mode", DefaultValueFactory = _ => "peak" };
        normalize.AcceptOnlyFromAmong("peak", "energy", "none");
        var noTrim = new Option<bool>("--no-trim") { Description = "Keep the tail after the decay meets the noise floor." };
        var json = new Option<bool>("--json") { Description = "Print the analysis as JSON (as `augment audio room --json`)." };
        var input = new Argument<string>("recording") { Description = "The microphone recording of the sweep played in the room (all channels are deconvolved).", HelpName = "recording" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("measure-room", "Measure a room's impulse response from a recording of an exponential sweep; writes the IR and prints its analysis.")
        {
            sweep, output, normalize, noTrim, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var recordingPath = parseResult.GetRequiredValue(input);
            var sweepPath = parseResult.GetRequiredValue(sweep);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(recordingPath))
                throw new FileNotFoundException($"input '{recordingPath}' does not exist.", recordingPath);
            if (!File.Exists(sweepPath))
                throw new FileNotFoundException($"--sweep: '{sweepPath}' does not exist.", sweepPath);
            if (string.Equals(Path.GetFullPath(recordingPath), Path.GetFullPath(outputPath), StringComparison.Ordinal)
                || string.Equals(Path.GetFullPath(sweepPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is an input file; write the IR to another file.");
            var mode = parseResult.GetValue(normalize) switch
            {
                "energy" => ImpulseResponseNormalization.Energy,
                "none" => ImpulseResponseNormalization.None,
                _ => ImpulseResponseNormalization.Peak,
            };
            using var recording = AudioFile.Load(recordingPath, cancellationToken: cancellationToken);
            using var played = AudioFile.Load(sweepPath, cancellationToken: cancellationToken);
            using var resampled = played.SampleRate == recording.SampleRate ? null : Resampler.Resample(played, recording.SampleRate, cancellationToken: cancellationToken);
            using var ir = SweepDeconvolution.Deconvolve(recording, resampled ?? played,
                new DeconvolutionOptions { Normalization = mode, TrimAtNoiseFloor = !parseResult.GetValue(noTrim) }, cancellationToken: cancellationToken);
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            ir.SaveWav(outputPath);
            var analysis = RoomAnalyzer.Analyze(ir, 0, cancellationToken);
            var asJson = parseResult.GetValue(json);
            if (!asJson)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"measure-room {recordingPath} (sweep {sweepPath}) -> {outputPath}: {ir.Channels} ch, {ir.Frames} frames ({ir.Duration.TotalSeconds:0.###} s)"));
            AnalyzeRoomCommand.Print(context, outputPath, ir, analysis, asJson);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
