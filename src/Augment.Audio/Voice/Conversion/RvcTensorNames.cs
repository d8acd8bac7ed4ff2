namespace Augment.Audio;

/// <summary>
/// The tensor names of an RVC model pair. The defaults are the names RVC's own ONNX export
/// (<c>infer/modules/onnx/export.py</c> in RVC-Project/Retrieval-based-Voice-Conversion-WebUI) writes for the
/// generator; the content encoder (ContentVec/HuBERT, such as <c>vec-768-layer-12.onnx</c>) is taken by position
/// unless named. Change a name when your export used another one.
/// </summary>
public sealed record RvcTensorNames
{
    /// <summary>The RVC export's names.</summary>
    public static RvcTensorNames Default { get; } = new();

    /// <summary>The encoder's sound input, float [1, 1, samples] at 16 kHz; null takes its only input.</summary>
    public string? EncoderInput { get; init; }

    /// <summary>The encoder's feature output, float [1, frames, D] at 50 frames/s; null takes its first output.</summary>
    public string? EncoderOutput { get; init; }

    /// <summary>Generator input: content features, float [1, T, D] at 100 frames/s.</summary>
    public string Phone { get; init; } = "phone";

    /// <summary>Generator input: the frame count T, int64 [1].</summary>
    public string PhoneLengths { get; init; } = "phone_lengths";

    /// <summary>Generator input: coarse pitch bins 1..255, int64 [1, T].</summary>
    public string Pitch { get; init; } = "pitch";

    /// <summary>Generator input: fundamental frequency in hertz (0 unvoiced), float [1, T].</summary>
    public string PitchHz { get; init; } = "pitchf";

    /// <summary>Generator input: the speaker id, int64 [1].</summary>
    public string Speaker { get; init; } = "ds";

    /// <summary>Generator input: the prior's noise, float [1, 192, T].</summary>
    public string Noise { get; init; } = "rnd";

    /// <summary>Generator output: the voice, float [1, 1, T x samples per frame].</summary>
    public string Audio { get; init; } = "audio";

    internal void Validate()
    {
        string[] names = [Phone, PhoneLengths, Pitch, PitchHz, Speaker, Noise, Audio];
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException("Every generator tensor name must be non-empty.", nameof(RvcTensorNames));
        }
        for (var i = 0; i < 6; i++)
        {
            for (var j = i + 1; j < 6; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.Ordinal))
                    throw new ArgumentException($"The generator input name '{names[i]}' is given twice.", nameof(RvcTensorNames));
            }
        }
    }
}
