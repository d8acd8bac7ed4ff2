namespace Augment.Library;

/// <summary>
/// Turns the keyframes of one asset into tags and embeddings: the model-free descriptors, an image classifier, a
/// CLIP-style model, or the application's own. A scan calls <see cref="Analyze"/> from several threads at once, one
/// asset per call, so an implementation must be thread-safe.
/// </summary>
public interface IAssetAnalyzer
{
    /// <summary>A short stable name: the index keeps one analysis per source and asset, and searches embeddings by it.</summary>
    string Source { get; }

    /// <summary>
    /// What the results depend on (model digest, label or vocabulary digest, settings). A re-scan runs the analyser
    /// again on unchanged files only when this differs from the version stored with them.
    /// </summary>
    string Version { get; }

    /// <summary>Analyses one asset's shots. The frames belong to the caller and are valid during the call only.</summary>
    AssetAnalysis Analyze(AssetSample sample, CancellationToken cancellationToken = default);
}
