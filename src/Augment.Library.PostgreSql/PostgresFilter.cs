using System.Text;
using Npgsql;

namespace Augment.Library;

/// <summary>Turns an <see cref="AssetFilter"/> into SQL conditions over the assets table (alias <c>a</c>), as parameters.</summary>
internal static class PostgresFilter
{
    /// <summary>Whether the filter narrows anything beyond leaving failed files out.</summary>
    public static bool NarrowsStoredAssets(AssetFilter? filter) =>
        filter is not null && (filter.Kind is not null || filter.MinDuration is not null || filter.MaxDuration is not null ||
            filter.MinWidth is not null || filter.MinHeight is not null || filter.From is not null || filter.Until is not null ||
            filter.Folder is not null);

    /// <summary>The conditions joined by AND (never empty: "TRUE" when nothing filters); adds the parameters to <paramref name="command"/>.</summary>
    public static string Conditions(AssetFilter? filter, NpgsqlCommand command)
    {
        filter ??= AssetFilter.None;
        var sql = new StringBuilder("TRUE");
        if (!filter.IncludeFailed)
            sql.Append(" AND a.error IS NULL");
        if (filter.Kind is { } kind)
        {
            sql.Append(" AND a.kind = @f_kind");
            command.Parameters.AddWithValue("f_kind", (short)kind);
        }
        if (filter.MinDuration is { } minDuration)
        {
            sql.Append(" AND a.duration_ticks >= @f_min_duration");
            command.Parameters.AddWithValue("f_min_duration", minDuration.Ticks);
        }
        if (filter.MaxDuration is { } maxDuration)
        {
            sql.Append(" AND a.duration_ticks <= @f_max_duration");
            command.Parameters.AddWithValue("f_max_duration", maxDuration.Ticks);
        }
        if (filter.MinWidth is { } minWidth)
        {
            sql.Append(" AND a.width >= @f_min_width");
            command.Parameters.AddWithValue("f_min_width", minWidth);
        }
        if (filter.MinHeight is { } minHeight)
        {
            sql.Append(" AND a.height >= @f_min_height");
            command.Parameters.AddWithValue("f_min_height", minHeight);
        }
        if (filter.From is { } from)
        {
            sql.Append(" AND a.date_ticks >= @f_from");
            command.Parameters.AddWithValue("f_from", PostgresValues.UtcTicks(from));
        }
        if (filter.Until is { } until)
        {
            sql.Append(" AND a.date_ticks < @f_until");
            command.Parameters.AddWithValue("f_until", PostgresValues.UtcTicks(until));
        }
        if (filter.Folder is { } folder)
        {
            sql.Append(" AND starts_with(a.path, @f_folder)");
            command.Parameters.AddWithValue("f_folder", FolderPrefix(folder));
        }
        return sql.ToString();
    }

    /// <summary>The folder with its trailing '/' (the contract's separator; a plain prefix, no pattern characters).</summary>
    internal static string FolderPrefix(string folder) => folder.EndsWith('/') ? folder : folder + "/";
}
