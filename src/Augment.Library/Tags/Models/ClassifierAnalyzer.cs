using System.Globalization;

namespace Augment.Library;

/// <summary>
/// An <see cref="IAssetAnalyzer"/> that tags each shot's keyframe with an <see cref="ImageClassifier"/>'s top labels.
/// Its <see cref="Version"/> changes with the model bytes, the labels and every setting, so a re-scan re-tags only
/// when one of them changed. The classifier stays the caller's to dispose.
/// </summary>
/// <example>
/// <code>
/// using var classifier = ImageClassifier.Load("resnet50.onnx", "synset_words.txt");
/// var analyzer = new ClassifierAnalyzer(classifier, ClassifierAnalyzerOptions.Default.Keep(3, 0.2f));
/// </code>
/// </example>
public sealed class ClassifierAnalyzer : IAssetAnalyzer
{
    private readonly ImageClassifier _classifier;
    private readonly ClassifierAnalyzerOptions _options;

    /// <summary>Wraps <paramref name="classifier"/>.</summary>
    /// <param name="classifier">The classifier (not disposed by the analyser).</param>
    /// <param name="options">Source name, top-k and minimum probability; <see cref="ClassifierAnalyzerOptions.Default"/> when null.</param>
    public ClassifierAnalyzer(ImageClassifier classifier, ClassifierAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        options ??= ClassifierAnalyzerOptions.Default;
        options.Validate();
        _classifier = classifier;
        _options = options;
        Version = ModelDigest.Version("classifier-1", classifier.ModelDigest, classifier.LabelsDigest, classifier.Settings(),
            string.Create(CultureInfo.InvariantCulture, $"top={options.TopK};min={options.MinProbability:R}"));
    }

    /// <inheritdoc />
    public string Source => _options.Source;

    /// <inheritdoc />
    public string Version { get; }

    /// <inheritdoc />
    public AssetAnalysis Analyze(AssetSample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var frames = new ImageFrame[sample.Shots.Count];
        for (var i = 0; i < frames.Length; i++) frames[i] = sample.Shots[i].Keyframe;
        var scores = _classifier.Classify(frames, _options.TopK, cancellationToken);
        var tags = new List<AssetTag>();
        for (var i = 0; i < frames.Length; i++)
        {
            var shot = sample.Shots[i];
            foreach (var score in scores[i])
            {
                if (score.Probability >= _options.MinProbability)
                    tags.Add(new AssetTag(score.Label, score.Probability, shot.ShotIndex, shot.Start, shot.End));
            }
        }
        return new AssetAnalysis(Source, Version, tags, []);
    }
}
