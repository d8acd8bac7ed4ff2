namespace Augment.Vision;

/// <summary>How a skin segmentation model's mask and the classical chroma model's likelihood are combined.</summary>
public enum SkinModelCombine
{
    /// <summary>The model's mask alone (the chroma model is not evaluated).</summary>
    ModelOnly,

    /// <summary>The product: skin only where both agree (fewer false positives, such as skin-coloured wood).</summary>
    Product,

    /// <summary>The maximum: skin where either finds it (fewer misses, such as skin in coloured light).</summary>
    Maximum,
}
