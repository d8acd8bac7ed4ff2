namespace Augment;

/// <summary>
/// Splits interleaved-to-planar conversions of a whole frame into blocks of rows and runs the
/// <see cref="PixelKernels"/> on them in parallel within the frame's budget.
/// </summary>
internal static class PixelConversion
{
    // Below this many pixels a conversion is faster on one thread than the cost of scheduling.
    private const int ParallelThreshold = 1 << 16;

    // Rows per work item: big enough to amortise scheduling, small enough to balance.
    private const int PixelsPerBlock = 1 << 15;

    public static void Deinterleave(ReadOnlySpan<byte> src, ImageFrame frame, PixelLayout layout)
    {
        unsafe
        {
            fixed (byte* p = src)
            {
                var ptr = (nint)p;
                var length = src.Length;
                ForBlocks(frame, (start, count, channels) =>
                {
                    var s = new ReadOnlySpan<byte>((byte*)ptr, length).Slice(start * channels, count * channels);
                    PixelKernels.Deinterleave(s, frame.Data[start..], frame.PixelCount, count, layout.PlaneOrder());
                });
            }
        }
    }

    public static void Deinterleave(ReadOnlySpan<ushort> src, ImageFrame frame, PixelLayout layout)
    {
        unsafe
        {
            fixed (ushort* p = src)
            {
                var ptr = (nint)p;
                var length = src.Length;
                ForBlocks(frame, (start, count, channels) =>
                {
                    var s = new ReadOnlySpan<ushort>((ushort*)ptr, length).Slice(start * channels, count * channels);
                    PixelKernels.Deinterleave(s, frame.Data[start..], frame.PixelCount, count, layout.PlaneOrder());
                });
            }
        }
    }

    public static void Deinterleave(ReadOnlySpan<float> src, ImageFrame frame, PixelLayout layout)
    {
        unsafe
        {
            fixed (float* p = src)
            {
                var ptr = (nint)p;
                var length = src.Length;
                ForBlocks(frame, (start, count, channels) =>
                {
                    var s = new ReadOnlySpan<float>((float*)ptr, length).Slice(start * channels, count * channels);
                    PixelKernels.Deinterleave(s, frame.Data[start..], frame.PixelCount, count, layout.PlaneOrder());
                });
            }
        }
    }

    public static void Interleave(ImageFrame frame, Span<byte> dst, PixelLayout layout)
    {
        unsafe
        {
            fixed (byte* p = dst)
            {
                var ptr = (nint)p;
                var length = dst.Length;
                ForBlocks(frame, (start, count, channels) =>
                {
                    var d = new Span<byte>((byte*)ptr, length).Slice(start * channels, count * channels);
                    PixelKernels.Interleave(frame.Data[start..], frame.PixelCount, d, count, layout.PlaneOrder());
                });
            }
        }
    }

    public static void Interleave(ImageFrame frame, Span<ushort> dst, PixelLayout layout)
    {
        unsafe
        {
            fixed (ushort* p = dst)
            {
                var ptr = (nint)p;
                var length = dst.Length;
                ForBlocks(frame, (start, count, channels) =>
                {
                    var d = new Span<ushort>((ushort*)ptr, length).Slice(start * channels, count * channels);
                    PixelKernels.Interleave(frame.Data[start..], frame.PixelCount, d, count, layout.PlaneOrder());
                });
            }
        }
    }

    public static void Interleave(ImageFrame frame, Span<float> dst, PixelLayout layout)
    {
        unsafe
        {
            fixed (float* p = dst)
            {
                var ptr = (nint)p;
                var length = dst.Length;
                ForBlocks(frame, (start, count, channels) =>
                {
                    var d = new Span<float>((float*)ptr, length).Slice(start * channels, count * channels);
                    PixelKernels.Interleave(frame.Data[start..], frame.PixelCount, d, count, layout.PlaneOrder());
                });
            }
        }
    }

    /// <summary>Runs <paramref name="body"/>(firstPixel, pixelCount, channels) over the frame in blocks.</summary>
    private static void ForBlocks(ImageFrame frame, Action<int, int, int> body)
    {
        var total = frame.PixelCount;
        var channels = frame.Channels;
        if (total < ParallelThreshold || frame.Budget.MaxThreads == 1)
        {
            body(0, total, channels);
            return;
        }
        var blocks = (total + PixelsPerBlock - 1) / PixelsPerBlock;
        Parallel.For(0, blocks, frame.Budget.ToParallelOptions(), b =>
        {
            var start = b * PixelsPerBlock;
            body(start, Math.Min(PixelsPerBlock, total - start), channels);
        });
    }
}
