namespace Augment.Provenance;

/// <summary>An ingredient of a manifest (<c>c2pa.ingredient</c> v1-v3, C2PA 2.1, section 18.15).</summary>
/// <param name="Label">The assertion label (<c>c2pa.ingredient</c>, <c>c2pa.ingredient.v3__1</c>, ...).</param>
/// <param name="Title">The ingredient's title (file name), or null.</param>
/// <param name="Format">Its media type, or null.</param>
/// <param name="DocumentId">Its XMP document id, or null.</param>
/// <param name="InstanceId">Its XMP instance id, or null.</param>
/// <param name="Relationship"><c>parentOf</c>, <c>componentOf</c> or <c>inputTo</c>.</param>
/// <param name="ManifestLabel">The label of the ingredient's own manifest when it is carried in this store, else null.</param>
public sealed record C2paIngredient(string Label, string? Title, string? Format, string? DocumentId, string? InstanceId,
    string Relationship, string? ManifestLabel);
