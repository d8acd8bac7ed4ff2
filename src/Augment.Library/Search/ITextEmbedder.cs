namespace Augment.Library;

/// <summary>
/// Turns a text query into a vector comparable with the image embeddings an analyser stored under
/// <see cref="Source"/> (the text side of a CLIP-style model). Lets <see cref="AssetLibrary"/> rank shots by
/// similarity as well as by tags.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>The analysis source whose stored embeddings the text vectors compare with.</summary>
    string Source { get; }

    /// <summary>The L2-normalised embedding of <paramref name="text"/>.</summary>
    float[] EmbedText(string text);
}
