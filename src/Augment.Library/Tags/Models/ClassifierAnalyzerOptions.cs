namespace Augment.Library;

/// <summary>What <see cref="ClassifierAnalyzer"/> keeps of a classifier's scores. Immutable; fluent methods return copies.</summary>
public sealed record ClassifierAnalyzerOptions
{
    /// <summary>The defaults: source "classifier", the top 5 labels of at least 0.1 probability.</summary>
    public static ClassifierAnalyzerOptions Default { get; } = new();

    /// <summary>The analyser's name in the index.</summary>
    public string Source { get; init; } = "classifier";

    /// <summary>At most this many tags per shot.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Labels below this probability (0..1) are not tags.</summary>
    public float MinProbability { get; init; } = 0.1f;

    /// <summary>A copy named <paramref name="source"/>.</summary>
    /// <param name="source">The analyser's name in the index.</param>
    public ClassifierAnalyzerOptions Named(string source) => this with { Source = source };

    /// <summary>A copy keeping the top <paramref name="topK"/> labels at or above <paramref name="minProbability"/>.</summary>
    /// <param name="topK">Most tags per shot.</param>
    /// <param name="minProbability">Smallest probability kept, 0..1.</param>
    public ClassifierAnalyzerOptions Keep(int topK, float minProbability) => this with { TopK = topK, MinProbability = minProbability };

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Source, nameof(Source));
        ArgumentOutOfRangeException.ThrowIfLessThan(TopK, 1, nameof(TopK));
        if (!(MinProbability >= 0 && MinProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinProbability), MinProbability, "MinProbability must be between 0 and 1.");
    }
}
