namespace Augment.Library.Tests.Index;

/// <summary>The contract on SQLite, one fresh database file per test.</summary>
public sealed class SqliteAssetIndexTests : AssetIndexContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-sqlite-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IAssetIndex> OpenEmptyAsync() =>
        await SqliteAssetIndex.OpenAsync(Path.Combine(_folder, "index.db"), cancellationToken: TestContext.Current.CancellationToken);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
