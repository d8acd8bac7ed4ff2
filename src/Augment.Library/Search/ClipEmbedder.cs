namespace Augment.Library;

/// <summary>
/// A CLIP-style model as the embedder of library searches: its text side embeds queries, its image side embeds
/// example pictures, both compared with the image embeddings a <see cref="ClipAnalyzer"/> stored under
/// <see cref="Source"/>.
/// </summary>
/// <param name="model">The loaded model (the caller keeps ownership).</param>
/// <param name="source">The analysis source the scan stored the embeddings under ("clip" unless renamed).</param>
public sealed class ClipEmbedder(ClipModel model, string source = "clip") : ITextEmbedder, IImageEmbedder
{
    /// <inheritdoc />
    public string Source { get; } = !string.IsNullOrWhiteSpace(source) ? source : throw new ArgumentException("A source name is required.", nameof(source));

    /// <inheritdoc />
    public float[] EmbedText(string text) => model.EmbedText(text);

    /// <inheritdoc />
    public float[] EmbedImage(ImageFrame frame) => model.EmbedImage(frame);
}
