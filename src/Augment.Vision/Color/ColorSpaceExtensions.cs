namespace Augment.Vision;

/// <summary>Colour-space conversion of <see cref="ImageFrame"/>s.</summary>
public static class ColorSpaceExtensions
{
    /// <summary>
    /// Returns a copy of <paramref name="frame"/> converted to <paramref name="target"/>. SDR white
    /// (linear 1.0) maps to <see cref="HdrReference.SdrWhiteNits"/> in PQ and HLG; HLG uses the
    /// BT.2100 OOTF for a <see cref="HdrReference.HlgPeakNits"/> display. Alpha is copied unchanged.
    /// Values are not clipped to the target gamut except where a transfer function clamps (PQ, HLG).
    /// </summary>
    /// <param name="frame">A frame with three colour channels and a defined <see cref="ImageFrame.ColorSpace"/>.</param>
    /// <param name="target">The colour space of the result.</param>
    /// <param name="cancellationToken">Cancels the conversion.</param>
    /// <returns>A new frame that the caller disposes.</returns>
    public static ImageFrame ConvertColorSpace(this ImageFrame frame, ColorSpace target, CancellationToken cancellationToken = default)
    {
        Validate(frame, target);
        var copy = frame.Clone();
        try
        {
            ConvertColorSpaceInPlace(copy, target, cancellationToken);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Converts <paramref name="frame"/> to <paramref name="target"/> in place and retags it; see <see cref="ConvertColorSpace"/>.</summary>
    /// <param name="frame">A frame with three colour channels and a defined <see cref="ImageFrame.ColorSpace"/>.</param>
    /// <param name="target">The new colour space.</param>
    /// <param name="cancellationToken">Cancels the conversion (the frame is then partly converted).</param>
    public static void ConvertColorSpaceInPlace(this ImageFrame frame, ColorSpace target, CancellationToken cancellationToken = default)
    {
        Validate(frame, target);
        if (frame.ColorSpace == target)
            return;
        new ColorSpaceConversion(frame.ColorSpace, target).ConvertFrame(frame, cancellationToken);
        frame.ColorSpace = target;
    }

    private static void Validate(ImageFrame frame, ColorSpace target)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"Colour-space conversion needs three colour channels; the frame has {frame.ColorChannels}.", nameof(frame));
        ColorSpaceConversion.Describe(frame.ColorSpace, nameof(frame));
        ColorSpaceConversion.Describe(target, nameof(target));
    }
}
