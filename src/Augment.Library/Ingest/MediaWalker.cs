namespace Augment.Library;

/// <summary>
/// Lists the media files under a folder: recursive, depth first, entries in ordinal name order (so two walks of the
/// same tree give the same list on every platform), hidden files and folders skipped (a name starting with '.' or the
/// hidden attribute: macOS "._" resource forks, .git, thumbnail caches), symbolic links to folders followed once
/// (a link back to a folder already walked, a loop, is skipped).
/// </summary>
internal static class MediaWalker
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".gif",
    };

    private static readonly HashSet<string> VideoExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".mov", ".m4v", ".mkv", ".avi", ".webm", ".mxf", ".y4m",
    };

    /// <summary>The kind a path's extension names, or null when it is not a media file the scanner reads.</summary>
    public static AssetKind? KindOf(string path)
    {
        var extension = Path.GetExtension(path);
        if (ImageExtensions.Contains(extension))
            return AssetKind.Image;
        if (VideoExtensions.Contains(extension))
            return AssetKind.Video;
        return null;
    }

    /// <summary>Full paths of the media files under <paramref name="folder"/>, in walk order.</summary>
    public static List<string> Walk(string folder, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(Path.GetFullPath(folder));
        if (!root.Exists)
            throw new DirectoryNotFoundException($"'{root.FullName}' is not a folder.");
        var files = new List<string>();
        // Real (link-resolved) paths of the folders walked: a link whose target is among them is a loop or a repeat.
        var visited = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        WalkFolder(root, RealPath(root), visited, files, cancellationToken);
        return files;
    }

    private static void WalkFolder(DirectoryInfo folder, string realPath, HashSet<string> visited, List<string> files, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!visited.Add(realPath))
            return;
        FileSystemInfo[] entries;
        try
        {
            entries = folder.GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // An unreadable folder is left out; its files are not "gone", so nothing under it is removed either
            // (removal checks each stored path on disk).
            return;
        }
        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            if (IsHidden(entry))
                continue;
            if (entry is DirectoryInfo child)
            {
                var childReal = child.LinkTarget is null ? Path.Combine(realPath, child.Name) : RealPath(child);
                WalkFolder(child, childReal, visited, files, cancellationToken);
            }
            else if (KindOf(entry.Name) is not null)
            {
                files.Add(entry.FullName);
            }
        }
    }

    private static bool IsHidden(FileSystemInfo entry) =>
        entry.Name.StartsWith('.') || (entry.Attributes & FileAttributes.Hidden) != 0;

    private static string RealPath(DirectoryInfo folder)
    {
        try
        {
            return folder.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder.FullName;
        }
        catch (IOException)
        {
            return folder.FullName;
        }
    }
}
