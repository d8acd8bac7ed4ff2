using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment audio</c>: sound verbs from Augment.Audio (loudness metering, normalisation and convolution reverb so far).</summary>
internal static class AudioCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("audio", "Audio: measure loudness (EBU R128 / ITU-R BS.1770-4) and normalise to a loudness target.")
        {
            LoudnessCommand.Create(context),
            NormalizeCommand.Create(context),
            ReverbCommand.Create(context),
        };
    }
}
