using Augment.Vision;

namespace Augment.Library;

/// <summary>Sizes and conversions for keyframes and thumbnails.</summary>
internal static class KeyframeImages
{
    /// <summary>The size with short side <paramref name="shortSide"/> (never enlarged), aspect kept, both even when scaled.</summary>
    public static (int Width, int Height) ShortSide(int width, int height, int shortSide)
    {
        var small = Math.Min(width, height);
        if (small <= shortSide)
            return (width, height);
        var scale = (double)shortSide / small;
        return (Even(width * scale), Even(height * scale));
    }

    /// <summary>The size with long side <paramref name="longSide"/> (never enlarged), aspect kept.</summary>
    public static (int Width, int Height) LongSide(int width, int height, int longSide)
    {
        var large = Math.Max(width, height);
        if (large <= longSide)
            return (width, height);
        var scale = (double)longSide / large;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>The low-resolution size for shot detection: <paramref name="targetWidth"/> wide (when smaller), even height.</summary>
    public static (int Width, int Height) DetectionSize(int width, int height, int targetWidth)
    {
        if (width <= targetWidth)
            return (Even(width), Even(height));
        return (Even(targetWidth), Even((double)height * targetWidth / width));
    }

    /// <summary>A 3-channel sRGB copy (alpha dropped) resized to fit <paramref name="shortSide"/>; the source is left alone.</summary>
    public static ImageFrame ToAnalysisFrame(ImageFrame picture, int shortSide)
    {
        var (width, height) = ShortSide(picture.Width, picture.Height, shortSide);
        var rgb = ImageFrame.Create(picture.Width, picture.Height, 3, picture.ColorSpace, hasAlpha: false, picture.Budget);
        for (var c = 0; c < 3; c++)
            picture.Plane(Math.Min(c, picture.ColorChannels - 1)).CopyTo(rgb.Plane(c));
        if (width == picture.Width && height == picture.Height)
            return rgb;
        using (rgb)
            return rgb.Resize(width, height);
    }

    /// <summary>A JPEG thumbnail of <paramref name="keyframe"/> with long side at most <paramref name="longSide"/>.</summary>
    public static byte[] Thumbnail(ImageFrame keyframe, int longSide, int quality)
    {
        var (width, height) = LongSide(keyframe.Width, keyframe.Height, longSide);
        using var stream = new MemoryStream();
        var options = new ImageSaveOptions { Quality = quality };
        if (width == keyframe.Width && height == keyframe.Height)
        {
            ImageFile.Save(keyframe, stream, ImageFileFormat.Jpeg, options);
        }
        else
        {
            using var small = keyframe.Resize(width, height);
            ImageFile.Save(small, stream, ImageFileFormat.Jpeg, options);
        }
        return stream.ToArray();
    }

    private static int Even(double value) => Math.Max(2, 2 * (int)Math.Round(value / 2, MidpointRounding.AwayFromZero));
}
