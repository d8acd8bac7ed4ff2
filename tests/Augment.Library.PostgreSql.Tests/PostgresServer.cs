using Npgsql;

namespace Augment.Library.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: the one <c>AUGMENT_POSTGRES</c> names (an Npgsql connection string;
/// <c>scripts/postgres-test-server start</c> makes one). Tests skip with the reason when it is unset or does not answer.
/// Each test works in a schema of its own, dropped afterwards, so tests run in parallel and leave nothing behind.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "AUGMENT_POSTGRES";

    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAsync);

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? string.Empty;

    /// <summary>Skips the calling test, with the reason printed, when no server answers.</summary>
    public static async Task SkipWhenAbsentAsync()
    {
        var reason = await Unavailable.Value;
        Assert.SkipWhen(reason is not null, reason ?? string.Empty);
    }

    /// <summary>A fresh schema name no other test uses.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Runs one statement on the test database (outside any index).</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one query and returns its first value.</summary>
    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Drops a test schema and everything in it (when a server answers).</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        // Nothing to drop where the tests skipped for want of a server.
        if (await Unavailable.Value is null)
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
    }

    /// <summary>Whether the server offers the pgvector extension.</summary>
    public static async Task<bool> HasPgvectorAsync() =>
        (bool)(await ScalarAsync("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')"))!;

    private static async Task<string?> ProbeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
            return $"{Variable} is not set (start a throwaway server with `eval \"$(scripts/postgres-test-server start)\"`); the PostgreSQL index tests are skipped.";
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 }.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return $"The PostgreSQL server in {Variable} does not answer ({e.Message}); the PostgreSQL index tests are skipped.";
        }
    }
}
