namespace Augment.Provenance;

/// <summary>A manifest store found in a <see cref="IManifestRepository"/>.</summary>
/// <param name="Source">Where it came from (a path or URL), for messages and reports.</param>
/// <param name="Content">The bytes: a bare manifest store (<c>.c2pa</c>) or an asset that embeds one.</param>
public sealed record ManifestRepositoryEntry(string Source, ReadOnlyMemory<byte> Content);
