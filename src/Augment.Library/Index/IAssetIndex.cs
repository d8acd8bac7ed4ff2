namespace Augment.Library;

/// <summary>
/// The catalogue an asset library is kept in: assets, their shots, tags, perceptual hashes and embeddings, with
/// full-text search over tags and paths and vector search over embeddings. <c>SqliteAssetIndex</c> is the
/// embedded default; <c>Augment.Library.PostgreSql</c> holds the shared catalogue many editors and ingest workers
/// write to. Both pass the same contract tests and give identical results for the same content.
/// </summary>
/// <remarks>
/// Every write is one transaction: a reader sees an asset either as it was or as it is after the write, never half
/// of it. Paths are compared exactly (ordinal). Times and durations round-trip to the tick.
/// </remarks>
public interface IAssetIndex : IAsyncDisposable
{
    /// <summary>Where the index lives, in words (file path or server and database, never a password).</summary>
    string Location { get; }

    /// <summary>The asset stored for <paramref name="path"/>, or null.</summary>
    Task<StoredAsset?> FindAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The asset with id <paramref name="assetId"/>, or null.</summary>
    Task<StoredAsset?> GetAsync(long assetId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="record"/>, replacing everything held for its path (shots, tags, embeddings, a recorded
    /// failure) in one transaction, and returns the asset's id (the old id when the path was already there).
    /// </summary>
    /// <exception cref="AssetIndexException">An embedding's length differs from the ones stored for its source, or
    /// the database refused; nothing was written.</exception>
    Task<long> SaveAsync(AssetRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the tags and embeddings of one analysis source on an asset already stored (a re-scan with a new
    /// model), in one transaction.
    /// </summary>
    /// <exception cref="AssetIndexException">No asset has <paramref name="assetId"/>, a shot index is not one of its
    /// shots, or an embedding's length differs from the ones stored for the source.</exception>
    Task SaveAnalysisAsync(long assetId, AssetAnalysis analysis, CancellationToken cancellationToken = default);

    /// <summary>Records that a file could not be read, replacing what was stored for its path.</summary>
    Task RecordFailureAsync(AssetFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Removes a path and everything stored for it; false when it was not there.</summary>
    Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The assets that pass <paramref name="filter"/>, ordered by path.</summary>
    Task<IReadOnlyList<StoredAsset>> AssetsAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The shots of an asset in timeline order (empty for an unknown id or a failed file).</summary>
    Task<IReadOnlyList<StoredShot>> ShotsAsync(long assetId, CancellationToken cancellationToken = default);

    /// <summary>The JPEG thumbnail stored for a shot, or null.</summary>
    Task<byte[]?> ThumbnailAsync(ShotKey shot, CancellationToken cancellationToken = default);

    /// <summary>The keyframe hashes of every shot that has them, among assets that pass the filter, ordered by shot.</summary>
    Task<IReadOnlyList<ShotHashes>> HashesAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tags and paths that contain any of <paramref name="terms"/> as a whole word (terms as
    /// <see cref="IndexText.Terms"/> splits them: lower case, letters and digits), among assets that pass the filter;
    /// ordered by score (highest first), then asset id, shot index and text; at most <paramref name="limit"/> rows.
    /// </summary>
    Task<IReadOnlyList<TextHit>> SearchTextAsync(IReadOnlyList<string> terms, AssetFilter? filter = null, int limit = 1000,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="k"/> shots whose embedding from <paramref name="source"/> is most similar (cosine) to
    /// <paramref name="query"/>, among assets that pass the filter; highest first, ties by asset id then shot index.
    /// Empty when the source has no embeddings.
    /// </summary>
    /// <exception cref="AssetIndexException">The query's length differs from the source's embeddings.</exception>
    Task<IReadOnlyList<ShotMatch>> SearchVectorsAsync(string source, ReadOnlyMemory<float> query, int k, AssetFilter? filter = null,
        CancellationToken cancellationToken = default);

    /// <summary>The embedding stored for a shot from a source, or null (query by an indexed example).</summary>
    Task<float[]?> EmbeddingAsync(ShotKey shot, string source, CancellationToken cancellationToken = default);
}
