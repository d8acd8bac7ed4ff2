using System.Diagnostics;
using Npgsql;

namespace Augment.Library.PostgreSql.Tests;

/// <summary>scripts/postgres-test-server: a throwaway cluster that starts on 127.0.0.1, answers, and is gone after stop.</summary>
public sealed class ServerScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_prints_a_connection_string_to_a_fresh_local_server_and_stop_removes_it()
    {
        Assert.SkipWhen(!OperatingSystem.IsLinux(), "scripts/postgres-test-server is a bash script for Linux.");
        Assert.SkipWhen(FindInitdb() is null, "PostgreSQL's initdb is not installed here (the script would install it with apt; tests do not); skipped.");
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "postgres-test-server");

        var (code, output, errors) = await RunAsync(script, "start");
        Assert.True(code == 0, $"start failed ({code}): {errors}");
        var exports = ParseExports(output);
        Assert.True(exports.ContainsKey("AUGMENT_POSTGRES") && exports.ContainsKey("AUGMENT_POSTGRES_DIR"), $"unexpected output: {output}");
        var connectionString = exports["AUGMENT_POSTGRES"];
        var folder = exports["AUGMENT_POSTGRES_DIR"];
        try
        {
            Assert.True(Directory.Exists(folder));
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(Ct);
                await using var command = new NpgsqlCommand("SELECT current_setting('listen_addresses'), current_database(), current_setting('server_version_num')::int", connection);
                await using var reader = await command.ExecuteReaderAsync(Ct);
                Assert.True(await reader.ReadAsync(Ct));
                Assert.Equal("127.0.0.1", reader.GetString(0));
                Assert.Equal("augment_test", reader.GetString(1));
                Assert.True(reader.GetInt32(2) >= 120000, $"server version {reader.GetInt32(2)}");
            }

            // The index can create its schema there and use it.
            await using (var index = await PostgresAssetIndex.OpenAsync(connectionString, cancellationToken: Ct))
            {
                var id = await index.SaveAsync(new AssetRecord(new AssetInfo("/s/a.jpg", AssetKind.Image, 1, DateTime.UnixEpoch, "00"),
                    [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero)], []), Ct);
                Assert.Equal(id, (await index.FindAsync("/s/a.jpg", Ct))!.Id);
            }
        }
        finally
        {
            var (stopCode, _, stopErrors) = await RunAsync(script, "stop", folder);
            Assert.True(stopCode == 0, $"stop failed ({stopCode}): {stopErrors}");
        }

        Assert.False(Directory.Exists(folder));
        NpgsqlConnection.ClearAllPools();
        await using var gone = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, Pooling = false }.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => gone.OpenAsync(Ct));
    }

    [Fact]
    public async Task Unknown_modes_print_the_usage_and_fail()
    {
        Assert.SkipWhen(!OperatingSystem.IsLinux(), "scripts/postgres-test-server is a bash script for Linux.");
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "postgres-test-server");
        var (code, output, errors) = await RunAsync(script, "restart");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("usage", errors, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ParseExports(string output)
    {
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            const string prefix = "export ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            exports[line[prefix.Length..equals]] = line[(equals + 1)..].Trim('\'');
        }
        return exports;
    }

    private static string? FindInitdb()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            foreach (var version in Directory.GetDirectories("/usr/lib/postgresql"))
            {
                if (File.Exists(Path.Combine(version, "bin", "initdb")))
                    return Path.Combine(version, "bin", "initdb");
            }
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(folder, "initdb")))
                return Path.Combine(folder, "initdb");
        }
        return null;
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await errors);
    }
}
