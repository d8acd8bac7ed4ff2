namespace Augment.Audio;

/// <summary>
/// What <see cref="ScoreGenerator"/> composes: length, tempo range, key, seed, the tension and emotional-arc
/// curves and the picture's cut times. Immutable; the same options render bit-identical stems on any machine.
/// </summary>
public sealed record ScoreOptions
{
    /// <summary>Length of the score (0.5 s to 2 h).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Output sample rate, Hz (8000 to 192000; default 48000).</summary>
    public int SampleRate { get; init; } = 48000;

    /// <summary>Output channels: 1 (mono) or 2 (stereo, the default).</summary>
    public int Channels { get; init; } = 2;

    /// <summary>The tempo the score keeps where no cut asks otherwise, BPM (default 110).</summary>
    public double TempoBpm { get; init; } = 110;

    /// <summary>Slowest tempo the map may use to put a downbeat on a cut, BPM (default 88).</summary>
    public double MinTempoBpm { get; init; } = 88;

    /// <summary>Fastest tempo the map may use to put a downbeat on a cut, BPM (default 138).</summary>
    public double MaxTempoBpm { get; init; } = 138;

    /// <summary>Key of the bass and pads (default A minor).</summary>
    public MusicalKey Key { get; init; } = MusicalKey.AMinor;

    /// <summary>Seed: the same seed and options give the same samples; another seed, another variation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Tension over time, 0 (calm: sparse drums, dark pads) to 1 (driving: dense drums, bright pads); default 0.5.</summary>
    public ScoreCurve Tension { get; init; } = ScoreCurve.Constant(0.5);

    /// <summary>Emotional arc (valence) over time, -1 (dark, minor chords) to 1 (bright, major chords); default 0.</summary>
    public ScoreCurve Arc { get; init; } = ScoreCurve.Constant(0);

    /// <summary>Cut times of the picture: each gets an accent hit (riser into impact), and a downbeat where the tempo range allows.</summary>
    public IReadOnlyList<TimeSpan> Cuts { get; init; } = [];

    /// <summary>Integrated loudness of the mix, LUFS (default -16); null leaves the mix as synthesised (stems sum to it exactly).</summary>
    public double? TargetLufs { get; init; } = LoudnessNormalizationOptions.PodcastLufs;

    /// <summary>True-peak ceiling of the normalised mix, dBTP (default -1): a limiter holds peaks under it; null for none.</summary>
    public double? TruePeakCeilingDbtp { get; init; } = -1.0;

    internal void Validate()
    {
        if (!(Duration >= TimeSpan.FromSeconds(0.5) && Duration <= TimeSpan.FromHours(2)))
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "The score must last between 0.5 s and 2 h.");
        if (SampleRate is < 8000 or > 192000)
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be between 8000 and 192000 Hz.");
        if (Channels is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The score is mono (1) or stereo (2).");
        if (!(MinTempoBpm >= 30 && MaxTempoBpm <= 300 && MinTempoBpm <= TempoBpm && TempoBpm <= MaxTempoBpm))
            throw new ArgumentOutOfRangeException(nameof(TempoBpm), TempoBpm, $"The tempo must satisfy 30 <= min ({MinTempoBpm}) <= tempo ({TempoBpm}) <= max ({MaxTempoBpm}) <= 300 BPM.");
        if (!Enum.IsDefined(Key.Mode) || Key.RootPitchClass is < 0 or > 11)
            throw new ArgumentOutOfRangeException(nameof(Key), Key, "The key's root must be a pitch class 0 to 11 and its mode defined.");
        ArgumentNullException.ThrowIfNull(Tension, nameof(Tension));
        ArgumentNullException.ThrowIfNull(Arc, nameof(Arc));
        ArgumentNullException.ThrowIfNull(Cuts, nameof(Cuts));
        if (Tension.Minimum < 0 || Tension.Maximum > 1)
            throw new ArgumentOutOfRangeException(nameof(Tension), Tension, $"Tension runs from 0 to 1; the curve spans {Tension.Minimum} to {Tension.Maximum}.");
        if (Arc.Minimum < -1 || Arc.Maximum > 1)
            throw new ArgumentOutOfRangeException(nameof(Arc), Arc, $"The emotional arc runs from -1 to 1; the curve spans {Arc.Minimum} to {Arc.Maximum}.");
        for (var i = 0; i < Cuts.Count; i++)
            if (Cuts[i] < TimeSpan.Zero || Cuts[i] > Duration)
                throw new ArgumentOutOfRangeException(nameof(Cuts), Cuts[i], $"Cut {i} at {Cuts[i].TotalSeconds} s lies outside the score (0 to {Duration.TotalSeconds} s).");
        if (TargetLufs is { } lufs && !(lufs >= -70 && lufs <= 0))
            throw new ArgumentOutOfRangeException(nameof(TargetLufs), lufs, "The loudness target must be between -70 and 0 LUFS.");
        if (TruePeakCeilingDbtp is { } ceiling && !(ceiling >= -20 && ceiling <= 0))
            throw new ArgumentOutOfRangeException(nameof(TruePeakCeilingDbtp), ceiling, "The true-peak ceiling must be between -20 and 0 dBTP.");
    }
}
