using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment image</c>: still-image restoration verbs from Augment.Vision.</summary>
internal static class ImageCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("image", "Images: resize, denoise, upscale, content-aware fill and canvas extension, style transfer and film look, AI-artifact inspection.")
        {
            ImageResizeCommand.Create(context),
            ImageDenoiseCommand.Create(context),
            UpscaleCommand.Create(context),
            FillCommand.Create(context),
            ExtendCommand.Create(context),
            StyleCommand.Create(context),
            InspectCommand.Create(context),
        };
    }
}
