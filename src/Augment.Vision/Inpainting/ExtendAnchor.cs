namespace Augment.Vision;

/// <summary>Where the original picture sits on an extended canvas.</summary>
public enum ExtendAnchor
{
    /// <summary>Centred: the new area is split between both sides.</summary>
    Center,

    /// <summary>At the left edge: a wider canvas grows to the right (a taller one stays centred).</summary>
    Left,

    /// <summary>At the right edge: a wider canvas grows to the left (a taller one stays centred).</summary>
    Right,

    /// <summary>At the top: a taller canvas grows downwards (a wider one stays centred).</summary>
    Top,

    /// <summary>At the bottom: a taller canvas grows upwards (a wider one stays centred).</summary>
    Bottom,
}
