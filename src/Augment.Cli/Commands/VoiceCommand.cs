using System.CommandLine;
using System.Globalization;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio voice stretch|shift|splice|convert ...</c>: voice tools (phase-vocoder time-stretch and
/// pitch-shift with formant preservation, word-level splice, RVC voice conversion). Further sub-verbs add
/// their own <c>Voice*Command.Create(context)</c> line here.
/// </summary>
internal static class VoiceCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("voice", "Voice tools: time-stretch and pitch-shift (phase vocoder, formants kept on request), word-level splice of a new recording into a take, voice conversion through RVC-style ONNX models.")
        {
            VoiceStretchCommand.Create(context),
            VoiceShiftCommand.Create(context),
            VoiceSpliceCommand.Create(context),
            VoiceConvertCommand.Create(context),
        };
    }

    /// <summary>Checks that the input exists and differs from the output, and creates the output's folder.</summary>
    /// <summary><c>--method vocoder|psola</c> of <c>voice stretch</c> and <c>voice shift</c> (default vocoder).</summary>
    internal static Option<string> MethodOption()
    {
        var method = new Option<string>("--method")
        {
            Description = "vocoder: phase vocoder (any sound, stereo image kept); psola: pitch-synchronous overlap-add (one speaking voice; formants kept).",
            HelpName = "vocoder|psola",
            DefaultValueFactory = _ => "vocoder",
        };
        method.AcceptOnlyFromAmong("vocoder", "psola");
        return method;
    }

    internal static void CheckPaths(string inputPath, string outputPath, string inputName = "input")
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"{inputName} '{inputPath}' does not exist.", inputPath);
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"--out: '{outputPath}' is the {inputName} file; write the result to another file.");
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }

    internal static string Number(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
