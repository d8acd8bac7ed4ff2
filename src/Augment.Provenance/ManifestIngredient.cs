namespace Augment.Provenance;

/// <summary>
/// Another asset used to make this one (<c>c2pa.ingredient.v3</c>): when it carries Content Credentials, its manifests
/// are carried into the new store and its active manifest is referenced and its validation results recorded.
/// </summary>
/// <param name="Asset">The ingredient's bytes (JPEG, PNG, WAV, a <c>.c2pa</c> store, or any file without credentials).</param>
/// <param name="Title">Its title (usually its file name).</param>
/// <param name="Relationship"><see cref="IngredientRelationship.ComponentOf"/> or <see cref="IngredientRelationship.InputTo"/>.</param>
public sealed record ManifestIngredient(ReadOnlyMemory<byte> Asset, string Title, IngredientRelationship Relationship = IngredientRelationship.ComponentOf)
{
    /// <summary>An ingredient read from a file; its title is the file name.</summary>
    /// <param name="path">The file.</param>
    /// <param name="relationship">How it relates to the asset.</param>
    public static ManifestIngredient FromFile(string path, IngredientRelationship relationship = IngredientRelationship.ComponentOf)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ManifestIngredient(File.ReadAllBytes(path), Path.GetFileName(path), relationship);
    }

    /// <summary>The relationship as written (<c>componentOf</c>, <c>inputTo</c>).</summary>
    internal string RelationshipText => Relationship switch
    {
        IngredientRelationship.InputTo => "inputTo",
        _ => "componentOf",
    };
}
