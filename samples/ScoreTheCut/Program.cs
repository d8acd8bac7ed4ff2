// ScoreTheCut: an edit needs music that follows its cuts, and a finished mix needs its drums pulled apart from
// the tonal layers for a remix. The sample writes a seeded, royalty-free score whose downbeats land on the
// picture's cuts, separates the mix into stems (supervised NMF, HPSS as a baseline) and scores them with
// BSS-Eval v4 against the known layers, tracks the beats blind, and shifts a voice-like tone by three
// semitones with the phase vocoder, measuring the shift with the pitch tracker. Every result is checked;
// the exit code says whether all checks passed.
using Augment;
using Augment.Audio;
using ScoreTheCut;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-scorethecut-" + Environment.ProcessId);
Directory.CreateDirectory(work);

// 1. The score: three cuts of an edit, 20 s, tension rising; no loudness processing so the stems sum to the mix.
TimeSpan[] cuts = [TimeSpan.FromSeconds(4.2), TimeSpan.FromSeconds(9.0), TimeSpan.FromSeconds(14.6)];
ScoreOptions Piece(ulong seed, IReadOnlyList<TimeSpan> at) => new()
{
    Duration = TimeSpan.FromSeconds(20),
    SampleRate = 44_100,
    TempoBpm = 112,
    Seed = seed,
    Tension = ScoreCurve.Ramp(0.2, 0.8),
    Cuts = at,
    TargetLufs = null,
    TruePeakCeilingDbtp = null,
};
using var score = ScoreGenerator.Generate(Piece(seed: 21, cuts));
score.Stems.SaveWav(Path.Combine(work, "score-stems"));
Console.WriteLine($"Score:     {score.Stems.Count} stems, {score.Beats.Count} beats; cuts on downbeats: {score.CutsOnDownbeats.Count} of {cuts.Length}");
checks.That(score.CutsOnDownbeats.Count == cuts.Length, "every cut lands on a downbeat");

// 2. A mix of drums, bass and pad, and the two layers a remixer wants back.
using var drums = score.Stems["drums"].Clone();
using var tonal = score.Stems["bass"].Clone();
Add(tonal, score.Stems["pad"]);
using var mix = drums.Clone();
Add(mix, tonal);
mix.SaveWav(Path.Combine(work, "mix.wav"));

// 3. Stems: NMF with bases learned from another piece played by the same instruments, and HPSS without training.
using var lesson = ScoreGenerator.Generate(Piece(seed: 22, []));
using var lessonTonal = lesson.Stems["bass"].Clone();
Add(lessonTonal, lesson.Stems["pad"]);
var nmf = NmfSeparator.Learn(new Dictionary<string, AudioBuffer> { ["drums"] = lesson.Stems["drums"], ["tonal"] = lessonTonal });
using var stems = nmf.Separate(mix);
stems.SaveWav(Path.Combine(work, "stems"));
using var hpss = new HarmonicPercussiveSeparator().Separate(mix);
var nmfScores = BssEval.Evaluate(["drums", "tonal"], [drums, tonal], [stems["drums"], stems["tonal"]]);
var hpssScores = BssEval.Evaluate(["drums", "tonal"], [drums, tonal], [hpss["percussive"], hpss["harmonic"]]);
var mixScores = BssEval.Evaluate(["drums", "tonal"], [drums, tonal], [mix, mix]);
Console.WriteLine("Stems (BSS-Eval v4 median SDR, dB):   NMF    HPSS   mix");
foreach (var name in new[] { "drums", "tonal" })
{
    Console.WriteLine($"           {name,-26} {nmfScores[name].SdrDb,6:0.0} {hpssScores[name].SdrDb,6:0.0} {mixScores[name].SdrDb,6:0.0}");
    checks.That(nmfScores[name].SdrDb > mixScores[name].SdrDb + 3, $"NMF improves the {name} SDR by more than 3 dB over the mix");
}

// 4. Rhythm: the beat tracker, blind, against the grid the score was written on.
var rhythm = BeatTracker.Analyze(mix);
var truth = score.Beats.Select(b => b.TotalSeconds).ToArray();
var f = BeatEvaluation.FMeasure(truth, rhythm.BeatSeconds);
Console.WriteLine($"Beats:     {rhythm.TempoBpm:0.0} BPM, {rhythm.BeatSeconds.Count} beats, F-measure {f:0.00} against the score (±70 ms)");
checks.That(f >= 0.9, "beat F-measure of at least 0.9");

// 5. Voice tools: a 200 Hz harmonic tone shifted up 3 semitones, formants kept, measured by pYIN.
using var tone = AudioBuffer.Create(1, 44_100, 44_100);
var samples = tone.Channel(0);
for (var n = 0; n < samples.Length; n++)
    for (var h = 1; h <= 8; h++)
        samples[n] += 0.3f / h * MathF.Sin(2 * MathF.PI * 200 * h * n / 44_100f);
using var shifted = new PhaseVocoder(new PhaseVocoderOptions { PreserveFormants = true }).ShiftPitch(tone, 3);
var tracker = new PitchTracker();
var cents = PitchMath.CentsBetween(tracker.Track(tone).MedianFrequencyHz, tracker.Track(shifted).MedianFrequencyHz);
Console.WriteLine($"Voice:     +3 semitones measured as {cents:0.0} cents");
checks.That(Math.Abs(cents - 300) <= 5, "the pitch shift measures within 5 cents of 300");

Console.WriteLine($"Outputs:   {work}");
return checks.Report();

static void Add(AudioBuffer into, AudioBuffer other) => System.Numerics.Tensors.TensorPrimitives.Add(into.Data, other.Data, into.Data);
