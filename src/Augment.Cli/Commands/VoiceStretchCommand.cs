using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio voice stretch &lt;file&gt; --factor F --out &lt;file&gt; [--method vocoder|psola] [--no-phase-locking]</c>:
/// changes duration by F (0.25..4; 2 = twice as long) without changing pitch; the output holds round(F × frames) frames.
/// The phase vocoder suits any sound; PSOLA (pitch-synchronous grains) suits a single speaking voice.
/// </summary>
internal static class VoiceStretchCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var factor = new Option<double>("--factor") { Description = "Output duration / input duration, 0.25 to 4 (2 = twice as long, half the speed).", HelpName = "F", Required = true };
        var noLocking = new Option<bool>("--no-phase-locking") { Description = "Advance every bin's phase on its own (the classic, phasier vocoder) instead of identity phase locking." };
        var method = VoiceCommand.MethodOption();
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg), any rate and channels.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("stretch", "Time-stretch without changing pitch (phase vocoder with identity phase locking; stereo image kept).")
        {
            output, factor, method, noLocking, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            var f = parseResult.GetValue(factor);
            if (!(f >= PhaseVocoder.MinFactor && f <= PhaseVocoder.MaxFactor))
                throw new ArgumentException($"--factor: {f.ToString(CultureInfo.InvariantCulture)} is not between {PhaseVocoder.MinFactor.ToString(CultureInfo.InvariantCulture)} and {PhaseVocoder.MaxFactor.ToString(CultureInfo.InvariantCulture)}.");
            VoiceCommand.CheckPaths(inputPath, outputPath);
            var psola = parseResult.GetValue(method) == "psola";
            if (psola && parseResult.GetValue(noLocking))
                throw new ArgumentException("--no-phase-locking applies to the phase vocoder; PSOLA has no phases to lock.");
            var options = PhaseVocoderOptions.Default with { PhaseLocking = parseResult.GetValue(noLocking) ? PhaseLocking.None : PhaseLocking.Identity };
            using var audio = AudioFile.Load(inputPath, cancellationToken: cancellationToken);
            using var stretched = psola
                ? Psola.TimeStretch(audio, f, cancellationToken)
                : new PhaseVocoder(options).Stretch(audio, f, cancellationToken: cancellationToken);
            AudioFile.SaveWav(stretched, outputPath);
            var how = psola ? "PSOLA" : $"phase vocoder, {(options.PhaseLocking == PhaseLocking.None ? "no" : "identity")} phase locking";
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stretch {inputPath} -> {outputPath}: x{f:0.####}, {audio.Duration.TotalSeconds:0.000} s -> {stretched.Duration.TotalSeconds:0.000} s ({stretched.Frames} frames), {how}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
