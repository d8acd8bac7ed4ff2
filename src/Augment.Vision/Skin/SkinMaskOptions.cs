namespace Augment.Vision;

/// <summary>Settings for <see cref="SkinMask.Estimate"/>.</summary>
public sealed record SkinMaskOptions
{
    /// <summary>The defaults: the chroma model, a 3-pixel Gaussian smoothing radius.</summary>
    public static SkinMaskOptions Default { get; } = new();

    /// <summary>
    /// Half-width in pixels of the separable Gaussian (σ = radius / 2) that smooths the per-pixel
    /// likelihood (or the model's mask), so a grade attenuated by the mask has no hard seams; 0 leaves it unsmoothed.
    /// </summary>
    public int SmoothingRadiusPixels { get; init; } = 3;

    /// <summary>
    /// For <see cref="SkinProtection.ApplyProtectingSkin"/>: after the attenuated grade, turn each pixel's
    /// CIELAB hue back toward its original hue by its skin likelihood (lightness and chroma keep the
    /// graded values), so partially graded skin stays on the natural skin-tone line. Off by default.
    /// </summary>
    public bool KeepSkinHue { get; init; }

    /// <summary>
    /// An optional skin segmentation model that the caller loads, owns and disposes; null (default) uses
    /// the classical chroma model only. Expected signature, checked before the first run
    /// (<see cref="ModelSignatureException"/> otherwise): one float input [1, 3, H, W] holding sRGB-encoded
    /// R, G, B in 0..1 (or ImageNet-normalised, see <see cref="NormalizeImageNet"/>), and a first float
    /// output [1, C, H', W'] as <see cref="ModelOutput"/> describes (C = 1 for a probability or logit,
    /// C = K ≥ 2 for class scores). A model with a fixed H x W gets the frame resized to it (area
    /// averaging down, bilinear up) and its mask resized back to the frame; a model with dynamic H and W
    /// runs on the whole frame (in overlapping tiles above <see cref="ModelTileThresholdPixels"/>).
    /// </summary>
    public OnnxModel? Model { get; init; }

    /// <summary>How the model's first output is read; <see cref="SkinModelOutput.Probability"/> by default.</summary>
    public SkinModelOutput ModelOutput { get; init; } = SkinModelOutput.Probability;

    /// <summary>The skin class's channel for <see cref="SkinModelOutput.ClassScores"/> and <see cref="SkinModelOutput.ClassProbabilities"/>; 1 by default (background 0, skin 1).</summary>
    public int SkinClassIndex { get; init; } = 1;

    /// <summary>
    /// Feed the model (x − mean) / std with the ImageNet mean (0.485, 0.456, 0.406) and standard deviation
    /// (0.229, 0.224, 0.225) per channel instead of plain sRGB 0..1, as most torchvision-trained
    /// segmentation networks expect. Off by default.
    /// </summary>
    public bool NormalizeImageNet { get; init; }

    /// <summary>How the model's mask and the chroma model's likelihood combine; <see cref="SkinModelCombine.ModelOnly"/> by default.</summary>
    public SkinModelCombine Combine { get; init; } = SkinModelCombine.ModelOnly;

    /// <summary>
    /// For a model with dynamic H and W: frames with more pixels than this run through
    /// <see cref="OnnxModel.RunTiled"/> with default tiles instead of whole; 4 194 304 (2048²) by default.
    /// </summary>
    public long ModelTileThresholdPixels { get; init; } = 2048L * 2048L;
}
