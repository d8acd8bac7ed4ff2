namespace Augment.Library.Tests.Tags;

/// <summary>Synthetic pictures with known colour areas, and crops of the standard pictures.</summary>
internal static class Pictures
{
    /// <summary>A picture of one sRGB colour (0..1 values).</summary>
    public static ImageFrame Solid(int width, int height, float red, float green, float blue) =>
        Columns(width, height, (1.0, red, green, blue));

    /// <summary>
    /// Vertical bands left to right, each covering its fraction of the width (rounded to whole columns), as sRGB
    /// colours (fraction, red, green, blue).
    /// </summary>
    public static ImageFrame Columns(int width, int height, params (double Fraction, float Red, float Green, float Blue)[] bands)
    {
        var frame = ImageFrame.Create(width, height, 3);
        var x0 = 0;
        double cumulative = 0;
        foreach (var (fraction, red, green, blue) in bands)
        {
            cumulative += fraction;
            var x1 = (int)Math.Round(cumulative * width);
            for (var y = 0; y < height; y++)
            {
                frame.Row(0, y)[x0..x1].Fill(red);
                frame.Row(1, y)[x0..x1].Fill(green);
                frame.Row(2, y)[x0..x1].Fill(blue);
            }
            x0 = x1;
        }
        return frame;
    }

    /// <summary>A horizontal grey ramp from black to white in one channel or three.</summary>
    public static ImageFrame GreyRamp(int width, int height, int channels)
    {
        var frame = ImageFrame.Create(width, height, channels);
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = (float)x / (width - 1);
            }
        }
        return frame;
    }

    /// <summary>A copy of the rectangle at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public static ImageFrame Crop(ImageFrame source, int left, int top, int width, int height)
    {
        var frame = ImageFrame.Create(width, height, source.Channels, source.ColorSpace, source.HasAlpha);
        for (var c = 0; c < source.Channels; c++)
        {
            for (var y = 0; y < height; y++)
                source.Row(c, top + y).Slice(left, width).CopyTo(frame.Row(c, y));
        }
        return frame;
    }
}
