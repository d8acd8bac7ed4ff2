namespace Augment.Provenance;

/// <summary>
/// Where manifests are kept so that they can be found again by a soft binding when an asset's embedded credentials
/// were stripped (C2PA 2.1, section 18.9: manifest repositories). <see cref="FolderManifestRepository"/> is the
/// file-system one; a web service or a database implements the same lookup.
/// </summary>
public interface IManifestRepository
{
    /// <summary>The stored manifest store (a <c>.c2pa</c> file's bytes or a signed asset's) whose active manifest
    /// carries <paramref name="softBinding"/>, or null when none does.</summary>
    /// <param name="softBinding">The algorithm and value read from the asset (e.g. a detected watermark's payload).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ManifestRepositoryEntry? Find(C2paSoftBinding softBinding, CancellationToken cancellationToken = default);
}
