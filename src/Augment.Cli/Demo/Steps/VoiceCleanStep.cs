using System.Globalization;
using Augment.Audio;
using Augment.Cli.Demo.Media;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// The dialogue chain of a location shoot: a generated voice is buried in café noise at 5 dB SNR, then
/// noise reduction cleans it, the room of a "location" recording (a different take in a reverberant room)
/// is estimated blind and put on the cleaned voice, and the result is normalised to the streaming target
/// with a true-peak ceiling. Writes every stage as a WAV and shows a loudness table before and after.
/// </summary>
internal sealed class VoiceCleanStep : IDemoStep
{
    public const string NoisyFileName = "voice-noisy.wav";
    public const string DenoisedFileName = "voice-denoised.wav";
    public const string LocationFileName = "voice-location.wav";
    public const string CleanFileName = "voice-clean.wav";

    public const int SampleRate = 48_000;

    /// <summary>Signal-to-noise ratio of the café mixture, dB.</summary>
    public const double InputSnrDb = 5;

    /// <summary>Reverberation time of the location room the voice is matched to, seconds.</summary>
    public const double LocationRt60Seconds = 0.7;

    public const double TargetLufs = LoudnessNormalizationOptions.PodcastLufs;
    public const double TruePeakCeilingDbtp = -1;

    public string Name => "voice";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        // 1. The studio-quality voice and the café bed it was really recorded in.
        var clean = VoiceSignals.Voice(SampleRate, phrases: 4, seed: 7);
        var noise = VoiceSignals.Cafe(SampleRate, clean.Length, seed: 11, rms: VoiceSignals.Rms(clean) / Math.Pow(10, InputSnrDb / 20));
        using var noisy = AudioBuffer.Create(1, clean.Length, SampleRate, context.Budget);
        var noisySamples = noisy.Channel(0);
        for (var n = 0; n < clean.Length; n++)
            noisySamples[n] = clean[n] + noise[n];
        var noisyPath = context.OutputPath(NoisyFileName);
        noisy.SaveWav(noisyPath);
        context.Progress.Report(new AugmentProgress(Name, 0.1));

        // 2. Noise reduction.
        using var denoised = new NoiseReducer(new NoiseReducerOptions { Budget = context.Budget }).Process(noisy);
        var denoisedPath = context.OutputPath(DenoisedFileName);
        denoised.SaveWav(denoisedPath);
        var snrBefore = SiSdr(clean, noisy.Channel(0));
        var snrAfter = SiSdr(clean, denoised.Channel(0));
        if (!(snrAfter > snrBefore + 1))
            throw new AugmentException($"Noise reduction improved SI-SDR only from {snrBefore:0.0} to {snrAfter:0.0} dB on the café mixture.");
        context.Progress.Report(new AugmentProgress(Name, 0.35));

        // 3. The location: another take in a room of known RT60; its decay is estimated blind from that
        //    recording alone and a matching impulse response is synthesised for the cleaned studio voice.
        using var locationRoom = RoomSynthesizer.Synthesize(new RoomSynthesisOptions
        {
            Rt60Seconds = [LocationRt60Seconds, LocationRt60Seconds, LocationRt60Seconds, LocationRt60Seconds, LocationRt60Seconds, LocationRt60Seconds * 0.85, LocationRt60Seconds * 0.7],
            DrrDb = 2,
            SampleRate = SampleRate,
            Seed = 3,
            Budget = context.Budget,
        }, ct);
        var locationVoice = VoiceSignals.Voice(SampleRate, phrases: 6, seed: 23, baseF0: 180);
        using var locationDry = AudioBuffer.Create(1, locationVoice.Length, SampleRate, context.Budget);
        locationVoice.CopyTo(locationDry.Channel(0));
        using var location = locationDry.ApplyRoom(locationRoom, new RoomApplyOptions { Budget = context.Budget }, ct);
        var locationPath = context.OutputPath(LocationFileName);
        location.SaveWav(locationPath);
        var estimate = BlindRoomEstimator.Estimate(location, cancellationToken: ct);
        // The mid-frequency reverberation time (mean of the 500 Hz and 1 kHz bands, as ISO 3382-1 quotes it).
        var estimatedRt60 = (Band(estimate, 500) + Band(estimate, 1000)) / 2;
        if (!(Math.Abs(estimatedRt60 - LocationRt60Seconds) <= 0.25 * LocationRt60Seconds))
            throw new AugmentException($"The blind room estimate found RT60 {estimatedRt60:0.00} s for a room of {LocationRt60Seconds:0.00} s.");
        using var inRoom = RoomMatch.Apply(denoised, estimate, new RoomMatchOptions { Apply = new RoomApplyOptions { Budget = context.Budget } }, ct);
        context.Progress.Report(new AugmentProgress(Name, 0.7));

