using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Colour planes copied with a mirrored border (reflect-101: <c>dcb|abcd|cba</c>, OpenCV's default) of
/// <see cref="Pad"/> pixels on every side, so that window kernels index neighbours without bounds checks.
/// The arrays are rented from the shared pool; dispose to return them.
/// </summary>
internal sealed class PaddedPlanes : IDisposable
{
    private float[][]? _planes;

    public PaddedPlanes(int channels, int width, int height, int pad)
    {
        Channels = channels;
        Width = width;
        Height = height;
        Pad = pad;
        Stride = width + 2 * pad;
        Rows = height + 2 * pad;
        _planes = new float[channels][];
        for (var c = 0; c < channels; c++)
            _planes[c] = ArrayPool<float>.Shared.Rent(Stride * Rows);
    }

    public int Channels { get; }
    public int Width { get; }
    public int Height { get; }
    public int Pad { get; }
    public int Stride { get; }
    public int Rows { get; }

    /// <summary>Bytes needed for the given shape, for budget checks before construction.</summary>
    public static long BytesFor(int channels, int width, int height, int pad) =>
        (long)channels * (width + 2L * pad) * (height + 2L * pad) * sizeof(float);

    public float[] Plane(int channel) => (_planes ?? throw new ObjectDisposedException(nameof(PaddedPlanes)))[channel];

    /// <summary>Index of image pixel (x, y) (which may lie in the border, −Pad..) in a padded plane.</summary>
    public int Index(int x, int y) => (y + Pad) * Stride + x + Pad;

    /// <summary>Fills channel <paramref name="channel"/> from an unpadded plane and mirrors the border.</summary>
    public void Fill(int channel, ReadOnlySpan<float> source)
    {
        var plane = Plane(channel);
        for (var y = 0; y < Rows; y++)
        {
            var sourceRow = source.Slice(Reflect(y - Pad, Height) * Width, Width);
            var row = plane.AsSpan(y * Stride, Stride);
            sourceRow.CopyTo(row.Slice(Pad));
            for (var x = 0; x < Pad; x++)
            {
                row[Pad - 1 - x] = sourceRow[Reflect(-1 - x, Width)];
                row[Pad + Width + x] = sourceRow[Reflect(Width + x, Width)];
            }
        }
    }

    /// <summary>Reflect-101 index into 0..length−1, folding as often as needed for borders wider than the image.</summary>
    public static int Reflect(int i, int length)
    {
        if (length == 1)
            return 0;
        while ((uint)i >= (uint)length)
            i = i < 0 ? -i : 2 * length - 2 - i;
        return i;
    }

    public void Dispose()
    {
        if (_planes is null)
            return;
        foreach (var plane in _planes)
            ArrayPool<float>.Shared.Return(plane);
        _planes = null;
    }
}
