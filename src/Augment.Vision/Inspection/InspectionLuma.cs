namespace Augment.Vision;

/// <summary>
/// The plane the checks look at: the grey channel, or BT.601 luma (0.299 R + 0.587 G + 0.114 B) of the colour
/// channels as stored. BT.601 is the Y that JPEG (JFIF) and most video codecs keep at full resolution, so their
/// 4:2:0 chroma subsampling — a genuine x2 upsampling of Cb and Cr — cancels out instead of showing as a grid.
/// </summary>
internal static class InspectionLuma
{
    /// <summary>Fills the first width x height values of <paramref name="luma"/> from the frame, in parallel row bands.</summary>
    public static void Compute(ImageFrame frame, float[] luma, CancellationToken cancellationToken)
    {
        if (frame.ColorChannels < 3)
        {
            frame.Plane(0).CopyTo(luma);
            return;
        }
        var width = frame.Width;
        RowBands.Run(frame, (first, end) =>
        {
            for (var y = first; y < end; y++)
                LumaRows.Bt601(frame, y, luma.AsSpan(y * width, width));
        }, cancellationToken);
    }
}
