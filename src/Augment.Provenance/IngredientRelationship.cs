namespace Augment.Provenance;

/// <summary>How an ingredient relates to the asset (C2PA 2.1, section 18.15.2).</summary>
public enum IngredientRelationship
{
    /// <summary>The ingredient was placed into the asset (a layer, a clip, a logo): <c>componentOf</c>.</summary>
    ComponentOf,

    /// <summary>The ingredient was an input to making the asset (a prompt image, a reference): <c>inputTo</c>.</summary>
    InputTo,
}
