using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment splat</c>: Gaussian-splat scene verbs from Augment.Splat (inspect, convert between formats, clean, compress, render).</summary>
internal static class SplatCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("splat", "Gaussian-splat scenes: inspect, convert between .ply/.splat/.spz/.compressed.ply/.sog, clean, compress for mobile, render previews.")
        {
            SplatInfoCommand.Create(context),
            SplatConvertCommand.Create(context),
            SplatCleanCommand.Create(context),
            SplatCompressCommand.Create(context),
            SplatRenderCommand.Create(context),
            SplatTrainCommand.Create(context),
        };
    }
}
