namespace Augment.Splat.Training;

/// <summary>
/// The measures of one video frame, taken on its luma at the analysis size (<see cref="CaptureReport.AnalysisWidth"/>
/// x <see cref="CaptureReport.AnalysisHeight"/>, luma in [0, 1]).
/// </summary>
public sealed record FrameScore
{
    /// <summary>Zero-based frame number in decode order.</summary>
    public required int Index { get; init; }

    /// <summary>Presentation time (index / frame rate).</summary>
    public required TimeSpan Time { get; init; }

    /// <summary>Variance of the 3x3 Laplacian of luma (Pech-Pacheco et al. 2000); higher is sharper. In [0, 1]² units: multiply by 255² for OpenCV's value on 8-bit images.</summary>
    public required double Sharpness { get; init; }

    /// <summary>Tenengrad: mean squared 3x3 Sobel gradient magnitude of luma (Krotkov 1987).</summary>
    public required double GradientEnergy { get; init; }

    /// <summary>Mean luma, 0 (black) to 1 (white).</summary>
    public required double MeanLuma { get; init; }

    /// <summary>Fraction of pixels with luma at or below 2/255.</summary>
    public required double DarkFraction { get; init; }

    /// <summary>Fraction of pixels with luma at or above 253/255.</summary>
    public required double BrightFraction { get; init; }

    /// <summary>Directional blur measure, 1 − λmin/λmax of the gradient structure tensor: near 0 for isotropic detail, towards 1 when detail survives in one direction only (motion blur).</summary>
    public required double Anisotropy { get; init; }

    /// <summary>Horizontal image motion from the previous frame in full-resolution pixels (phase correlation; 0 for the first frame).</summary>
    public required double ShiftX { get; init; }

    /// <summary>Vertical image motion from the previous frame in full-resolution pixels.</summary>
    public required double ShiftY { get; init; }

    /// <summary>
    /// Parallax proxy measured between the previous key frame and this one: median residual of an affine fit of block
    /// displacements divided by their mean length (0 for a camera that only rotates or zooms). Null on frames where it
    /// was not measured (not a key frame, too little motion or texture).
    /// </summary>
    public double? Parallax { get; init; }

    /// <summary>Sharpness relative to the video's median (1 = median), the ranking score within a segment.</summary>
    public required double RelativeSharpness { get; init; }

    /// <summary>Why the frame may not be selected; <see cref="FrameRejection.None"/> when usable.</summary>
    public required FrameRejection Rejection { get; init; }

    /// <summary>Whether the frame may be selected.</summary>
    public bool Usable => Rejection == FrameRejection.None;
}
