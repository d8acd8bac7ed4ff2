namespace Augment.Library;

/// <summary>
/// What one analyser (the model-free descriptors, an image classifier, a CLIP-style model) found in one asset.
/// The index keeps one analysis per <see cref="Source"/> and asset; a re-scan runs an analyser again only when its
/// <see cref="Version"/> changed or the file did.
/// </summary>
/// <param name="Source">The analyser's name, for example "descriptors" or "clip"; embeddings are searched by it.</param>
/// <param name="Version">What produced the results: model digest, label or vocabulary digest, settings.</param>
/// <param name="Tags">The tags it gave.</param>
/// <param name="Embeddings">The shot embeddings it made (empty for tag-only analysers).</param>
public sealed record AssetAnalysis(string Source, string Version, IReadOnlyList<AssetTag> Tags, IReadOnlyList<AssetEmbedding> Embeddings);
