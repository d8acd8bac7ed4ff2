namespace Augment.Splat;

/// <summary>Which tile compositor a render uses.</summary>
internal enum CompositeKernel
{
    /// <summary><see cref="TileCompositor.CompositeScalar"/>.</summary>
    Scalar,

    /// <summary><see cref="TileCompositor.CompositeVector"/>.</summary>
    Vector,
}
