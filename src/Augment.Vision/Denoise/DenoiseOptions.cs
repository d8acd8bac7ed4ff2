namespace Augment.Vision;

/// <summary>
/// Settings for <see cref="ImageDenoiser.Denoise(ImageFrame, DenoiseOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>.
/// Immutable; <see cref="DenoiseBuilder"/> offers the same fields fluently. Every classical method works in an
/// orthonormal luma/chroma space (<c>Y = (R+G+B)/√3</c>, <c>C1 = (R−B)/√2</c>, <c>C2 = (R−2G+B)/√6</c>), where white
/// noise keeps its σ in every channel, so that chroma can be smoothed harder than luma.
/// </summary>
public sealed record DenoiseOptions
{
    /// <summary>Non-local means at strength 1, chroma 1.5, texture 0.15, σ estimated from the image.</summary>
    public static DenoiseOptions Default { get; } = new();

    /// <summary>The classical filter; ignored when <see cref="Model"/> is set.</summary>
    public DenoiseMethod Method { get; init; } = DenoiseMethod.NonLocalMeans;

    /// <summary>
    /// Multiplies the filtering strength chosen for the noise level (0..4): 1 is the tuned setting, 0 returns the
    /// input, 0.5 is gentler, 2 smooths harder. For non-local means it scales h, for the bilateral filter the
    /// range σ, for the guided filter √ε.
    /// </summary>
    public float Strength { get; init; } = 1f;

    /// <summary>Chroma strength relative to luma (0..8): colour noise is the more objectionable and carries less detail.</summary>
    public float Chroma { get; init; } = 1.5f;

    /// <summary>
    /// Texture preservation, 0..1: that fraction of the removed residual is added back where the local variance of
    /// the result says texture (weight <c>v / (v + σ²)</c> over 5x5), so that fine detail and a little grain survive
    /// instead of a "plastic" look. 0 returns the plain filter output.
    /// </summary>
    public float PreserveTexture { get; init; } = 0.15f;

    /// <summary>Noise σ in sample units (0..1 scale; 25/255 ≈ 0.098), or null to estimate it with <see cref="NoiseLevel"/>.</summary>
    public float? NoiseSigma { get; init; }

    /// <summary>Patch radius f for non-local means (patches are (2f+1)², 1..5), or null for the default by noise level (1 up to σ 40/255, then 2).</summary>
    public int? PatchRadius { get; init; }

    /// <summary>Search radius r for non-local means (offsets −r..r, 1..20), or null for the default by noise level (7, 6, then 5 above σ 40/255); cost grows with (2r+1)².</summary>
    public int? SearchRadius { get; init; }

    /// <summary>
    /// A learned denoiser to run instead of the classical filter: NCHW float32, input [1, C, H, W] with C the frame's
    /// colour channels, values in 0..1, output the same shape in 0..1. A second input, when the model has one, receives a
    /// [1, 1, H, W] noise-level map filled with σ (sample units). Run tiled with overlap (<see cref="ModelTiles"/>).
    /// </summary>
    public OnnxModel? Model { get; init; }

    /// <summary>Tiling of the model run; null for <see cref="TileOptions"/>' defaults.</summary>
    public TileOptions? ModelTiles { get; init; }
}
