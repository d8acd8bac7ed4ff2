using Augment.Library;

namespace Augment.Cli.Commands;

/// <summary>
/// Opens the index an <c>--index</c> value names: a PostgreSQL connection string (<c>Host=...;Database=...</c> or a
/// <c>postgres://</c> URL) opens the shared catalogue, anything else is the path of an SQLite file.
/// </summary>
internal static class LibraryIndexes
{
    public static bool IsPostgres(string spec) =>
        spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || (spec.Contains('=', StringComparison.Ordinal) && spec.Contains("host", StringComparison.OrdinalIgnoreCase));

    public static async Task<IAssetIndex> OpenAsync(string spec, bool create, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (IsPostgres(spec))
            return await PostgresAssetIndex.OpenAsync(ToConnectionString(spec), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!create && !File.Exists(spec))
            throw new FileNotFoundException($"--index: '{spec}' does not exist; build it first with 'augment library scan <folder> --index {spec}'.", spec);
        var directory = Path.GetDirectoryName(Path.GetFullPath(spec));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        return await SqliteAssetIndex.OpenAsync(spec, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // postgres://user:password@host:port/database -> Npgsql keywords.
    private static string ToConnectionString(string spec)
    {
        if (!spec.Contains("://", StringComparison.Ordinal))
            return spec;
        var uri = new Uri(spec);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (uri.Port > 0)
            parts.Add($"Port={uri.Port}");
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
            parts.Add($"Database={Uri.UnescapeDataString(database)}");
        if (uri.UserInfo.Length > 0)
        {
            var user = uri.UserInfo.Split(':', 2);
            parts.Add($"Username={Uri.UnescapeDataString(user[0])}");
            if (user.Length == 2)
                parts.Add($"Password={Uri.UnescapeDataString(user[1])}");
        }
        return string.Join(';', parts);
    }
}
