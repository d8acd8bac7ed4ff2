namespace Augment.Vision;

/// <summary>How <see cref="ResizeOptions.Width"/> and <see cref="ResizeOptions.Height"/> become the output size.</summary>
public enum ResizeFit
{
    /// <summary>
    /// Exactly the size asked for. When only one of width or height is given the other follows the
    /// source's aspect ratio.
    /// </summary>
    Exact = 0,

    /// <summary>
    /// The largest size that fits within width x height and keeps the source's aspect ratio (one side
    /// equals its bound, the other is at most its bound).
    /// </summary>
    Within,
}
