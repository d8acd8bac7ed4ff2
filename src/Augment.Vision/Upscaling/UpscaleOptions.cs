namespace Augment.Vision;

/// <summary>
/// How <see cref="Upscaler"/> enlarges an image: with an ONNX super-resolution <see cref="Model"/>
/// (tiled, streamed) or, without one, classically (Lanczos-3 plus edge-aware sharpening). Build it
/// fluently with <see cref="UpscaleBuilder"/> (<c>frame.Upscale(u => u.Scale(2).Model(model))</c>)
/// or set the properties directly.
/// </summary>
public sealed record UpscaleOptions
{
    /// <summary>The model's scale, or x2 without a model; no detail guard; 0.5 sharpening; 256-pixel tiles with 16 pixels of overlap.</summary>
    public static UpscaleOptions Default { get; } = new();

    /// <summary>
    /// Output pixels per input pixel on each axis (2 to 8), or null for the model's own scale (x2
    /// without a model). With a model, a value that differs from the model's scale is an error.
    /// </summary>
    public int? ScaleFactor
    {
        get;
        init
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 2, nameof(ScaleFactor));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(v, 8, nameof(ScaleFactor));
            }
            field = value;
        }
    }

    /// <summary>
    /// A super-resolution model of the common family signature: input float NCHW [n, 3, h, w] with
    /// sRGB-encoded values in 0..1, output [n, 3, h·s, w·s] (s = 2 or 4, inferred from the output).
    /// Null for the classical path. The model is not disposed.
    /// </summary>
    public OnnxModel? Model { get; init; }

    /// <summary>
    /// Detail ("plastic") guard, 0..1: adds this fraction of the source's fine detail (the source
    /// minus its Gaussian blur with σ = 1 source pixel, Lanczos-upsampled) back onto a model's
    /// output, restoring grain and texture that super-resolution models tend to smooth away. 0 leaves
    /// the model's output as it is. Ignored on the classical path, whose output already carries it.
    /// </summary>
    public float DetailGuard
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(DetailGuard));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1f, nameof(DetailGuard));
            field = value;
        }
    }

    /// <summary>
    /// Classical path only: strength of the edge-gated unsharp mask applied before Lanczos
    /// upsampling, 0 (plain Lanczos) to 2. Flat areas and noise are left alone; see the guide.
    /// </summary>
    public float SharpenAmount
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(SharpenAmount));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 2f, nameof(SharpenAmount));
            field = value;
        }
    } = 0.5f;

    /// <summary>Tiling of model runs (tile size and overlap in input pixels, batch, blend).</summary>
    public TileOptions Tiles
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Tiles));
            field = value;
        }
    } = TileOptions.Default;
}
