namespace Augment.Vision;

/// <summary>
/// A text-like row of glyph components and its stroke statistics: the spread of stroke widths across the glyphs
/// (coefficient of variation of their median widths), within them (median over glyphs of the interquartile range
/// of ridge widths over their median), and of the gaps between neighbours (standard deviation over the mean glyph height).
/// </summary>
internal readonly record struct TextLine(PixelRegion Bounds, int Glyphs, double MedianStrokePixels, double AcrossVariation, double WithinVariation, double SpacingVariation);
