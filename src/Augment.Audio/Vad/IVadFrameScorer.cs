namespace Augment.Audio;

/// <summary>Turns one 512-sample, 16 kHz analysis window into a speech probability, keeping state between windows.</summary>
internal interface IVadFrameScorer : IDisposable
{
    /// <summary>Speech probability (0..1) of <paramref name="window"/> (exactly <see cref="SileroVadModel.WindowSamples"/> samples).</summary>
    float Score(ReadOnlySpan<float> window, CancellationToken cancellationToken);

    /// <summary>Forgets all state: the next window is the start of a new stream.</summary>
    void Reset();
}
