namespace Augment.Library.Tests.Index;

/// <summary>
/// The whole contract on SQLite with every source searched through the persisted HNSW graph
/// (<see cref="SqliteIndexOptions.ApproximateSearchFrom"/> = 1). The contract's vector tests hold at most a few
/// hundred embeddings, fewer than the candidate list (ef 128 raised to k; a filtered walk goes on until ef shots pass), so the graph walk
/// scores every reachable vector and the approximate answers must equal the exact ones; no test is skipped. One
/// build thread makes the graph the same on every run (a parallel build's graph depends on thread timing).
/// </summary>
public sealed class SqliteApproximateIndexTests : AssetIndexContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-sqlite-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IAssetIndex> OpenEmptyAsync() =>
        await SqliteAssetIndex.OpenAsync(Path.Combine(_folder, "index.db"), SqliteIndexOptions.Default.WithApproximateSearchFrom(1).WithBudget(ComputeBudget.SingleThreaded),
            TestContext.Current.CancellationToken);

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
