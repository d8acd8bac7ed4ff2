namespace Augment.Provenance.Signing;

/// <summary>
/// What a <c>c2pa.ingredient.v3</c> assertion says about one ingredient (C2PA 2.1, section 18.15): its title, format and
/// relationship, and, when it carries credentials, the hashed URIs of its active manifest and signature, its validation
/// results and the manifest boxes carried over verbatim.
/// </summary>
internal sealed record IngredientSource(
    string? Title,
    string? Format,
    string? InstanceId,
    string Relationship,
    string? ManifestLabel,
    byte[]? ManifestHash,
    byte[]? SignatureHash,
    ValidationResults? Results,
    IReadOnlyList<byte[]> Manifests)
{
    /// <summary>The parent's ingredient (re-signing an asset with credentials).</summary>
    public static IngredientSource From(ParentIngredient parent) =>
        new(parent.Title, parent.Format, parent.InstanceId, "parentOf", parent.ManifestLabel, parent.ManifestHash, parent.SignatureHash, parent.Results, parent.Manifests);
}
