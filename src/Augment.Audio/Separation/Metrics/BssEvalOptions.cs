namespace Augment.Audio;

/// <summary>
/// Settings of a BSS-Eval v4 evaluation (<see cref="BssEval"/>). The defaults are museval's for SiSEC/MUSDB18:
/// windows of 1 s with a 1 s hop and distortion filters of 512 taps computed once over the whole track.
/// </summary>
public sealed record BssEvalOptions
{
    private readonly double _windowSeconds = 1.0;
    private readonly double _hopSeconds = 1.0;
    private readonly int _filterLength = 512;

    /// <summary>Length of each scoring window in seconds (museval <c>win</c>); <see cref="double.PositiveInfinity"/> scores the whole track as one window.</summary>
    public double WindowSeconds
    {
        get => _windowSeconds;
        init
        {
            if (!(value > 0)) throw new ArgumentOutOfRangeException(nameof(WindowSeconds), value, "The window must be longer than 0 s.");
            _windowSeconds = value;
        }
    }

    /// <summary>Distance between window starts in seconds (museval <c>hop</c>); ignored when the window covers the track.</summary>
    public double HopSeconds
    {
        get => _hopSeconds;
        init
        {
            if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(HopSeconds), value, "The hop must be a finite number of seconds above 0.");
            _hopSeconds = value;
        }
    }

    /// <summary>Taps of the time-invariant distortion filters (museval <c>filters_len</c>, 512): delays up to this many samples minus one are forgiven.</summary>
    public int FilterLength
    {
        get => _filterLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(FilterLength));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 8192, nameof(FilterLength));
            _filterLength = value;
        }
    }

    /// <summary>Threads and memory the evaluation may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
