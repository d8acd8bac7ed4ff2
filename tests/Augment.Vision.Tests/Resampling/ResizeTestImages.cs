using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Resampling;

internal static class ResizeTestImages
{
    /// <summary>A <paramref name="size"/> x <paramref name="size"/> crop of a standard picture, sRGB.</summary>
    public static ImageFrame Crop(string name, int size, int left = 0, int top = 0)
    {
        using var full = StandardImages.Load(name);
        var crop = ImageFrame.Create(size, size, full.Channels, full.ColorSpace, full.HasAlpha);
        for (var c = 0; c < full.Channels; c++)
        {
            for (var y = 0; y < size; y++)
                full.Row(c, top + y).Slice(left, size).CopyTo(crop.Row(c, y));
        }
        return crop;
    }

    /// <summary>PSNR (dB, peak 1) over the pixels at least <paramref name="border"/> from every edge.</summary>
    public static double InteriorPsnr(ImageFrame reference, ImageFrame test, int border)
    {
        double sum = 0;
        long count = 0;
        for (var c = 0; c < reference.Channels; c++)
        {
            for (var y = border; y < reference.Height - border; y++)
            {
                var a = reference.Row(c, y);
                var b = test.Row(c, y);
                for (var x = border; x < reference.Width - border; x++)
                {
                    var d = (double)a[x] - b[x];
                    sum += d * d;
                    count++;
                }
            }
        }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(count / sum);
    }
}
