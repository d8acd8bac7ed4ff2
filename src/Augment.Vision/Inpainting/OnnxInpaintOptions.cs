namespace Augment.Vision;

/// <summary>How <see cref="OnnxInpainter"/> prepares the model's input and puts its output back.</summary>
public sealed record OnnxInpaintOptions
{
    /// <summary>The defaults: 128 pixels of context, at most 1024 pixels per side into the model, mask grown by 2 pixels, output in 0..1.</summary>
    public static OnnxInpaintOptions Default { get; } = new();

    /// <summary>
    /// Known pixels around the mask's bounding box that the model sees, pixels (0..4096); at least half
    /// the box's longer side is always added, so large holes get proportionate context.
    /// </summary>
    public int ContextPixels { get; init; } = 128;

    /// <summary>
    /// Longest side of the crop fed to a model with free height and width (64..8192); a larger crop is
    /// scaled down (area averaging) for the model and its result scaled back up (bilinear) before compositing.
    /// </summary>
    public int MaxModelSidePixels { get; init; } = 1024;

    /// <summary>Pixels the mask is grown by (0..32); the grown ring is cross-faded as in <see cref="FillOptions.MaskDilationPixels"/>.</summary>
    public int MaskDilationPixels { get; init; } = 2;

    /// <summary>What the model's output value for full white is: 1 (the documented signature) or 255 for exports that write 0..255.</summary>
    public float OutputScale { get; init; } = 1f;

    internal void Validate()
    {
        if (ContextPixels is < 0 or > 4096)
            throw new ArgumentOutOfRangeException(nameof(ContextPixels), ContextPixels, $"Context must be between 0 and 4096 pixels; it is {ContextPixels}.");
        if (MaxModelSidePixels is < 64 or > 8192)
            throw new ArgumentOutOfRangeException(nameof(MaxModelSidePixels), MaxModelSidePixels, $"The model side must be between 64 and 8192 pixels; it is {MaxModelSidePixels}.");
        if (MaskDilationPixels is < 0 or > 32)
            throw new ArgumentOutOfRangeException(nameof(MaskDilationPixels), MaskDilationPixels, $"The mask dilation must be between 0 and 32 pixels; it is {MaskDilationPixels}.");
        if (!(OutputScale > 0) || !float.IsFinite(OutputScale))
            throw new ArgumentOutOfRangeException(nameof(OutputScale), OutputScale, "The output scale must be positive.");
    }
}
