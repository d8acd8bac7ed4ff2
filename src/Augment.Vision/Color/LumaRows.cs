namespace Augment.Vision;

/// <summary>
/// One row of luma from a frame's colour planes as stored (no transfer-function change), for the
/// analyses that work on brightness alone. A grey frame's row is its single channel.
/// </summary>
internal static class LumaRows
{
    /// <summary>BT.601 weights (0.299, 0.587, 0.114): the Y that JPEG and most codecs keep at full resolution.</summary>
    public static void Bt601(ImageFrame frame, int y, Span<float> luma)
    {
        if (frame.ColorChannels < 3)
        {
            frame.Row(0, y)[..luma.Length].CopyTo(luma);
            return;
        }
        ReadOnlySpan<float> r = frame.Row(0, y), g = frame.Row(1, y), b = frame.Row(2, y);
        for (var x = 0; x < luma.Length; x++)
            luma[x] = (0.299f * r[x]) + (0.587f * g[x]) + (0.114f * b[x]);
    }

    /// <summary>BT.709 weights (0.2126, 0.7152, 0.0722).</summary>
    public static void Bt709(ImageFrame frame, int y, Span<float> luma)
    {
        if (frame.ColorChannels < 3)
        {
            frame.Row(0, y)[..luma.Length].CopyTo(luma);
            return;
        }
        ReadOnlySpan<float> r = frame.Row(0, y), g = frame.Row(1, y), b = frame.Row(2, y);
        for (var x = 0; x < luma.Length; x++)
            luma[x] = 0.2126f * r[x] + 0.7152f * g[x] + 0.0722f * b[x];
    }
}
