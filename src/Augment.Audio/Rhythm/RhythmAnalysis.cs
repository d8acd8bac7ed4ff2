namespace Augment.Audio;

/// <summary>What <see cref="BeatTracker"/> found: tempo, beats, downbeats, the local tempo curve and the onsets.</summary>
public sealed class RhythmAnalysis
{
    internal RhythmAnalysis(double tempoBpm, double[] beatSeconds, double[] downbeatSeconds, int beatsPerBar, TempoPoint[] tempoCurve, OnsetAnalysis onsets)
    {
        TempoBpm = tempoBpm;
        BeatSeconds = beatSeconds;
        DownbeatSeconds = downbeatSeconds;
        BeatsPerBar = beatsPerBar;
        TempoCurve = tempoCurve;
        Onsets = onsets;
    }

    /// <summary>The overall tempo in beats per minute: 60 / the median inter-beat interval (the autocorrelation estimate when fewer than two beats were found; 0 for silence).</summary>
    public double TempoBpm { get; }

    /// <summary>Beat times in seconds, ascending.</summary>
    public IReadOnlyList<double> BeatSeconds { get; }

    /// <summary>The beats that start a bar, in seconds (a subset of <see cref="BeatSeconds"/>).</summary>
    public IReadOnlyList<double> DownbeatSeconds { get; }

    /// <summary>Beats per bar used for the downbeats (the option, or 3 or 4 chosen from the accents).</summary>
    public int BeatsPerBar { get; }

    /// <summary>Local tempo over time from the tempogram (one point per tempogram frame).</summary>
    public IReadOnlyList<TempoPoint> TempoCurve { get; }

    /// <summary>The onset envelope and onset times the beats were tracked on.</summary>
    public OnsetAnalysis Onsets { get; }
}
