using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment color</c>: colour verbs (grading with 3D LUTs, colour-space work) from Augment.Vision.</summary>
internal static class ColorCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("color", "Colour grading and colour science: apply 3D LUTs to images and Y4M video, match images to a reference, map SDR to HDR and back, steady flicker.")
        {
            ApplyLutCommand.Create(context),
            HdrCommand.Create(context),
            DeflickerCommand.Create(context),
            MatchCommand.Create(context),
        };
    }
}
