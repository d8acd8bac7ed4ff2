namespace Augment.Audio.Tests.Loudness;

/// <summary>
/// Real (synthetic-voice) speech from espeak-ng measured by <see cref="LoudnessMeter"/> and by ffmpeg's
/// <c>ebur128=peak=true</c> on the same float WAV: integrated loudness within 0.1 LU, true peak within 0.2 dB,
/// loudness range within 1 LU (the cross-check). Speech has the pauses, plosives and level changes
/// that exercise the gates and the true-peak oversampler in ways steady test tones do not. Skips when
/// espeak-ng or ffmpeg is absent.
/// </summary>
public sealed class LoudnessSpeechTests : IDisposable
{
    // Sentences spoken one by one and joined with pauses, each at its own level (as a location recording
    // mixes near and far talkers), about 25 s in all: the relative gate, the silences and the 3 s short-term
    // windows behind the loudness range all have something to do.
    private static readonly (string Text, double GainDb)[] Sentences =
    [
        ("The ferry leaves at seven, so we should be at the harbour by half past six.", -1),
        ("Bring a coat; the wind on the upper deck is cold even in June.", -9),
        ("Did you remember the tickets? I left them on the kitchen table, next to the keys.", -4),
        ("Quiet now. Listen to the gulls.", -15),
        ("When we arrive, the cafe by the pier serves the best fish soup on the whole coast.", -6),
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-loudness-speech-" + Guid.NewGuid().ToString("N"));

    public LoudnessSpeechTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    [Theory]
    [InlineData(1, 48_000)]
    [InlineData(2, 48_000)]
    [InlineData(2, 44_100)]
    public void Speech_loudness_agrees_with_ffmpeg_ebur128(int channels, int sampleRate)
    {
        Espeak.SkipWhenAbsent();
        Ffmpeg.SkipWhenAbsent();
        var speech = Speech(sampleRate);
        using var buffer = AudioBuffer.Create(channels, speech.Length, sampleRate);
        // Mono as spoken; stereo with the right channel 7 dB down and 11 ms late, so the channels differ in level
        // and in where their peaks fall.
        speech.CopyTo(buffer.Channel(0));
        if (channels == 2)
        {
            var right = buffer.Channel(1);
            var delay = sampleRate * 11 / 1000;
            var gain = (float)Math.Pow(10, -7.0 / 20);
            for (var i = delay; i < right.Length; i++)
                right[i] = gain * speech[i - delay];
        }
        var path = Path.Combine(_folder, $"speech-{channels}ch-{sampleRate}.wav");
        buffer.SaveWav(path);

        var ours = LoudnessMeter.Measure(buffer);
        var reference = FfmpegEbur128.Measure(path);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{channels} ch @ {sampleRate} Hz, {speech.Length / (double)sampleRate:F1} s: I {ours.IntegratedLufs:F3} / ffmpeg {reference.IntegratedLufs}, "
            + $"TP {ours.TruePeakDbtp:F3} / {reference.TruePeakDbtp}, LRA {ours.RangeLu:F2} / {reference.RangeLu}");
        Assert.True(speech.Length > 10 * sampleRate, $"espeak-ng spoke only {speech.Length / (double)sampleRate:F1} s");
        // ffmpeg prints one decimal, so up to 0.05 of each tolerance is its rounding.
        Assert.True(Math.Abs(ours.IntegratedLufs - reference.IntegratedLufs) <= 0.1, $"I {ours.IntegratedLufs:F3} vs ffmpeg {reference.IntegratedLufs}");
        Assert.True(Math.Abs(ours.TruePeakDbtp - reference.TruePeakDbtp) <= 0.2, $"TP {ours.TruePeakDbtp:F3} vs ffmpeg {reference.TruePeakDbtp}");
        Assert.True(Math.Abs(ours.RangeLu - reference.RangeLu) <= 1.0, $"LRA {ours.RangeLu:F2} vs ffmpeg {reference.RangeLu}");
        Assert.True(reference.RangeLu > 3, $"the level changes should give a loudness range of several LU (ffmpeg: {reference.RangeLu})");
    }

    private static float[] Speech(int sampleRate)
    {
        var pause = new float[sampleRate * 7 / 10];
        var joined = new List<float>(pause);
        foreach (var (text, gainDb) in Sentences)
        {
            using var spoken = Espeak.Speak(text, sampleRate);
            var samples = spoken.Channel(0);
            // Scale the sentence to an RMS of gainDb - 18 dBFS (espeak-ng's level varies by sentence); the peaks
            // fall where the speech puts them, a few dB under full scale for the loudest sentence.
            double sum = 0;
            foreach (var v in samples)
                sum += v * (double)v;
            var gain = (float)(Math.Pow(10, (gainDb - 18) / 20) / Math.Sqrt(sum / samples.Length));
            foreach (var v in samples)
                joined.Add(gain * v);
            joined.AddRange(pause);
        }
        return [.. joined];
    }
}
