namespace Augment.Library;

/// <summary>What <see cref="ClipAnalyzer"/> stores of each shot. Immutable; fluent methods return copies.</summary>
public sealed record ClipAnalyzerOptions
{
    /// <summary>The defaults: source "clip", up to 5 terms of at least 0.1 probability per shot.</summary>
    public static ClipAnalyzerOptions Default { get; } = new();

    /// <summary>The analyser's name in the index; text search finds its embeddings by it.</summary>
    public string Source { get; init; } = "clip";

    /// <summary>Terms below this zero-shot probability (0..1) are not tags.</summary>
    public float MinProbability { get; init; } = 0.1f;

    /// <summary>At most this many tags per shot.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>A copy named <paramref name="source"/>.</summary>
    /// <param name="source">The analyser's name in the index.</param>
    public ClipAnalyzerOptions Named(string source) => this with { Source = source };

    /// <summary>A copy keeping up to <paramref name="topK"/> terms at or above <paramref name="minProbability"/>.</summary>
    /// <param name="topK">Most tags per shot.</param>
    /// <param name="minProbability">Smallest probability kept, 0..1.</param>
    public ClipAnalyzerOptions Keep(int topK, float minProbability) => this with { TopK = topK, MinProbability = minProbability };

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Source, nameof(Source));
        ArgumentOutOfRangeException.ThrowIfLessThan(TopK, 1, nameof(TopK));
        if (!(MinProbability >= 0 && MinProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinProbability), MinProbability, "MinProbability must be between 0 and 1.");
    }
}
