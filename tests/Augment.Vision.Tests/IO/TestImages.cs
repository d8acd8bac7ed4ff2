namespace Augment.Vision.Tests.IO;

/// <summary>Generated pictures and scratch folders for the image I/O tests.</summary>
internal static class TestImages
{
    /// <summary>Random interleaved 8-bit samples (seeded, so failures reproduce).</summary>
    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random interleaved 16-bit samples.</summary>
    public static ushort[] RandomUShorts(int count, int seed)
    {
        var random = new Random(seed);
        var values = new ushort[count];
        for (var i = 0; i < count; i++)
            values[i] = (ushort)random.Next(0, 65536);
        return values;
    }

    /// <summary>A smooth RGB picture (gradients plus a soft disc) that lossy codecs handle well.</summary>
    public static byte[] SmoothRgb(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                var dx = x - width / 2.0;
                var dy = y - height / 2.0;
                var disc = Math.Exp(-(dx * dx + dy * dy) / (width * height / 8.0));
                pixels[i] = (byte)(255.0 * x / (width - 1));
                pixels[i + 1] = (byte)(255.0 * y / (height - 1));
                pixels[i + 2] = (byte)(40 + 200 * disc);
            }
        }
        return pixels;
    }

    /// <summary>Peak signal-to-noise ratio of two 8-bit buffers, in dB (infinity when equal).</summary>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        var mse = sum / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
