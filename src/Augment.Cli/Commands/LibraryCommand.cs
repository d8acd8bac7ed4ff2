using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment library</c>: the asset-library verbs (Augment.Library, shots from Augment.Vision).</summary>
internal static class LibraryCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("library", "Asset library: index folders of images and videos, search them by words or example, find duplicates and shots.")
        {
            LibraryScanCommand.Create(context),
            LibrarySearchCommand.Create(context),
            LibraryDupesCommand.Create(context),
            LibraryShotsCommand.Create(context),
        };
    }
}
