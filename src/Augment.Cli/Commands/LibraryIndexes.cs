using Augment.Library;
using Npgsql;

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
        {
            var connectionString = ToConnectionString(spec);
            // Opening creates the catalogue's tables; a search or dupes run must not leave an empty one behind.
            if (!create && await HoldsNoIndexAsync(connectionString, cancellationToken).ConfigureAwait(false) is { } where)
                throw new FileNotFoundException($"--index: {where} holds no asset index; build it first with 'augment library scan <folder> --index <connection string>'.");
            return await PostgresAssetIndex.OpenAsync(connectionString, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        if (!create && !File.Exists(spec))
            throw new FileNotFoundException($"--index: '{spec}' does not exist; build it first with 'augment library scan <folder> --index {spec}'.", spec);
        var directory = Path.GetDirectoryName(Path.GetFullPath(spec));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        return await SqliteAssetIndex.OpenAsync(spec, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // "host/database (schema s)" when the default schema has no catalogue table; null when it has one, or when the
    // server cannot be asked (PostgresAssetIndex.OpenAsync then reports why, in its own words).
    private static async Task<string?> HoldsNoIndexAsync(string connectionString, CancellationToken cancellationToken)
    {
        var schema = PostgresIndexOptions.Default.Schema;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT to_regclass(quote_ident(@schema) || '.meta') IS NULL", connection);
            command.Parameters.AddWithValue("schema", schema);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true
                ? $"PostgreSQL {builder.Host}/{builder.Database} (schema {schema})"
                : null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
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
