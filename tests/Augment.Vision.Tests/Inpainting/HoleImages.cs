using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Inpainting;

/// <summary>Test pictures with known content removed, and quality measured where the content was.</summary>
internal static class HoleImages
{
    /// <summary>A <paramref name="size"/> x <paramref name="size"/> crop of a standard picture, from (left, top).</summary>
    public static ImageFrame Crop(string name, int left, int top, int size)
    {
        using var full = StandardImages.Load(name);
        var crop = ImageFrame.Create(size, size, full.Channels, full.ColorSpace, full.HasAlpha);
        for (var c = 0; c < full.Channels; c++)
            for (var y = 0; y < size; y++)
                full.Row(c, top + y).Slice(left, size).CopyTo(crop.Row(c, y));
        return crop;
    }

    /// <summary>A 1-plane mask with a filled square of side <paramref name="side"/> at (left, top).</summary>
    public static ImageFrame SquareMask(int width, int height, int left, int top, int side)
    {
        var mask = ImageFrame.Create(width, height, 1, ColorSpace.Srgb);
        for (var y = top; y < top + side; y++)
            mask.Row(0, y).Slice(left, side).Fill(1f);
        return mask;
    }

    /// <summary>A centred square hole.</summary>
    public static ImageFrame CentredMask(ImageFrame image, int side) =>
        SquareMask(image.Width, image.Height, (image.Width - side) / 2, (image.Height - side) / 2, side);

    /// <summary>PSNR (dB, data range 1) over the masked pixels only.</summary>
    public static double HolePsnr(ImageFrame reference, ImageFrame test, ImageFrame mask)
    {
        double sum = 0;
        long n = 0;
        var m = mask.Plane(0);
        for (var c = 0; c < reference.Channels; c++)
        {
            var a = reference.Plane(c);
            var b = test.Plane(c);
            for (var i = 0; i < m.Length; i++)
            {
                if (m[i] <= 0.5f) continue;
                var d = (double)a[i] - b[i];
                sum += d * d;
                n++;
            }
        }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(n / sum);
    }

    /// <summary>SSIM (scikit-image's Gaussian SSIM) over the mask's bounding box grown by <paramref name="margin"/> pixels.</summary>
    public static double HoleSsim(ImageFrame reference, ImageFrame test, ImageFrame mask, int margin = 8)
    {
        var (left, top, right, bottom) = Bounds(mask);
        left = Math.Max(0, left - margin);
        top = Math.Max(0, top - margin);
        right = Math.Min(mask.Width, right + margin);
        bottom = Math.Min(mask.Height, bottom + margin);
        using var a = Window(reference, left, top, right - left, bottom - top);
        using var b = Window(test, left, top, right - left, bottom - top);
        return ImageQuality.Ssim(a, b);
    }

    public static (int Left, int Top, int Right, int Bottom) Bounds(ImageFrame mask)
    {
        int left = mask.Width, top = mask.Height, right = 0, bottom = 0;
        for (var y = 0; y < mask.Height; y++)
        {
            var row = mask.Row(0, y);
            for (var x = 0; x < mask.Width; x++)
            {
                if (row[x] <= 0.5f) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x + 1);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y + 1);
            }
        }
        return (left, top, right, bottom);
    }

    public static ImageFrame Window(ImageFrame frame, int left, int top, int width, int height)
    {
        var window = ImageFrame.Create(width, height, frame.Channels, frame.ColorSpace, frame.HasAlpha);
        for (var c = 0; c < frame.Channels; c++)
            for (var y = 0; y < height; y++)
                frame.Row(c, top + y).Slice(left, width).CopyTo(window.Row(c, y));
        return window;
    }

    /// <summary>A seamless colour pattern with period (16, 12) pixels: three sinusoids and a checker term.</summary>
    public static ImageFrame Periodic(int width, int height)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.Srgb);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var u = 2 * Math.PI * x / 16;
                var v = 2 * Math.PI * y / 12;
                frame.Row(0, y)[x] = (float)(0.5 + 0.3 * Math.Sin(u) * Math.Cos(v));
                frame.Row(1, y)[x] = (float)(0.5 + 0.25 * Math.Sin(u + v));
                frame.Row(2, y)[x] = ((x / 8) + (y / 6)) % 2 == 0 ? 0.8f : 0.2f;
            }
        }
        return frame;
    }
}
