using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// How <see cref="ImageClassifier"/> prepares frames and reads its model. The defaults are the torchvision ImageNet
/// evaluation transform: resize the short side to 256, centre crop 224, ImageNet mean and standard deviation, RGB.
/// Immutable; the fluent methods return changed copies.
/// </summary>
/// <example>
/// <code>
/// var options = ImageClassifierOptions.Default.WithCrop(299).WithOutput(ClassifierOutput.Probabilities);
/// </code>
/// </example>
public sealed record ImageClassifierOptions
{
    /// <summary>The ImageNet per-channel mean (R, G, B) of values in 0..1.</summary>
    public static IReadOnlyList<float> ImageNetMean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>The ImageNet per-channel standard deviation (R, G, B).</summary>
    public static IReadOnlyList<float> ImageNetStd { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>The defaults.</summary>
    public static ImageClassifierOptions Default { get; } = new();

    /// <summary>
    /// Side of the square crop fed to the model, in pixels. Null: the model's fixed height and width, or 224 when they
    /// are dynamic. A value that contradicts a fixed model size is a <see cref="ModelSignatureException"/>.
    /// </summary>
    public int? CropPixels { get; init; }

    /// <summary>
    /// Length the short side is resized to before the crop, in pixels (at least the crop). Null: the crop x 256/224,
    /// rounded (256 for a 224 crop), the usual ImageNet ratio.
    /// </summary>
    public int? ResizeShortSidePixels { get; init; }

    /// <summary>The resize filter; bilinear (antialiased when shrinking) by default, as torchvision's evaluation transform.</summary>
    public ResampleKernel Kernel { get; init; } = ResampleKernel.Bilinear;

    /// <summary>Per-channel mean subtracted from R, G, B (values 0..1).</summary>
    public IReadOnlyList<float> Mean { get; init; } = ImageNetMean;

    /// <summary>Per-channel standard deviation the R, G, B values are divided by.</summary>
    public IReadOnlyList<float> Std { get; init; } = ImageNetStd;

    /// <summary>Whether the model outputs logits (softmax applied here) or probabilities.</summary>
    public ClassifierOutput Output { get; init; } = ClassifierOutput.Logits;

    /// <summary>Name of the model input to feed; null takes its only input.</summary>
    public string? InputName { get; init; }

    /// <summary>Name of the model output to read; null takes its first output.</summary>
    public string? OutputName { get; init; }

    /// <summary>Largest number of frames run in one batch.</summary>
    public int MaxBatch { get; init; } = 16;

    /// <summary>ONNX Runtime provider and budget for the model; <see cref="OnnxModelOptions.Default"/> when null.</summary>
    public OnnxModelOptions? Model { get; init; }

    /// <summary>A copy with a square crop of <paramref name="cropPixels"/>.</summary>
    /// <param name="cropPixels">Crop side in pixels.</param>
    public ImageClassifierOptions WithCrop(int cropPixels) => this with { CropPixels = cropPixels };

    /// <summary>A copy that resizes the short side to <paramref name="shortSidePixels"/> before the crop.</summary>
    /// <param name="shortSidePixels">Short side after the resize, in pixels.</param>
    public ImageClassifierOptions WithResize(int shortSidePixels) => this with { ResizeShortSidePixels = shortSidePixels };

    /// <summary>A copy normalising with <paramref name="mean"/> and <paramref name="std"/> (R, G, B).</summary>
    /// <param name="mean">Per-channel mean.</param>
    /// <param name="std">Per-channel standard deviation.</param>
    public ImageClassifierOptions WithNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std) => this with { Mean = mean, Std = std };

    /// <summary>A copy reading the model's output as <paramref name="output"/>.</summary>
    /// <param name="output">Logits or probabilities.</param>
    public ImageClassifierOptions WithOutput(ClassifierOutput output) => this with { Output = output };

    /// <summary>A copy resizing with <paramref name="kernel"/>.</summary>
    /// <param name="kernel">The resize filter.</param>
    public ImageClassifierOptions Using(ResampleKernel kernel) => this with { Kernel = kernel };

    internal void Validate()
    {
        if (CropPixels is { } crop) ArgumentOutOfRangeException.ThrowIfLessThan(crop, 1, nameof(CropPixels));
        if (ResizeShortSidePixels is { } resize) ArgumentOutOfRangeException.ThrowIfLessThan(resize, 1, nameof(ResizeShortSidePixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, nameof(MaxBatch));
        CheckChannels(Mean, nameof(Mean), allowZero: true);
        CheckChannels(Std, nameof(Std), allowZero: false);
    }

    internal static void CheckChannels(IReadOnlyList<float> values, string name, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count != 3) throw new ArgumentException($"{name} needs 3 values (R, G, B); it has {values.Count}.", name);
        foreach (var v in values)
        {
            if (!float.IsFinite(v) || (!allowZero && v <= 0))
                throw new ArgumentException($"{name} has {v}; every value must be finite{(allowZero ? "" : " and positive")}.", name);
        }
    }
}
