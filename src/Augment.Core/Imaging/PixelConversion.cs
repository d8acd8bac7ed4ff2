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

    private delegate void DeinterleaveKernel<T>(ReadOnlySpan<T> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order);

    private delegate void InterleaveKernel<T>(ReadOnlySpan<float> planes, int planeStride, Span<T> dst, int count, ReadOnlySpan<int> order);

    public static void Deinterleave(ReadOnlySpan<byte> src, ImageFrame frame, PixelLayout layout) =>
        Deinterleave(src, frame, layout, PixelKernels.Deinterleave);

    public static void Deinterleave(ReadOnlySpan<ushort> src, ImageFrame frame, PixelLayout layout) =>
        Deinterleave(src, frame, layout, PixelKernels.Deinterleave);

    public static void Deinterleave(ReadOnlySpan<float> src, ImageFrame frame, PixelLayout layout) =>
        Deinterleave(src, frame, layout, PixelKernels.Deinterleave);

    public static void Interleave(ImageFrame frame, Span<byte> dst, PixelLayout layout) =>
        Interleave(frame, dst, layout, PixelKernels.Interleave);

    public static void Interleave(ImageFrame frame, Span<ushort> dst, PixelLayout layout) =>
        Interleave(frame, dst, layout, PixelKernels.Interleave);

    public static void Interleave(ImageFrame frame, Span<float> dst, PixelLayout layout) =>
        Interleave(frame, dst, layout, PixelKernels.Interleave);

    // Spans cannot be captured by the parallel body, so the caller's buffer is pinned for the
    // duration and each block rebuilds its slice from the pointer.
    private static unsafe void Deinterleave<T>(ReadOnlySpan<T> src, ImageFrame frame, PixelLayout layout, DeinterleaveKernel<T> kernel)
        where T : unmanaged
    {
        fixed (T* p = src)
        {
            var ptr = (nint)p;
            var length = src.Length;
            ForBlocks(frame, (start, count, channels) =>
            {
                var s = new ReadOnlySpan<T>((T*)ptr, length).Slice(start * channels, count * channels);
                kernel(s, frame.Data[start..], frame.PixelCount, count, layout.PlaneOrder());
            });
        }
    }

    private static unsafe void Interleave<T>(ImageFrame frame, Span<T> dst, PixelLayout layout, InterleaveKernel<T> kernel)
        where T : unmanaged
    {
        fixed (T* p = dst)
        {
            var ptr = (nint)p;
            var length = dst.Length;
            ForBlocks(frame, (start, count, channels) =>
            {
                var d = new Span<T>((T*)ptr, length).Slice(start * channels, count * channels);
                kernel(frame.Data[start..], frame.PixelCount, d, count, layout.PlaneOrder());
            });
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
