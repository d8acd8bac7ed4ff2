using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Stems and rhythm: the drums, bass and pad of a seeded procedural score (written to three picture cuts) are
/// mixed and split back into drums and tonal stems by supervised NMF (bases learned from another piece of the same
/// instruments), with HPSS and the unprocessed mix as baselines; every stem is scored with BSS-Eval v4 against the
/// layers the mix was made of. The mix's beats are then tracked and compared with the score's own beat grid
/// (F-measure, ±70 ms).
/// </summary>
internal sealed class StemsStep : IDemoStep
{
    public const string MixFileName = "score-mix.wav";
    public const string StemsFolderName = "stems";
    public const int SampleRate = 44_100;
    public const double DurationSeconds = 16;
    private const ulong PieceSeed = 5;
    private const ulong TrainingSeed = 9;

    /// <summary>Cut times of the imagined picture, seconds.</summary>
    public static readonly double[] CutSeconds = [4.0, 8.4, 12.2];

    public string Name => "stems";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        // 1. Known sources: the score's stems, without loudness processing so they add up to the mix exactly.
        var cuts = new TimeSpan[CutSeconds.Length];
        for (var i = 0; i < cuts.Length; i++)
            cuts[i] = TimeSpan.FromSeconds(CutSeconds[i]);
        using var score = ScoreGenerator.Generate(Options(PieceSeed, cuts), context.Budget, cancellationToken: ct);
        // The mix of the tonal and struck layers (the noise bed and risers belong to neither class).
        using var harmonic = Sum(score.Stems, "bass", "pad");
        using var percussive = Sum(score.Stems, "drums");
        using var mix = harmonic.Clone();
        System.Numerics.Tensors.TensorPrimitives.Add(mix.Data, percussive.Data, mix.Data);
        var mixPath = context.OutputPath(MixFileName);
        mix.SaveWav(mixPath);
        context.Progress.Report(new AugmentProgress(Name, 0.2));

        // 2. Separation, scored with BSS-Eval v4 against the layers the mix was made of: supervised NMF with bases
        //    learned from another piece (a different seed) of the same instruments, HPSS as the model-free baseline,
        //    and the unprocessed mix as the floor every method must beat.
        string[] names = ["drums", "tonal"];
        AudioBuffer[] references = [percussive, harmonic];
        using var training = ScoreGenerator.Generate(Options(TrainingSeed, cuts: []), context.Budget, cancellationToken: ct);
        using var trainingTonal = Sum(training.Stems, "bass", "pad");
        var nmf = NmfSeparator.Learn(new Dictionary<string, AudioBuffer> { ["drums"] = training.Stems["drums"], ["tonal"] = trainingTonal },
            new NmfOptions { Budget = context.Budget }, ct);
        using var stems = nmf.Separate(mix, cancellationToken: ct);
        var stemPaths = stems.SaveWav(context.OutputPath(StemsFolderName));
        context.Progress.Report(new AugmentProgress(Name, 0.5));
        using var hpss = new HarmonicPercussiveSeparator(new HpssOptions { Budget = context.Budget }).Separate(mix, cancellationToken: ct);
        var evaluation = new BssEvalOptions { Budget = context.Budget };
        var nmfReport = BssEval.Evaluate(names, references, [stems["drums"], stems["tonal"]], evaluation, cancellationToken: ct);
        var hpssReport = BssEval.Evaluate(names, references, [hpss["percussive"], hpss["harmonic"]], evaluation, cancellationToken: ct);
        var mixReport = BssEval.Evaluate(names, references, [mix, mix], evaluation, cancellationToken: ct);
        var drumsGain = nmfReport["drums"].SdrDb - mixReport["drums"].SdrDb;
        var tonalGain = nmfReport["tonal"].SdrDb - mixReport["tonal"].SdrDb;
        if (!(drumsGain > 3 && tonalGain > 3))
            throw new AugmentException($"Supervised NMF improved SDR by only {drumsGain:0.0} dB (drums) and {tonalGain:0.0} dB (tonal) over the unprocessed mix.");
        context.Progress.Report(new AugmentProgress(Name, 0.8));

        // 3. Rhythm: the tracker, blind, against the grid the score was written on.
        var rhythm = BeatTracker.Analyze(mix, cancellationToken: ct);
        var truth = new double[score.Beats.Count];
        for (var i = 0; i < truth.Length; i++)
            truth[i] = score.Beats[i].TotalSeconds;
        var beatF = BeatEvaluation.FMeasure(truth, rhythm.BeatSeconds);
        if (!(beatF >= 0.9))
            throw new AugmentException($"The beat tracker found {rhythm.BeatSeconds.Count} beats at {rhythm.TempoBpm:0.0} BPM; F-measure against the score's {truth.Length} beats is {beatF:0.00}.");
        context.Progress.Report(new AugmentProgress(Name, 1));

        var rows = new List<IReadOnlyList<string>>();
        foreach (var (method, report) in new[] { ("NMF (supervised)", nmfReport), ("HPSS", hpssReport), ("mix (no separation)", mixReport) })
        {
            foreach (var source in report.Sources)
                rows.Add([method, source.Name, Db(source.SdrDb), Db(source.SirDb), Db(source.SarDb)]);
        }
        var outputs = new List<string> { mixPath };
        outputs.AddRange(stemPaths);
        return Task.FromResult(new DemoStepResult(
            Name,
            $"drums + bass + pad of a seeded score (cuts at {string.Join(", ", Array.ConvertAll(CutSeconds, c => c.ToString("0.0", CultureInfo.InvariantCulture)))} s) -> NMF stems -> BSS-Eval v4; beats tracked",
            string.Create(CultureInfo.InvariantCulture,
                $"SDR drums {nmfReport["drums"].SdrDb:0.0} dB (mix {mixReport["drums"].SdrDb:0.0}), tonal {nmfReport["tonal"].SdrDb:0.0} dB (mix {mixReport["tonal"].SdrDb:0.0}); tempo {rhythm.TempoBpm:0.0} BPM, beat F-measure {beatF:0.00}"),
            outputs)
        {
            Details = new DemoTable("stems: separation against the score's layers (BSS-Eval v4 medians, dB)", ["method", "stem", "SDR", "SIR", "SAR"], rows),
        });
    }

    private static ScoreOptions Options(ulong seed, TimeSpan[] cuts) => new()
    {
        Duration = TimeSpan.FromSeconds(DurationSeconds),
        SampleRate = SampleRate,
        TempoBpm = 120,
        Seed = seed,
        Tension = ScoreCurve.Ramp(0.3, 0.8),
        Cuts = cuts,
        // No loudness processing: the stems add up to the mix exactly.
        TargetLufs = null,
        TruePeakCeilingDbtp = null,
    };

    private static AudioBuffer Sum(StemSet stems, params string[] names)
    {
        var sum = AudioBuffer.Create(stems.Channels, stems.Frames, stems.SampleRate);
        foreach (var name in names)
            System.Numerics.Tensors.TensorPrimitives.Add(sum.Data, stems[name].Data, sum.Data);
        return sum;
    }

    private static string Db(double value) => double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
