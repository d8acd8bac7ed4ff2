namespace Augment.Audio;

/// <summary>
/// A way to split a mix into stems: model-free methods (harmonic/percussive, repeating pattern, NMF) and the
/// model runners share this shape, so the CLI, the evaluation and callers can swap one for another.
/// </summary>
public interface IStemSeparator
{
    /// <summary>Names of the stems <see cref="Separate"/> returns, in order.</summary>
    IReadOnlyList<string> StemNames { get; }

    /// <summary>
    /// Separates <paramref name="mix"/> into stems aligned with it (same rate, channels and length). The caller owns
    /// the result. The input is never modified.
    /// </summary>
    StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default);
}
