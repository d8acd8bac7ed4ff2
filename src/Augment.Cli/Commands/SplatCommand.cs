using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment splat</c>: Gaussian-splat scene verbs from Augment.Splat (inspect, convert between formats, clean, compress, render) and Augment.Splat.Training (frames, capture, train).</summary>
internal static class SplatCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("splat", "Gaussian-splat scenes: inspect, convert between .ply/.splat/.spz/.compressed.ply/.sog, clean, compress for mobile, render previews; select frames from a captured video, recover camera poses and train a scene from them.")
        {
            SplatInfoCommand.Create(context),
            SplatConvertCommand.Create(context),
            SplatCleanCommand.Create(context),
            SplatCompressCommand.Create(context),
            SplatRenderCommand.Create(context),
            SplatFramesCommand.Create(context),
            SplatCaptureCommand.Create(context),
            SplatTrainCommand.Create(context),
        };
    }
}
