namespace Augment.Provenance.Signing;

/// <summary>
/// The credentials an asset already carried when it is signed again: its manifests are carried over verbatim and
/// its active manifest becomes a <c>parentOf</c> ingredient (<c>c2pa.ingredient.v3</c>, C2PA 2.1, section 18.15).
/// </summary>
internal sealed record ParentIngredient(
    string? Title,
    string? Format,
    string? InstanceId,
    string ManifestLabel,
    byte[] ManifestHash,
    byte[] SignatureHash,
    ValidationResults Results,
    IReadOnlyList<byte[]> Manifests);
