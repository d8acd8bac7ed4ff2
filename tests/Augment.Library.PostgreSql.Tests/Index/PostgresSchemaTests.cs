using Npgsql;

namespace Augment.Library.PostgreSql.Tests.Index;

/// <summary>Schema creation and versioning, connection-string handling and errors of <see cref="PostgresAssetIndex.OpenAsync"/>.</summary>
public sealed class PostgresSchemaTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<string> _schemas = [];

    private string NewSchema()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var schema in _schemas)
            await PostgresServer.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task Opening_a_new_schema_creates_the_versioned_tables_and_reopening_sees_the_same_catalogue()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        var options = new PostgresIndexOptions { Schema = NewSchema(), VectorSearch = PostgresVectorSearch.InProcess };
        long id;
        await using (var index = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, options, Ct))
            id = await index.SaveAsync(Sample("/keep/me.jpg"), Ct);

        var tables = await ListAsync($"SELECT tablename FROM pg_tables WHERE schemaname = '{options.Schema}' ORDER BY tablename");
        Assert.Equal(["analyses", "assets", "embeddings", "meta", "shots", "sources", "tags"], tables);
        Assert.Equal("1", await PostgresServer.ScalarAsync($"SELECT value FROM \"{options.Schema}\".meta WHERE key = 'schema_version'"));
        Assert.Equal("array", await PostgresServer.ScalarAsync($"SELECT value FROM \"{options.Schema}\".meta WHERE key = 'embedding_storage'"));
        // The full-text columns have GIN indexes.
        var gin = await ListAsync($"SELECT indexname FROM pg_indexes WHERE schemaname = '{options.Schema}' AND indexdef LIKE '%USING gin%' ORDER BY indexname");
        Assert.Equal(["assets_path_terms", "tags_terms"], gin);

        await using (var again = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, options, Ct))
            Assert.Equal(id, (await again.FindAsync("/keep/me.jpg", Ct))!.Id);
    }

    [Fact]
    public async Task Times_are_stored_as_ticks_and_hashes_as_the_same_64_bits()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        var options = new PostgresIndexOptions { Schema = NewSchema(), VectorSearch = PostgresVectorSearch.InProcess };
        var modified = new DateTime(2023, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(9);
        await using var index = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, options, Ct);
        await index.SaveAsync(new AssetRecord(new AssetInfo("/t/a.jpg", AssetKind.Image, 1, modified, "00"),
            [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero) { Hashes = new Vision.ImageHashes(new Vision.PerceptualHash(0xFFFFFFFFFFFFFFFEUL), new Vision.PerceptualHash(1)) }], []), Ct);

        Assert.Equal(modified.Ticks, await PostgresServer.ScalarAsync($"SELECT modified_ticks FROM \"{options.Schema}\".assets"));
        Assert.Equal(-2L, await PostgresServer.ScalarAsync($"SELECT phash FROM \"{options.Schema}\".shots"));
    }

    [Fact]
    public async Task A_schema_of_another_version_is_refused()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        var options = new PostgresIndexOptions { Schema = NewSchema() };
        await (await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, options, Ct)).DisposeAsync();
        await PostgresServer.ExecuteAsync($"UPDATE \"{options.Schema}\".meta SET value = '999' WHERE key = 'schema_version'");

        var error = await Assert.ThrowsAsync<AssetIndexException>(() => PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, options, Ct));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_that_holds_other_tables_is_refused_and_left_alone()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        var schema = NewSchema();
        await PostgresServer.ExecuteAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".invoices (id int); INSERT INTO \"{schema}\".invoices VALUES (7)");

        await Assert.ThrowsAsync<AssetIndexException>(() =>
            PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, new PostgresIndexOptions { Schema = schema }, Ct));
        Assert.Equal(["invoices"], await ListAsync($"SELECT tablename FROM pg_tables WHERE schemaname = '{schema}'"));
        Assert.Equal(7, await PostgresServer.ScalarAsync($"SELECT id FROM \"{schema}\".invoices"));
    }

    [Fact]
    public async Task Workers_opening_a_fresh_schema_together_create_it_once()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        var options = new PostgresIndexOptions { Schema = NewSchema(), VectorSearch = PostgresVectorSearch.InProcess };
        var indexes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, options, Ct), Ct)));
        foreach (var index in indexes)
            await index.DisposeAsync();
        Assert.Equal(1L, await PostgresServer.ScalarAsync($"SELECT count(*) FROM \"{options.Schema}\".meta WHERE key = 'schema_version'"));
    }

    [Fact]
    public async Task The_location_names_host_database_and_schema_but_never_the_password()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        // The test server trusts local connections, so a password is sent but not checked.
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Password = "s3cr3t-Pa55" };
        var schema = NewSchema();
        await using var index = await PostgresAssetIndex.OpenAsync(builder.ConnectionString, new PostgresIndexOptions { Schema = schema }, Ct);

        Assert.DoesNotContain("s3cr3t", index.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", index.Location, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(builder.Host!, index.Location, StringComparison.Ordinal);
        Assert.Contains(builder.Database!, index.Location, StringComparison.Ordinal);
        Assert.Contains(schema, index.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_an_asset_index_exception_that_hides_the_password()
    {
        // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
        var error = await Assert.ThrowsAsync<AssetIndexException>(() =>
            PostgresAssetIndex.OpenAsync("Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=d;Timeout=3", cancellationToken: Ct));
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Public")]
    [InlineData("a-b")]
    [InlineData("x\"; DROP SCHEMA public; --")]
    [InlineData("1abc")]
    public async Task Schema_names_must_be_plain_lower_case_identifiers(string schema)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            PostgresAssetIndex.OpenAsync("Host=127.0.0.1;Port=1", new PostgresIndexOptions { Schema = schema }, Ct));
    }

    [Fact]
    public async Task A_malformed_connection_string_is_an_argument_exception()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => PostgresAssetIndex.OpenAsync("Host=x;NoSuchKeyword=1", cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => PostgresAssetIndex.OpenAsync("  ", cancellationToken: Ct));
    }

    [Fact]
    public async Task Requiring_pgvector_where_the_server_lacks_it_is_refused()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        Assert.SkipWhen(await PostgresServer.HasPgvectorAsync(), "This server has pgvector; the refusal is only reachable without it.");
        var schema = NewSchema();
        var error = await Assert.ThrowsAsync<AssetIndexException>(() => PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
            new PostgresIndexOptions { Schema = schema, VectorSearch = PostgresVectorSearch.Pgvector }, Ct));
        Assert.Contains("pgvector", error.Message, StringComparison.Ordinal);

        await using var auto = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, new PostgresIndexOptions { Schema = schema }, Ct);
        Assert.False(auto.UsesPgvector);
    }

    private static async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
            values.Add(reader.GetString(0));
        return values;
    }

    private static AssetRecord Sample(string path) =>
        new(new AssetInfo(path, AssetKind.Image, 10, DateTime.UnixEpoch, "ab"), [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero)], []);
}
