namespace Augment.Provenance;

/// <summary>The validation results of one ingredient (its own manifest, checked recursively).</summary>
/// <param name="IngredientAssertionUri">The absolute JUMBF URI of the ingredient assertion.</param>
/// <param name="Results">What validating the ingredient found.</param>
public sealed record IngredientDelta(string IngredientAssertionUri, ValidationResults Results);
