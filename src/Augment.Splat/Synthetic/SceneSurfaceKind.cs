namespace Augment.Splat;

/// <summary>The shapes the synthetic plaza is built from.</summary>
internal enum SceneSurfaceKind
{
    /// <summary>A square on the plane y = ground height, centred on the origin's vertical.</summary>
    Ground,

    /// <summary>A sphere.</summary>
    Sphere,

    /// <summary>A box turned about the vertical axis; its bottom face (on the ground) carries no splats.</summary>
    Box,
}