        // 4. Delivery loudness with a true-peak ceiling.
        var (normalized, normalization) = LoudnessNormalizer.Normalize(inRoom, new LoudnessNormalizationOptions
        {
            TargetLufs = TargetLufs,
            TruePeakCeilingDbtp = TruePeakCeilingDbtp,
        });
        using (normalized)
        {
            var cleanPath = context.OutputPath(CleanFileName);
            normalized.SaveWav(cleanPath);
            var output = normalization.Output;
            if (!(Math.Abs(output.IntegratedLufs - TargetLufs) <= 0.5) || !(output.TruePeakDbtp <= TruePeakCeilingDbtp + 0.2))
                throw new AugmentException($"Normalisation reached {output.IntegratedLufs:0.0} LUFS / {output.TruePeakDbtp:0.0} dBTP, target {TargetLufs} LUFS / {TruePeakCeilingDbtp} dBTP.");
            context.Progress.Report(new AugmentProgress(Name, 1));

            var stages = new (string Name, LoudnessResult Loudness)[]
            {
                ("noisy", LoudnessMeter.Measure(noisy)),
                ("denoised", LoudnessMeter.Measure(denoised)),
                ("in room", normalization.Input),
                ("normalised", output),
            };
            return Task.FromResult(new DemoStepResult(
                Name,
                $"voice in café noise ({InputSnrDb:0} dB SNR) -> denoise -> location room (estimated blind) -> {TargetLufs:0} LUFS",
                string.Create(CultureInfo.InvariantCulture,
                    $"SI-SDR {snrBefore:0.0} -> {snrAfter:0.0} dB; RT60 {LocationRt60Seconds:0.00} s, estimated blind {estimatedRt60:0.00} s; {stages[0].Loudness.IntegratedLufs:0.0} -> {output.IntegratedLufs:0.0} LUFS, {output.TruePeakDbtp:0.0} dBTP"),
                [cleanPath, noisyPath, denoisedPath, locationPath])
            {
                Details = LoudnessTable(stages),
            });
        }
    }

    private static double Band(BlindRoomEstimate estimate, double centerHz)
    {
        foreach (var band in estimate.Bands)
        {
            if (band.CenterHz == centerHz)
                return band.Rt60Seconds;
        }
        return double.NaN;
    }

    private static DemoTable LoudnessTable((string Name, LoudnessResult Loudness)[] stages)
    {
        var columns = new List<string> { "voice-clean loudness" };
        foreach (var stage in stages)
            columns.Add(stage.Name);
        var rows = new List<IReadOnlyList<string>>
        {
            Row("integrated (LUFS)", stages, l => l.IntegratedLufs),
            Row("range (LU)", stages, l => l.RangeLu),
            Row("true peak (dBTP)", stages, l => l.TruePeakDbtp),
            Row("momentary max (LUFS)", stages, l => l.MomentaryMaxLufs),
            Row("short-term max (LUFS)", stages, l => l.ShortTermMaxLufs),
        };
        return new DemoTable("voice: loudness before and after (EBU R128)", columns, rows);
    }

    private static List<string> Row(string name, (string Name, LoudnessResult Loudness)[] stages, Func<LoudnessResult, double> value)
    {
        var row = new List<string> { name };
        foreach (var stage in stages)
        {
            var v = value(stage.Loudness);
            row.Add(double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-");
        }
        return row;
    }

    /// <summary>Scale-invariant signal-to-distortion ratio of <paramref name="estimate"/> against <paramref name="reference"/>, dB.</summary>
    internal static double SiSdr(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
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
            var t = scale * reference[n];
            var e = estimate[n] - t;
            target += t * t;
            residual += e * e;
        }
        return 10 * Math.Log10(target / residual);
    }
}
