namespace Augment.Vision;

/// <summary>
/// One level of the fill pyramid: interleaved pixels (height x width x channels) and the hole
/// (1 = unknown). Coarser levels halve each side; a coarse pixel is a hole when any of its children
/// is, so coarse known pixels average known data only.
/// </summary>
internal sealed class FillLevel
{
    public FillLevel(int width, int height, int channels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = GC.AllocateUninitializedArray<float>(width * height * channels);
        Hole = new byte[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public float[] Pixels { get; }

    public byte[] Hole { get; }

    public int HoleCount()
    {
        var n = 0;
        foreach (var h in Hole) n += h;
        return n;
    }

    /// <summary>The next coarser level: 2x2 averages of known children; holes where any child is one.</summary>
    public FillLevel Downsample()
    {
        var coarse = new FillLevel((Width + 1) / 2, (Height + 1) / 2, Channels);
        Span<float> sum = stackalloc float[ImageFrame.MaxChannels];
        Span<float> all = stackalloc float[ImageFrame.MaxChannels];
        for (var y = 0; y < coarse.Height; y++)
        {
            for (var x = 0; x < coarse.Width; x++)
            {
                sum.Clear();
                all.Clear();
                int known = 0, children = 0;
                var hole = false;
                for (var dy = 0; dy < 2; dy++)
                {
                    var fy = 2 * y + dy;
                    if (fy >= Height) continue;
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var fx = 2 * x + dx;
                        if (fx >= Width) continue;
                        var i = fy * Width + fx;
                        children++;
                        var isHole = Hole[i] != 0;
                        hole |= isHole;
                        if (!isHole) known++;
                        for (var c = 0; c < Channels; c++)
                        {
                            var v = Pixels[i * Channels + c];
                            all[c] += v;
                            if (!isHole) sum[c] += v;
                        }
                    }
                }
                var o = y * coarse.Width + x;
                coarse.Hole[o] = hole ? (byte)1 : (byte)0;
                for (var c = 0; c < Channels; c++)
                    coarse.Pixels[o * Channels + c] = known > 0 ? sum[c] / known : all[c] / children;
            }
        }
        return coarse;
    }
}
