namespace Augment.Vision;

/// <summary>An axis-aligned rectangle of pixels: columns X..X+Width−1, rows Y..Y+Height−1.</summary>
/// <param name="X">Left column, in pixels from the frame's left edge.</param>
/// <param name="Y">Top row, in pixels from the frame's top edge.</param>
/// <param name="Width">Width in pixels (at least 1 to select anything).</param>
/// <param name="Height">Height in pixels (at least 1 to select anything).</param>
public readonly record struct PixelRegion(int X, int Y, int Width, int Height)
{
    /// <summary>Whether the region is non-empty and lies wholly inside a frame of the given size.</summary>
    /// <param name="frameWidth">Frame width in pixels.</param>
    /// <param name="frameHeight">Frame height in pixels.</param>
    public bool FitsIn(int frameWidth, int frameHeight) =>
        Width > 0 && Height > 0 && X >= 0 && Y >= 0 && (long)X + Width <= frameWidth && (long)Y + Height <= frameHeight;
}
