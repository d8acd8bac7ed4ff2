namespace Augment;

/// <summary>Order of the channels in an interleaved pixel buffer (one element per channel).</summary>
public enum PixelLayout
{
    /// <summary>One grey channel.</summary>
    Gray = 1,

    /// <summary>Grey then alpha.</summary>
    GrayAlpha,

    /// <summary>Red, green, blue.</summary>
    Rgb,

    /// <summary>Red, green, blue, alpha.</summary>
    Rgba,

    /// <summary>Blue, green, red (Windows bitmaps, OpenCV).</summary>
    Bgr,

    /// <summary>Blue, green, red, alpha.</summary>
    Bgra,
}

/// <summary>Facts about <see cref="PixelLayout"/> values.</summary>
public static class PixelLayoutExtensions
{
    /// <summary>Number of channels of one interleaved pixel.</summary>
    public static int ChannelCount(this PixelLayout layout) => layout switch
    {
        PixelLayout.Gray => 1,
        PixelLayout.GrayAlpha => 2,
        PixelLayout.Rgb or PixelLayout.Bgr => 3,
        PixelLayout.Rgba or PixelLayout.Bgra => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown pixel layout."),
    };

    /// <summary>Whether the last channel is alpha.</summary>
    public static bool HasAlpha(this PixelLayout layout) =>
        layout is PixelLayout.GrayAlpha or PixelLayout.Rgba or PixelLayout.Bgra;

    /// <summary>
    /// For interleaved channel k, the planar channel of an <see cref="ImageFrame"/> it belongs to
    /// (R=0, G=1, B=2, alpha last).
    /// </summary>
    internal static ReadOnlySpan<int> PlaneOrder(this PixelLayout layout) => layout switch
    {
        PixelLayout.Gray => [0],
        PixelLayout.GrayAlpha => [0, 1],
        PixelLayout.Rgb => [0, 1, 2],
        PixelLayout.Rgba => [0, 1, 2, 3],
        PixelLayout.Bgr => [2, 1, 0],
        PixelLayout.Bgra => [2, 1, 0, 3],
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown pixel layout."),
    };
}
