namespace Augment.Audio;

/// <summary>
/// Composes and synthesises a royalty-free score that follows a picture: drums, bass, pads, an ambience bed and
/// accent hits on the cuts, from a seed, a tempo range, a key and tension / emotional-arc curves. Everything is
/// synthesised in-process (no samples). The same options give bit-identical stems on any machine and any
/// thread count: the score's own random generator and sine/exponential, one thread per stem, no shared sums.
/// </summary>
/// <example>
/// <code>
/// var options = new ScoreOptions
/// {
///     Duration = TimeSpan.FromSeconds(60),
///     Tension = ScoreCurve.Parse("0.2:0.8"),
///     Cuts = [TimeSpan.FromSeconds(8.7), TimeSpan.FromSeconds(21.3)],
///     Seed = 7,
/// };
/// using var score = ScoreGenerator.Generate(options);
/// AudioFile.SaveWav(score.Mix, "score.wav");
/// score.Stems.SaveWav("stems");
/// </code>
/// </example>
public static class ScoreGenerator
{
    /// <summary>Stem names, in <see cref="ScoreResult.Stems"/> order.</summary>
    public static IReadOnlyList<string> StemNames { get; } = ["drums", "bass", "pad", "ambience", "hits"];

    /// <summary>Generates the score.</summary>
    /// <param name="options">Length, rate, tempo, key, seed, curves, cuts, loudness target.</param>
    /// <param name="budget">Threads (stems render in parallel, up to five) and memory; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="progress">Reports stems done as items of "synthesize".</param>
    /// <param name="cancellationToken">Checked between notes and blocks.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    /// <exception cref="ResourceLimitException">The stems would exceed the budget's memory.</exception>
    public static ScoreResult Generate(ScoreOptions options, ComputeBudget? budget = null, IProgress<AugmentProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        budget ??= ComputeBudget.Default;
        var plan = ScorePlan.Create(options);
        budget.EnsureAllocation((long)plan.Frames * options.Channels * sizeof(float) * (StemNames.Count + 2), "score stems and mix");

        var buffers = new AudioBuffer[StemNames.Count];
        StemSet? stems = null;
        AudioBuffer? mix = null;
        try
        {
            for (var i = 0; i < buffers.Length; i++)
                buffers[i] = AudioBuffer.Create(options.Channels, plan.Frames, plan.SampleRate, budget);
            var done = 0;
            // Each stem is written by one thread from its own random stream: the result cannot depend on scheduling.
            Parallel.For(0, buffers.Length, budget.ToParallelOptions(cancellationToken), i =>
            {
                Render(i, plan, buffers[i], cancellationToken);
                var finished = Interlocked.Increment(ref done);
                progress?.Report(AugmentProgress.Items("synthesize", finished, buffers.Length));
            });
            stems = new StemSet(StemNames, buffers);
            mix = stems.Sum();

            double gainDb = 0, reductionDb = 0;
            LoudnessResult loudness;
            if (options.TargetLufs is { } target)
            {
                var (normalised, result) = LoudnessNormalizer.Normalize(mix, new LoudnessNormalizationOptions
                {
                    TargetLufs = target,
                    TruePeakCeilingDbtp = options.TruePeakCeilingDbtp,
                });
                mix.Dispose();
                mix = normalised;
                gainDb = result.GainDb;
                reductionDb = result.LimiterReductionDb;
                loudness = result.Output;
                var gain = (float)Math.Pow(10.0, gainDb / 20.0);
                for (var i = 0; i < stems.Count; i++)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(stems[i].Data, gain, stems[i].Data);
            }
            else
            {
                loudness = LoudnessMeter.Measure(mix);
            }

            var tempo = plan.Tempo;
            var beats = new TimeSpan[tempo.BeatTimes.Length];
            var downbeats = new List<TimeSpan>();
            for (var b = 0; b < beats.Length; b++)
            {
                beats[b] = TimeSpan.FromSeconds(tempo.BeatTimes[b]);
                if (tempo.BeatInBar[b] == 0) downbeats.Add(beats[b]);
            }
            var aligned = new TimeSpan[tempo.DownbeatCuts.Length];
            for (var i = 0; i < aligned.Length; i++) aligned[i] = TimeSpan.FromSeconds(tempo.DownbeatCuts[i]);

            return new ScoreResult
            {
                Stems = stems,
                Mix = mix,
                Beats = beats,
                Downbeats = downbeats,
                CutsOnDownbeats = aligned,
                GainDb = gainDb,
                LimiterReductionDb = reductionDb,
                Loudness = loudness,
            };
        }
        catch
        {
            mix?.Dispose();
            if (stems is not null) stems.Dispose();
            else foreach (var b in buffers) b?.Dispose();
            throw;
        }
    }

    private static void Render(int stem, ScorePlan plan, AudioBuffer output, CancellationToken cancellationToken)
    {
        switch (stem)
        {
            case 0: DrumSynth.Render(plan, output, cancellationToken); break;
            case 1: BassSynth.Render(plan, output, cancellationToken); break;
            case 2: PadSynth.Render(plan, output, cancellationToken); break;
            case 3: AmbienceSynth.Render(plan, output, cancellationToken); break;
            default: HitSynth.Render(plan, output, cancellationToken); break;
        }
    }
}
