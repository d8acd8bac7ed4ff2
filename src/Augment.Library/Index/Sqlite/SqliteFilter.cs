using Microsoft.Data.Sqlite;

namespace Augment.Library;

/// <summary>Turns an <see cref="AssetFilter"/> into a SQL condition on the <c>assets</c> row aliased <c>a</c>.</summary>
internal static class SqliteFilter
{
    /// <summary>Whether the filter leaves out nothing but failed files (which hold no shots, tags or embeddings).</summary>
    public static bool OnlyHidesFailures(AssetFilter? filter) =>
        filter is null || filter with { IncludeFailed = false } == AssetFilter.None;

    /// <summary>The condition, with its parameters added to <paramref name="command"/> (names start with $f_).</summary>
    public static string Where(AssetFilter? filter, SqliteCommand command)
    {
        filter ??= AssetFilter.None;
        var parts = new List<string>();
        if (!filter.IncludeFailed)
            parts.Add("a.error IS NULL");
        if (filter.Kind is { } kind)
            Add("a.kind = $f_kind", "$f_kind", (long)kind);
        if (filter.MinDuration is { } minDuration)
            Add("a.duration_ticks >= $f_min_duration", "$f_min_duration", minDuration.Ticks);
        if (filter.MaxDuration is { } maxDuration)
            Add("a.duration_ticks <= $f_max_duration", "$f_max_duration", maxDuration.Ticks);
        if (filter.MinWidth is { } minWidth)
            Add("a.width >= $f_min_width", "$f_min_width", (long)minWidth);
        if (filter.MinHeight is { } minHeight)
            Add("a.height >= $f_min_height", "$f_min_height", (long)minHeight);
        if (filter.From is { } from)
            Add("a.date_ticks >= $f_from", "$f_from", SqliteValues.UtcTicks(from));
        if (filter.Until is { } until)
            Add("a.date_ticks < $f_until", "$f_until", SqliteValues.UtcTicks(until));
        if (filter.Folder is { } folder)
        {
            // A plain range on the path (no LIKE, so '%' and '_' in folder names are ordinary characters): the paths
            // that start with "folder/" sort (UTF-8 byte order, SQLite's BINARY collation) from "folder/" up to but
            // not including "folder0", '0' being the byte after '/' (or ']' after '\').
            var prefix = FolderPrefix(folder);
            var upper = prefix[..^1] + (char)(prefix[^1] + 1);
            parts.Add("a.path >= $f_folder_low AND a.path < $f_folder_high");
            command.Parameters.AddWithValue("$f_folder_low", prefix);
            command.Parameters.AddWithValue("$f_folder_high", upper);
        }
        return parts.Count == 0 ? "1" : string.Join(" AND ", parts);

        void Add(string condition, string name, long value)
        {
            parts.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
    }

    /// <summary>The folder with its trailing separator: kept when given, else '\' for a folder written with
    /// backslashes only, '/' otherwise.</summary>
    public static string FolderPrefix(string folder)
    {
        if (folder.Length > 0 && (folder[^1] == '/' || folder[^1] == '\\'))
            return folder;
        var separator = folder.Contains('\\', StringComparison.Ordinal) && !folder.Contains('/', StringComparison.Ordinal) ? '\\' : '/';
        return folder + separator;
    }
}
