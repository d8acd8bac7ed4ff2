namespace Augment.Provenance;

/// <summary>Where the manifest store of a <see cref="CredentialsReport"/> came from.</summary>
public enum ManifestStoreSource
{
    /// <summary>No manifest store was found.</summary>
    None,
    /// <summary>The store is embedded in the asset (or the file read is itself a bare <c>.c2pa</c> store).</summary>
    Embedded,
    /// <summary>The store came from a sidecar <c>.c2pa</c> file (or buffer) beside the asset, whose hard binding it validates against.</summary>
    Sidecar,
}
