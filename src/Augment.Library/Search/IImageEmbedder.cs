namespace Augment.Library;

/// <summary>
/// Turns a picture into a vector comparable with the embeddings an analyser stored under <see cref="Source"/>:
/// query by example with a picture that is not in the library.
/// </summary>
public interface IImageEmbedder
{
    /// <summary>The analysis source whose stored embeddings the vectors compare with.</summary>
    string Source { get; }

    /// <summary>The L2-normalised embedding of <paramref name="frame"/> (sRGB-encoded RGB).</summary>
    float[] EmbedImage(ImageFrame frame);
}
