using Augment.Library.Tests.Index;

namespace Augment.Library.PostgreSql.Tests.Index;

/// <summary>The shared asset-index contract against a real PostgreSQL server, exact in-process vector search.</summary>
public sealed class PostgresAssetIndexTests : AssetIndexContract, IAsyncDisposable
{
    private readonly List<string> _schemas = [];

    protected override async Task<IAssetIndex> OpenEmptyAsync()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        return await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
            new PostgresIndexOptions { Schema = schema, VectorSearch = PostgresVectorSearch.InProcess }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var schema in _schemas)
            await PostgresServer.DropSchemaAsync(schema);
    }
}
