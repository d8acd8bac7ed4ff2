namespace Augment.Vision;

/// <summary>Applies 3D LUTs (with an optional 1D shaper) and 1D curves to frames.</summary>
public static class LutExtensions
{
    /// <summary>
    /// Returns a new frame with <paramref name="lut"/> applied to the three colour planes; alpha is
    /// copied untouched and values outside the LUT's domain are clamped to it. A LUT's
    /// <see cref="Lut3D.Shaper"/> is applied first (linear interpolation per channel); a curves-only LUT
    /// (<see cref="Lut3D.IsCurvesOnly"/>) applies just its curves. Runs in parallel over rows within the
    /// frame's <see cref="ImageFrame.Budget"/>.
    /// </summary>
    /// <param name="frame">An RGB or RGBA frame (three colour channels).</param>
    /// <param name="lut">The LUT.</param>
    /// <param name="interpolation">How lattice points are blended.</param>
    /// <exception cref="ArgumentException">The frame does not have three colour channels.</exception>
    public static ImageFrame ApplyLut(this ImageFrame frame, Lut3D lut, LutInterpolation interpolation = LutInterpolation.Tetrahedral)
    {
        Validate(frame, lut, interpolation);
        var result = ImageFrame.CreateLike(frame);
        try
        {
            LutKernels.ApplyFrame(frame, result, lut, interpolation, useReference: false, frame.Budget, CancellationToken.None);
            if (frame.HasAlpha)
                frame.Alpha.CopyTo(result.Alpha);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Applies <paramref name="lut"/> (shaper first, as <see cref="ApplyLut"/>) to the colour planes of <paramref name="frame"/> in place; alpha is untouched.</summary>
    /// <param name="frame">An RGB or RGBA frame (three colour channels).</param>
    /// <param name="lut">The LUT.</param>
    /// <param name="interpolation">How lattice points are blended.</param>
    /// <exception cref="ArgumentException">The frame does not have three colour channels.</exception>
    public static void ApplyLutInPlace(this ImageFrame frame, Lut3D lut, LutInterpolation interpolation = LutInterpolation.Tetrahedral)
    {
        Validate(frame, lut, interpolation);
        LutKernels.ApplyFrame(frame, frame, lut, interpolation, useReference: false, frame.Budget, CancellationToken.None);
    }

    private static void Validate(ImageFrame frame, Lut3D lut, LutInterpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(lut);
        if (interpolation is not (LutInterpolation.Tetrahedral or LutInterpolation.Trilinear))
            throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "Unknown LUT interpolation.");
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"A 3D LUT needs a frame with three colour channels; this one has {frame.ColorChannels}.", nameof(frame));
    }
}
