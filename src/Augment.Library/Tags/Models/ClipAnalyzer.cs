using System.Globalization;

namespace Augment.Library;

/// <summary>
/// An <see cref="IAssetAnalyzer"/> over a <see cref="ClipModel"/>: it stores each shot keyframe's image embedding (so
/// that text search can rank shots by <see cref="ClipModel.EmbedText"/> of a query) and tags the shot with the
/// vocabulary terms whose zero-shot probability reaches <see cref="ClipAnalyzerOptions.MinProbability"/>. The
/// vocabulary's text embeddings are computed once, here. Its <see cref="Version"/> changes with the encoders, the
/// tokenizer files, the vocabulary and every setting. The model stays the caller's to dispose.
/// </summary>
/// <example>
/// <code>
/// using var clip = ClipModel.Load("clip-image.onnx", "clip-text.onnx", "vocab.json", "merges.txt");
/// var analyzer = new ClipAnalyzer(clip, ["beach", "city at night", "dog", "car", "forest"]);
/// </code>
/// </example>
public sealed class ClipAnalyzer : IAssetAnalyzer
{
    private readonly ClipModel _model;
    private readonly string[] _vocabulary;
    private readonly float[][] _terms;
    private readonly ClipAnalyzerOptions _options;

    /// <summary>Prepares the analyser, embedding every vocabulary term.</summary>
    /// <param name="model">The CLIP model (not disposed by the analyser).</param>
    /// <param name="vocabulary">The tag terms (at least one, none blank); each is both the prompt and the tag name.</param>
    /// <param name="options">Source name, threshold and top-k; <see cref="ClipAnalyzerOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the vocabulary's embedding.</param>
    public ClipAnalyzer(ClipModel model, IReadOnlyList<string> vocabulary, ClipAnalyzerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        options ??= ClipAnalyzerOptions.Default;
        options.Validate();
        if (vocabulary.Count == 0) throw new ArgumentException("The vocabulary is empty; give at least one term.", nameof(vocabulary));
        _vocabulary = new string[vocabulary.Count];
        for (var i = 0; i < _vocabulary.Length; i++)
        {
            var term = vocabulary[i];
            if (string.IsNullOrWhiteSpace(term)) throw new ArgumentException($"Vocabulary term {i} is blank.", nameof(vocabulary));
            _vocabulary[i] = term.Trim();
        }
        _model = model;
        _options = options;
        _terms = model.EmbedTexts(_vocabulary, cancellationToken);
        Version = ModelDigest.Version("clip-1", model.Digest, ModelDigest.OfStrings(_vocabulary), model.Settings(),
            string.Create(CultureInfo.InvariantCulture, $"top={options.TopK};min={options.MinProbability:R}"));
    }

    /// <inheritdoc />
    public string Source => _options.Source;

    /// <inheritdoc />
    public string Version { get; }

    /// <summary>The tag terms, trimmed, in the order given.</summary>
    public IReadOnlyList<string> Vocabulary => _vocabulary;

    /// <inheritdoc />
    public AssetAnalysis Analyze(AssetSample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var frames = new ImageFrame[sample.Shots.Count];
        for (var i = 0; i < frames.Length; i++) frames[i] = sample.Shots[i].Keyframe;
        var vectors = _model.EmbedImages(frames, cancellationToken);
        var tags = new List<AssetTag>();
        var embeddings = new AssetEmbedding[frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            var shot = sample.Shots[i];
            embeddings[i] = new AssetEmbedding(shot.ShotIndex, vectors[i]);
            var ranked = _model.Rank(vectors[i], _terms, _vocabulary);
            for (var k = 0; k < ranked.Count && k < _options.TopK; k++)
            {
                if (ranked[k].Probability < _options.MinProbability) break;
                tags.Add(new AssetTag(ranked[k].Label, ranked[k].Probability, shot.ShotIndex, shot.Start, shot.End));
            }
        }
        return new AssetAnalysis(Source, Version, tags, embeddings);
    }
}
