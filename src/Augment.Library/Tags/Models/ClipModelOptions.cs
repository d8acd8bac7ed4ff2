namespace Augment.Library;

/// <summary>
/// How <see cref="ClipModel"/> reads its two encoders and prepares their inputs. Immutable; fluent methods return copies.
/// </summary>
public sealed record ClipModelOptions
{
    /// <summary>CLIP's per-channel pixel mean (R, G, B), from the openai/CLIP preprocessing.</summary>
    public static IReadOnlyList<float> ClipMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>CLIP's per-channel pixel standard deviation (R, G, B).</summary>
    public static IReadOnlyList<float> ClipStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The defaults.</summary>
    public static ClipModelOptions Default { get; } = new();

    /// <summary>Side S of the square image input in pixels; null: the image encoder's fixed size, or 224 when dynamic.</summary>
    public int? ImageSizePixels { get; init; }

    /// <summary>Token sequence length L; null: the text encoder's fixed length, or 77 when dynamic.</summary>
    public int? ContextLength { get; init; }

    /// <summary>Pad token sequences with the end token instead of 0 (CLIP's reference pads with 0).</summary>
    public bool PadWithEndToken { get; init; }

    /// <summary>The temperature zero-shot tagging multiplies cosines by before the softmax (CLIP's learned scale is 100).</summary>
    public float LogitScale { get; init; } = 100f;

    /// <summary>Per-channel pixel mean (R, G, B, values 0..1).</summary>
    public IReadOnlyList<float> Mean { get; init; } = ClipMean;

    /// <summary>Per-channel pixel standard deviation (R, G, B).</summary>
    public IReadOnlyList<float> Std { get; init; } = ClipStd;

    /// <summary>Image encoder output to read; null takes its first output.</summary>
    public string? ImageOutputName { get; init; }

    /// <summary>Text encoder output to read; null takes its first output.</summary>
    public string? TextOutputName { get; init; }

    /// <summary>How many text embeddings to keep (least recently used dropped first); 0 turns the cache off.</summary>
    public int TextCacheCapacity { get; init; } = 4096;

    /// <summary>Largest number of images or texts run in one batch.</summary>
    public int MaxBatch { get; init; } = 32;

    /// <summary>ONNX Runtime provider and budget for both encoders; <see cref="OnnxModelOptions.Default"/> when null.</summary>
    public OnnxModelOptions? Model { get; init; }

    /// <summary>A copy using <paramref name="logitScale"/> for zero-shot tagging.</summary>
    /// <param name="logitScale">Cosine multiplier before the softmax.</param>
    public ClipModelOptions WithLogitScale(float logitScale) => this with { LogitScale = logitScale };

    /// <summary>A copy padding token sequences with the end token (true) or 0 (false).</summary>
    /// <param name="padWithEndToken">Whether to pad with the end token.</param>
    public ClipModelOptions PadWithEnd(bool padWithEndToken = true) => this with { PadWithEndToken = padWithEndToken };

    /// <summary>A copy with image side <paramref name="imageSizePixels"/> and context length <paramref name="contextLength"/> for dynamic encoders.</summary>
    /// <param name="imageSizePixels">Image side S in pixels.</param>
    /// <param name="contextLength">Token sequence length L.</param>
    public ClipModelOptions WithSizes(int imageSizePixels, int contextLength) => this with { ImageSizePixels = imageSizePixels, ContextLength = contextLength };

    internal void Validate()
    {
        if (ImageSizePixels is { } s) ArgumentOutOfRangeException.ThrowIfLessThan(s, 1, nameof(ImageSizePixels));
        if (ContextLength is { } l) ArgumentOutOfRangeException.ThrowIfLessThan(l, 2, nameof(ContextLength));
        if (!(float.IsFinite(LogitScale) && LogitScale > 0))
            throw new ArgumentOutOfRangeException(nameof(LogitScale), LogitScale, "LogitScale must be finite and positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(TextCacheCapacity, nameof(TextCacheCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, nameof(MaxBatch));
        ImageClassifierOptions.CheckChannels(Mean, nameof(Mean), allowZero: true);
        ImageClassifierOptions.CheckChannels(Std, nameof(Std), allowZero: false);
    }
}
