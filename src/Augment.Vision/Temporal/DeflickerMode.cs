namespace Augment.Vision;

/// <summary>Which per-frame statistics <see cref="Deflicker"/> stabilises.</summary>
[Flags]
public enum DeflickerMode
{
    /// <summary>Nothing: frames pass through unchanged.</summary>
    None = 0,

    /// <summary>Mean linear-light luminance, corrected by one gain for all colour channels (exposure flicker).</summary>
    Luminance = 1,

    /// <summary>Mean linear-light value of each colour channel, corrected by one gain per channel (colour-cast flicker). Implies luminance.</summary>
    MeanColor = 2,
}
