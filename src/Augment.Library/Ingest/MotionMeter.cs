using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Passes frames through to the shot detector while measuring, for each frame after the first, the mean absolute
/// change of its luma (BT.709 weights on the sRGB-encoded values, 0..1) from the frame before: the per-shot motion
/// amount is the mean of these changes inside the shot.
/// </summary>
internal sealed class MotionMeter(IFrameReader inner) : IFrameReader
{
    private float[]? _previous;
    private float[]? _current;

    /// <summary>Change from frame i − 1 to frame i, for i ≥ 1 (index 0 holds 0).</summary>
    public List<float> Changes { get; } = [];

    public VideoInfo Info => inner.Info;

    public int FramesRead => inner.FramesRead;

    public ImageFrame? ReadFrame(CancellationToken cancellationToken = default)
    {
        var frame = inner.ReadFrame(cancellationToken);
        if (frame is null)
            return null;
        var pixels = frame.Width * frame.Height;
        _current ??= new float[pixels];
        Luma(frame, _current);
        Changes.Add(_previous is null ? 0f : MeanAbsoluteDifference(_previous, _current));
        (_previous, _current) = (_current, _previous ?? new float[pixels]);
        return frame;
    }

    /// <summary>Mean change over frames first + 1 .. last (0 for a one-frame shot).</summary>
    public float ShotMotion(long first, long last)
    {
        var sum = 0.0;
        var count = 0;
        for (var i = first + 1; i <= last && i < Changes.Count; i++)
        {
            sum += Changes[(int)i];
            count++;
        }
        return count == 0 ? 0f : (float)(sum / count);
    }

    /// <summary>Mean absolute luma change over a run of frames (the estimate a re-analysis makes around a keyframe).</summary>
    public static float MotionOf(IReadOnlyList<ImageFrame> frames)
    {
        if (frames.Count < 2)
            return 0f;
        var pixels = frames[0].Width * frames[0].Height;
        var previous = new float[pixels];
        var current = new float[pixels];
        Luma(frames[0], previous);
        var sum = 0.0;
        for (var i = 1; i < frames.Count; i++)
        {
            Luma(frames[i], current);
            sum += MeanAbsoluteDifference(previous, current);
            (previous, current) = (current, previous);
        }
        return (float)(sum / (frames.Count - 1));
    }

    internal static void Luma(ImageFrame frame, Span<float> luma)
    {
        var r = frame.Plane(0);
        var g = frame.Plane(frame.ColorChannels > 1 ? 1 : 0);
        var b = frame.Plane(frame.ColorChannels > 2 ? 2 : 0);
        for (var i = 0; i < luma.Length; i++)
            luma[i] = 0.2126f * r[i] + 0.7152f * g[i] + 0.0722f * b[i];
    }

    internal static float MeanAbsoluteDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += Math.Abs(a[i] - b[i]);
        return a.Length == 0 ? 0f : (float)Math.Clamp(sum / a.Length, 0.0, 1.0);
    }

    public void Dispose() => inner.Dispose();
}
