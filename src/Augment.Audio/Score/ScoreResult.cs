namespace Augment.Audio;

/// <summary>
/// A generated score: the stems (<c>drums</c>, <c>bass</c>, <c>pad</c>, <c>ambience</c>, <c>hits</c>), their mix, and
/// the beat grid they follow. Owns its buffers: dispose it.
/// </summary>
public sealed class ScoreResult : IDisposable
{
    /// <summary>The stems, scaled by the same gain as the mix (so they still sum to it, up to the limiter).</summary>
    public required StemSet Stems { get; init; }

    /// <summary>The mix: the sum of the stems, at the loudness target when one was set.</summary>
    public required AudioBuffer Mix { get; init; }

    /// <summary>Every beat, in order.</summary>
    public required IReadOnlyList<TimeSpan> Beats { get; init; }

    /// <summary>The first beat of every bar.</summary>
    public required IReadOnlyList<TimeSpan> Downbeats { get; init; }

    /// <summary>The cuts the tempo map put a downbeat on (the others were too close to the previous one for the tempo range).</summary>
    public required IReadOnlyList<TimeSpan> CutsOnDownbeats { get; init; }

    /// <summary>Gain applied to the synthesised mix and stems to reach the loudness target, dB (0 without a target).</summary>
    public required double GainDb { get; init; }

    /// <summary>Largest gain reduction of the true-peak limiter on the mix, dB (0: the mix is exactly the sum of the stems).</summary>
    public required double LimiterReductionDb { get; init; }

    /// <summary>Loudness of the final mix (integrated LUFS, true peak, ...).</summary>
    public required LoudnessResult Loudness { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        Stems.Dispose();
        Mix.Dispose();
    }
}
