using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment audio</c>: sound verbs from Augment.Audio (loudness metering, normalisation, convolution reverb and noise reduction so far).</summary>
internal static class AudioCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("audio", "Audio: measure and normalise loudness (EBU R128 / ITU-R BS.1770-4), add convolution reverb, reduce noise.")
        {
            LoudnessCommand.Create(context),
            NormalizeCommand.Create(context),
            ReverbCommand.Create(context),
            DenoiseCommand.Create(context),
            VadCommand.Create(context),
        };
    }
}
