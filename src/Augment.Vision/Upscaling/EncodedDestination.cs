using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Vision;

/// <summary>
/// Quantises upscaled rows straight into an interleaved 8- or 16-bit ImageSharp image (3 or 6
/// bytes per RGB pixel instead of 12 for floats) and encodes it when all rows are in, so a large
/// upscale never holds its float output. Quantisation matches <see cref="ImageFrame.CopyPixelsTo(Span{byte}, PixelLayout)"/>:
/// clamp to 0..1, scale, round half up.
/// </summary>
internal sealed class EncodedDestination(int bitsPerChannel) : UpscaleDestination
{
    private Image? _image;
    private int _channels;

    public override void Begin(int width, int height, int channels, bool hasAlpha, ColorSpace colorSpace, ComputeBudget budget, string what)
    {
        _channels = channels;
        var bytesPerSample = bitsPerChannel / 8;
        budget.EnsureAllocation((long)width * height * channels * bytesPerSample, $"{what}: the {width}x{height}x{channels} {bitsPerChannel}-bit image to encode");
        var configuration = ImageSharpSetup.For(budget);
        _image = (channels, bitsPerChannel) switch
        {
            (3, 8) => new Image<Rgb24>(configuration, width, height),
            (4, 8) => new Image<Rgba32>(configuration, width, height),
            (3, 16) => new Image<Rgb48>(configuration, width, height),
            (4, 16) => new Image<Rgba64>(configuration, width, height),
            _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "Upscaled images have 3 or 4 channels at 8 or 16 bits."),
        };
    }

    public override void Write(ImageFrame rows, int firstRow, int count, CancellationToken cancellationToken)
    {
        var channels = _channels;
        switch (_image)
        {
            case Image<Rgb24> rgb: Rows8(rgb, rows, firstRow, count, channels, cancellationToken); break;
            case Image<Rgba32> rgba: Rows8(rgba, rows, firstRow, count, channels, cancellationToken); break;
            case Image<Rgb48> rgb48: Rows16(rgb48, rows, firstRow, count, channels, cancellationToken); break;
            case Image<Rgba64> rgba64: Rows16(rgba64, rows, firstRow, count, channels, cancellationToken); break;
        }
    }

    /// <summary>Encodes the finished image.</summary>
    public void Save(Stream stream, IImageEncoder encoder) => _image!.Save(stream, encoder);

    public override void Dispose() => _image?.Dispose();

    private static void Rows8<TPixel>(Image<TPixel> image, ImageFrame rows, int firstRow, int count, int channels, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        Parallel.For(0, count, rows.Budget.ToParallelOptions(cancellationToken), y =>
        {
            var bytes = MemoryMarshal.AsBytes(image.DangerousGetPixelRowMemory(firstRow + y).Span);
            for (var c = 0; c < channels; c++) Interleave8(rows.Row(c, y), bytes, c, channels);
        });
    }

    private static void Rows16<TPixel>(Image<TPixel> image, ImageFrame rows, int firstRow, int count, int channels, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        Parallel.For(0, count, rows.Budget.ToParallelOptions(cancellationToken), y =>
        {
            var samples = MemoryMarshal.Cast<TPixel, ushort>(image.DangerousGetPixelRowMemory(firstRow + y).Span);
            for (var c = 0; c < channels; c++) Interleave16(rows.Row(c, y), samples, c, channels);
        });
    }

    /// <summary>Clamp, scale to 0..255, round half up (NaN gives 0), into every <paramref name="stride"/>-th byte from <paramref name="offset"/>.</summary>
    internal static void Interleave8(ReadOnlySpan<float> plane, Span<byte> destination, int offset, int stride)
    {
        for (var x = 0; x < plane.Length; x++)
        {
            var v = plane[x];
            destination[x * stride + offset] = v >= 0f ? (byte)(int)(MathF.Min(v, 1f) * 255f + 0.5f) : (byte)0;
        }
    }

    /// <summary>Clamp, scale to 0..65535, round half up (NaN gives 0).</summary>
    internal static void Interleave16(ReadOnlySpan<float> plane, Span<ushort> destination, int offset, int stride)
    {
        for (var x = 0; x < plane.Length; x++)
        {
            var v = plane[x];
            destination[x * stride + offset] = v >= 0f ? (ushort)(int)(MathF.Min(v, 1f) * 65535f + 0.5f) : (ushort)0;
        }
    }
}
