namespace Augment.Audio;

/// <summary>What a <see cref="LoudnessMeter"/> measures besides the gated loudness.</summary>
public sealed record LoudnessMeterOptions
{
    /// <summary>Default options: true peak on, a series point every 100 ms.</summary>
    public static LoudnessMeterOptions Default { get; } = new();

    /// <summary>Measure the true peak (4x oversampled, BS.1770-4 Annex 2). Off saves about half the time.</summary>
    public bool TruePeak { get; init; } = true;

    /// <summary>Keep a <see cref="LoudnessPoint"/> every 100 ms for plots (24 bytes each: 2.6 MB for 3 hours).</summary>
    public bool KeepSeries { get; init; } = true;

    /// <summary>
    /// Weight per channel (BS.1770-4 G_i) overriding the ones taken from the channel mask or count; 0 leaves
    /// a channel out of the loudness (it still counts for the peaks).
    /// </summary>
    public IReadOnlyList<double>? ChannelWeights { get; init; }
}
