using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Stems and rhythm: a seeded procedural score (drums, bass, pad, ambience and hits on three picture cuts) is
/// mixed, split back into harmonic and percussive stems by median-filtering HPSS, and each stem is scored with
/// BSS-Eval v4 against the sources the score was built from. The mix's beats are then tracked and compared with
/// the score's own beat grid (F-measure, ±70 ms).
/// </summary>
internal sealed class StemsStep : IDemoStep
{
    public const string MixFileName = "score-mix.wav";
    public const string StemsFolderName = "stems";
    public const int SampleRate = 44_100;
    public const double DurationSeconds = 16;

    /// <summary>Cut times of the imagined picture, seconds.</summary>
    public static readonly double[] CutSeconds = [4.0, 8.4, 12.2];

    public string Name => "stems";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        // 1. Known sources: the score's stems, summed without loudness processing so they add up to the mix exactly.
        var cuts = new TimeSpan[CutSeconds.Length];
        for (var i = 0; i < cuts.Length; i++)
            cuts[i] = TimeSpan.FromSeconds(CutSeconds[i]);
        using var score = ScoreGenerator.Generate(new ScoreOptions
        {
            Duration = TimeSpan.FromSeconds(DurationSeconds),
            SampleRate = SampleRate,
            TempoBpm = 120,
            Seed = 5,
            Tension = ScoreCurve.Ramp(0.3, 0.8),
            Cuts = cuts,
            TargetLufs = null,
            TruePeakCeilingDbtp = null,
        }, context.Budget, cancellationToken: ct);
        var mixPath = context.OutputPath(MixFileName);
        score.Mix.SaveWav(mixPath);
        context.Progress.Report(new AugmentProgress(Name, 0.2));

        // 2. Harmonic/percussive separation; the references are the score's sustained and struck layers.
        using var stems = new HarmonicPercussiveSeparator(new HpssOptions { Budget = context.Budget }).Separate(score.Mix, cancellationToken: ct);
        var stemPaths = stems.SaveWav(context.OutputPath(StemsFolderName));
        context.Progress.Report(new AugmentProgress(Name, 0.5));
        using var harmonic = Sum(score.Stems, "bass", "pad", "ambience");
        using var percussive = Sum(score.Stems, "drums", "hits");
        var report = BssEval.Evaluate(["harmonic", "percussive"], [harmonic, percussive], [stems["harmonic"], stems["percussive"]],
            new BssEvalOptions { Budget = context.Budget }, cancellationToken: ct);
        var harmonicSdr = report["harmonic"].SdrDb;
        var percussiveSdr = report["percussive"].SdrDb;
        if (!(harmonicSdr > 3 && percussiveSdr > 3))
            throw new AugmentException($"HPSS scored only {harmonicSdr:0.0} dB (harmonic) and {percussiveSdr:0.0} dB (percussive) SDR on the generated score.");
        context.Progress.Report(new AugmentProgress(Name, 0.8));

        // 3. Rhythm: the tracker, blind, against the grid the score was written on.
        var rhythm = BeatTracker.Analyze(score.Mix, cancellationToken: ct);
        var truth = new double[score.Beats.Count];
        for (var i = 0; i < truth.Length; i++)
            truth[i] = score.Beats[i].TotalSeconds;
        var beatF = BeatEvaluation.FMeasure(truth, rhythm.BeatSeconds);
        if (!(beatF >= 0.9))
            throw new AugmentException($"The beat tracker found {rhythm.BeatSeconds.Count} beats at {rhythm.TempoBpm:0.0} BPM; F-measure against the score's {truth.Length} beats is {beatF:0.00}.");
        context.Progress.Report(new AugmentProgress(Name, 1));

        var rows = new List<IReadOnlyList<string>>();
        foreach (var source in report.Sources)
            rows.Add([source.Name, Db(source.SdrDb), Db(source.SirDb), Db(source.SarDb), Db(source.IsrDb)]);
        var outputs = new List<string> { mixPath };
        outputs.AddRange(stemPaths);
        return Task.FromResult(new DemoStepResult(
            Name,
            $"seeded score with cuts at {string.Join(", ", Array.ConvertAll(CutSeconds, c => c.ToString("0.0", CultureInfo.InvariantCulture)))} s -> HPSS stems -> BSS-Eval v4; beats tracked",
            string.Create(CultureInfo.InvariantCulture,
                $"SDR harmonic {harmonicSdr:0.0} dB, percussive {percussiveSdr:0.0} dB; tempo {rhythm.TempoBpm:0.0} BPM, beat F-measure {beatF:0.00}"),
            outputs)
        {
            Details = new DemoTable("stems: HPSS against the score's layers (BSS-Eval v4 medians, dB)", ["stem", "SDR", "SIR", "SAR", "ISR"], rows),
        });
    }

    private static AudioBuffer Sum(StemSet stems, params string[] names)
    {
        var sum = AudioBuffer.Create(stems.Channels, stems.Frames, stems.SampleRate);
        foreach (var name in names)
            System.Numerics.Tensors.TensorPrimitives.Add(sum.Data, stems[name].Data, sum.Data);
        return sum;
    }

    private static string Db(double value) => double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
