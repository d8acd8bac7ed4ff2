using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment library</c>: media-library analysis verbs from Augment.Vision.</summary>
internal static class LibraryCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("library", "Media library: analyse videos (shot boundaries).")
        {
            LibraryShotsCommand.Create(context),
        };
    }
}
