namespace Augment.Audio;

/// <summary>
/// Everything the stems share, decided once before they render in parallel: the tempo map, one chord per bar,
/// the sampled curves and the cut positions. Built sequentially from the seed, so the stems agree.
/// </summary>
internal sealed class ScorePlan
{
    public required ScoreOptions Options { get; init; }
    public required int SampleRate { get; init; }
    public required int Frames { get; init; }
    public required double DurationSeconds { get; init; }
    public required ScoreTempoMap Tempo { get; init; }
    /// <summary>Per bar: the scale degree (0 to 6) of its chord's root.</summary>
    public required int[] BarChordDegree { get; init; }
    /// <summary>Per bar: first frame.</summary>
    public required int[] BarStartFrame { get; init; }
    /// <summary>Per bar: frame after its last (the next bar's start, or the end).</summary>
    public required int[] BarEndFrame { get; init; }
    /// <summary>Scale offsets from the tonic (semitones, ascending).</summary>
    public required int[] ScaleOffsets { get; init; }
    /// <summary>Cut frames, ascending.</summary>
    public required int[] CutFrames { get; init; }

    public double TensionAt(double seconds) => Options.Tension.ValueAt(seconds / DurationSeconds);

    public double ArcAt(double seconds) => Options.Arc.ValueAt(seconds / DurationSeconds);

    public int Frame(double seconds) => (int)Math.Min(Frames, Math.Round(seconds * SampleRate, MidpointRounding.AwayFromZero));

    /// <summary>MIDI note of scale degree <paramref name="degree"/> (any integer; 7 = the tonic an octave up) above the tonic at <paramref name="tonicMidi"/>.</summary>
    public int DegreeMidi(int tonicMidi, int degree)
    {
        var octave = (int)Math.Floor(degree / 7.0);
        return tonicMidi + ScaleOffsets[degree - (octave * 7)] + (12 * octave);
    }

    /// <summary>True when the triad on <paramref name="degree"/> is major (third of 4 semitones).</summary>
    public bool IsMajorTriad(int degree) => DegreeMidi(0, degree + 2) - DegreeMidi(0, degree) == 4;

    public static ScorePlan Create(ScoreOptions options)
    {
        var rate = options.SampleRate;
        var duration = options.Duration.TotalSeconds;
        var frames = (int)Math.Round(duration * rate, MidpointRounding.AwayFromZero);
        var cuts = new double[options.Cuts.Count];
        for (var i = 0; i < cuts.Length; i++) cuts[i] = options.Cuts[i].TotalSeconds;
        Array.Sort(cuts);
        var tempo = ScoreTempoMap.Build(duration, options.TempoBpm, options.MinTempoBpm, options.MaxTempoBpm, cuts);
        var offsets = options.Key.ScaleOffsets();

        var barStart = new int[tempo.BarCount];
        var barEnd = new int[tempo.BarCount];
        for (var b = 0; b < tempo.BeatTimes.Length; b++)
            if (tempo.BeatInBar[b] == 0) barStart[tempo.BarOfBeat[b]] = (int)Math.Round(tempo.BeatTimes[b] * rate, MidpointRounding.AwayFromZero);
        for (var bar = 0; bar < tempo.BarCount; bar++)
            barEnd[bar] = bar + 1 < tempo.BarCount ? barStart[bar + 1] : frames;

        var cutFrames = new int[cuts.Length];
        for (var i = 0; i < cuts.Length; i++)
            cutFrames[i] = (int)Math.Min(frames, Math.Round(cuts[i] * rate, MidpointRounding.AwayFromZero));

        var plan = new ScorePlan
        {
            Options = options,
            SampleRate = rate,
            Frames = frames,
            DurationSeconds = duration,
            Tempo = tempo,
            BarChordDegree = new int[tempo.BarCount],
            BarStartFrame = barStart,
            BarEndFrame = barEnd,
            ScaleOffsets = offsets,
            CutFrames = cutFrames,
        };
        plan.ChooseChords(new ScoreRandom(options.Seed, 0x43484F5244UL));
        return plan;
    }

    /// <summary>
    /// One chord per bar, phrases of four bars opening on the tonic. Other bars draw among the scale's major and
    /// minor triads (never a diminished one: its fifth lies outside the scale), weighting major triads by
    /// (1 + arc) and minor ones by (1 - arc): a bright arc leans on major chords, a dark one on minor.
    /// </summary>
    private void ChooseChords(ScoreRandom random)
    {
        Span<int> candidates = stackalloc int[7];
        Span<double> weights = stackalloc double[7];
        var count = 0;
        for (var d = 0; d < 7; d++)
        {
            var fifth = DegreeMidi(0, d + 4) - DegreeMidi(0, d);
            if (fifth == 7) candidates[count++] = d;
        }
        var previous = -1;
        for (var bar = 0; bar < BarChordDegree.Length; bar++)
        {
            int chosen;
            var phraseStart = bar % 4 == 0;
            if (phraseStart && candidates[..count].Contains(0))
            {
                chosen = 0;
            }
            else
            {
                var arc = ArcAt((double)BarStartFrame[bar] / SampleRate);
                var total = 0.0;
                for (var i = 0; i < count; i++)
                {
                    weights[i] = candidates[i] == previous ? 0.0 : (IsMajorTriad(candidates[i]) ? 1.0 + arc : 1.0 - arc) + 0.15;
                    total += weights[i];
                }
                var pick = random.NextDouble() * total;
                chosen = candidates[count - 1];
                for (var i = 0; i < count; i++)
                {
                    pick -= weights[i];
                    if (pick < 0 && weights[i] > 0) { chosen = candidates[i]; break; }
                }
            }
            BarChordDegree[bar] = chosen;
            previous = chosen;
        }
    }
}
