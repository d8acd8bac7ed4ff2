// CleanDialogue: a line recorded in a café must sound clean, sit in the room the picture shows, and hit
// delivery loudness. The sample generates the takes (a voice in café noise, and a "location" recording in
// a reverberant room), then: noise reduction, voice activity, a blind estimate of the location's room put on
// the cleaned voice, and normalisation to -16 LUFS with a -1 dBTP ceiling, with a loudness report before
// and after. Every result is checked; the exit code says whether all checks passed.
using Augment;
using Augment.Audio;
using CleanDialogue;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-cleandialogue-" + Environment.ProcessId);
Directory.CreateDirectory(work);

// 1. The takes: the line (a voice in café noise at 5 dB SNR) and a location recording (another voice in a
//    room with a 0.8 s reverberation time) that tells us what the room sounds like.
const double LocationRt60 = 0.8;
var voice = Takes.Voice(seconds: 8, seed: 1, pitchHz: 120);
var cafe = Takes.Cafe(voice.Length, seed: 2, rms: Takes.Rms(voice) / Math.Pow(10, 5 / 20.0));
var noisySamples = new float[voice.Length];
for (var n = 0; n < voice.Length; n++)
    noisySamples[n] = voice[n] + cafe[n];
using var noisy = Takes.Mono(noisySamples);
var dialoguePath = Path.Combine(work, "dialogue.wav");
noisy.SaveWav(dialoguePath);
using var room = Takes.Room(LocationRt60, seed: 4);
using var otherVoice = Takes.Mono(Takes.Voice(seconds: 10, seed: 3, pitchHz: 190));
using var location = otherVoice.ApplyRoom(room);
var locationPath = Path.Combine(work, "location.wav");
location.SaveWav(locationPath);
Console.WriteLine($"Takes:     {dialoguePath} ({noisy.Duration.TotalSeconds:0.0} s), {locationPath}");

// 2. Noise reduction (minimum-statistics noise tracking, decision-directed log-MMSE gain).
using var denoised = new NoiseReducer().Process(noisy);
var before = SiSdr(voice, noisy.Channel(0));
var after = SiSdr(voice, denoised.Channel(0));
Console.WriteLine($"Denoise:   SI-SDR against the clean voice {before:0.0} dB -> {after:0.0} dB");
checks.That(after > before + 1, $"noise reduction improves SI-SDR by more than 1 dB ({before:0.0} -> {after:0.0})");

// 3. Where is the speech? Silero VAD (the model ships inside Augment.Audio).
var speech = VoiceActivity.Analyze(denoised);
Console.WriteLine($"Speech:    {speech.Segments.Count} segments, {speech.SpeechFraction:P0} of the take");
foreach (var segment in speech.Segments)
    Console.WriteLine($"           {segment.Start.TotalSeconds,6:0.00} s - {segment.End.TotalSeconds,6:0.00} s");
checks.That(speech.Segments.Count >= 2, "voice activity finds the phrases");
checks.That(speech.SpeechFraction is > 0.4 and < 0.97, $"speech covers part, not all, of the take ({speech.SpeechFraction:P0})");

// 4. The room of the location, estimated blind from that recording (no sweep needed).
var estimate = BlindRoomEstimator.Estimate(location);
foreach (var band in estimate.Bands)
    Console.WriteLine($"Room:      {band.CenterHz,5:0} Hz  RT60 {band.Rt60Seconds:0.00} s  ({band.DecaysUsed} decays)");
var mid = (Rt60(estimate, 500) + Rt60(estimate, 1000)) / 2;
checks.That(Math.Abs(mid - LocationRt60) < 0.25 * LocationRt60, $"the blind mid-band RT60 ({mid:0.00} s) is within 25% of the room's {LocationRt60} s");

// 5. The rest as one fluent chain: the location's room, then delivery loudness (-16 LUFS for podcasts and
//    streaming, true peak at most -1 dBTP). The chain hands back what its loudness step measured.
using (var delivered = denoised.Process(p => p.MatchRoom(estimate).NormalizeLoudness(-16, truePeakCeilingDbtp: -1), out var chain))
{
    var loudness = chain.Loudness!;
    checks.That(delivered.Frames > denoised.Frames, "the room adds its reverberant tail");
    var outputPath = Path.Combine(work, "dialogue-clean.wav");
    delivered.SaveWav(outputPath);
    var input = LoudnessMeter.Measure(noisy);
    Console.WriteLine($"Loudness:  {"",-10} {"before",8} {"after",8}");
    Console.WriteLine($"           {"LUFS",-10} {input.IntegratedLufs,8:0.0} {loudness.Output.IntegratedLufs,8:0.0}");
    Console.WriteLine($"           {"LRA LU",-10} {input.RangeLu,8:0.0} {loudness.Output.RangeLu,8:0.0}");
    Console.WriteLine($"           {"dBTP",-10} {input.TruePeakDbtp,8:0.0} {loudness.Output.TruePeakDbtp,8:0.0}");
    Console.WriteLine($"Output:    {outputPath}");
    checks.That(Math.Abs(loudness.Output.IntegratedLufs - LoudnessNormalizationOptions.PodcastLufs) < 0.5, $"the output is at -16 LUFS ({loudness.Output.IntegratedLufs:0.00})");
    checks.That(loudness.Output.TruePeakDbtp <= -0.8, $"the true peak stays under the ceiling ({loudness.Output.TruePeakDbtp:0.00} dBTP)");
    using var reread = AudioBuffer.Load(outputPath);
    checks.That(reread.Frames == delivered.Frames, "the written WAV reads back whole");
}

Directory.Delete(work, recursive: true);
return checks.Report();

static double Rt60(BlindRoomEstimate estimate, double centerHz)
{
    foreach (var band in estimate.Bands)
    {
        if (band.CenterHz == centerHz)
            return band.Rt60Seconds;
    }
    return double.NaN;
}

// Scale-invariant signal-to-distortion ratio in dB: how much of the estimate is the reference.
static double SiSdr(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
{
    var length = Math.Min(reference.Length, estimate.Length);
    double dot = 0, energy = 0;
    for (var n = 0; n < length; n++)
    {
        dot += (double)reference[n] * estimate[n];
        energy += (double)reference[n] * reference[n];
    }
    var scale = dot / energy;
    double target = 0, residual = 0;
    for (var n = 0; n < length; n++)
    {
        var e = estimate[n] - (scale * reference[n]);
        target += scale * reference[n] * scale * reference[n];
        residual += e * e;
    }
    return 10 * Math.Log10(target / residual);
}
