using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio voice shift &lt;file&gt; --semitones N [--method vocoder|psola] [--preserve-formants] [--voice-f0 Hz] --out &lt;file&gt;</c>:
/// changes pitch by N semitones (−24..24) without changing duration. PSOLA keeps formants by construction.
/// </summary>
internal static class VoiceShiftCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var semitones = new Option<double>("--semitones") { Description = "Pitch shift in semitones, -24 to 24 (fractions allowed; 12 = an octave up).", HelpName = "N", Required = true };
        var formants = new Option<bool>("--preserve-formants") { Description = "Keep the spectral envelope (formants) in place so a voice keeps its character (true envelope, Röbel & Rodet 2005)." };
        var voiceF0 = new Option<double>("--voice-f0") { Description = "The voice's typical f0 in Hz (50 to 1000), which sets the formant envelope's resolution.", HelpName = "Hz", DefaultValueFactory = _ => 150 };
        var method = VoiceCommand.MethodOption();
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg), any rate and channels.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("shift", "Pitch-shift without changing duration (phase vocoder + resampling), optionally keeping formants.")
        {
            output, semitones, method, formants, voiceF0, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            var n = parseResult.GetValue(semitones);
            if (!(Math.Abs(n) <= PhaseVocoder.MaxSemitones))
                throw new ArgumentException($"--semitones: {n.ToString(CultureInfo.InvariantCulture)} is not between -24 and 24.");
            var f0 = parseResult.GetValue(voiceF0);
            if (!(f0 >= 50 && f0 <= 1000))
                throw new ArgumentException($"--voice-f0: {f0.ToString(CultureInfo.InvariantCulture)} Hz is not between 50 and 1000.");
            VoiceCommand.CheckPaths(inputPath, outputPath);
            var psola = parseResult.GetValue(method) == "psola";
            var keep = psola || parseResult.GetValue(formants);
            var options = PhaseVocoderOptions.Default with { PreserveFormants = keep, EnvelopeF0Hz = f0 };
            using var audio = AudioFile.Load(inputPath, cancellationToken: cancellationToken);
            using var shifted = psola
                ? Psola.PitchShift(audio, n, cancellationToken)
                : new PhaseVocoder(options).ShiftPitch(audio, n, cancellationToken: cancellationToken);
            AudioFile.SaveWav(shifted, outputPath);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"shift {inputPath} -> {outputPath}: {n:+0.##;-0.##;0} semitones (x{Math.Pow(2, n / 12):0.####} in frequency), {shifted.Frames} frames, {(psola ? "PSOLA" : "phase vocoder")}, formants {(keep ? "preserved" : "moved with the pitch")}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
