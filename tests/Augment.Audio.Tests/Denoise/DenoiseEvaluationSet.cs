using System.Globalization;
using System.Text;
using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

/// <summary>
/// The noise-removal evaluation set of issue 5: speech (espeak-ng sentences in two voices with pauses when
/// espeak-ng is installed, plus the synthetic speech-like signal) mixed with white, pink, babble and café-like
/// noise at 0, 5 and 10 dB SNR; 16 kHz, 4 s per case. Built once per test run and cached.
/// </summary>
internal static class DenoiseEvaluationSet
{
    public const int Rate = 16_000;
    public const int Frames = 4 * Rate;

    public static readonly string[] NoiseKinds = ["white", "pink", "babble", "cafe"];
    public static readonly double[] Snrs = [0, 5, 10];

    private static readonly Lazy<List<EvaluationCase>> All = new(Build);

    /// <summary>One mixture.</summary>
    public sealed record EvaluationCase(string Speech, string Noise, double SnrDb, float[] Clean, float[] NoiseAlone, float[] Noisy);

    public static bool HasRealSpeech => Espeak.Path is not null;

    public static IReadOnlyList<EvaluationCase> Cases => All.Value;

    private static List<EvaluationCase> Build()
    {
        var speeches = new List<(string Name, float[] Samples)> { ("speech-like", Speech(Frames, Rate, seed: 7, baseF0: 130)) };
        if (HasRealSpeech)
        {
            speeches.Insert(0, ("espeak", Concatenate(
                Say("The quick brown fox jumps over the lazy dog near the river bank.", "en-us", 150),
                0.35,
                Say("Please call Stella and ask her to bring these things with her from the store.", "en-gb+f3", 165))));
        }
        var cases = new List<EvaluationCase>();
        foreach (var (name, clean) in speeches)
        {
            var real = name == "espeak";
            foreach (var kind in NoiseKinds)
            {
                var noise = NoiseOf(kind, real);
                foreach (var snr in Snrs)
                {
                    var scale = Math.Sqrt(Energy(clean) / Energy(noise) / Math.Pow(10, snr / 10));
                    var alone = new float[Frames];
                    var noisy = new float[Frames];
                    for (var i = 0; i < Frames; i++)
                    {
                        alone[i] = (float)(scale * noise[i]);
                        noisy[i] = clean[i] + alone[i];
                    }
                    cases.Add(new EvaluationCase(name, kind, snr, clean, alone, noisy));
                }
            }
        }
        return cases;
    }

    private static float[] Say(string text, string voice, int wordsPerMinute)
    {
        using var spoken = Espeak.Speak(text, Rate, voice, wordsPerMinute);
        return spoken.Channel(0).ToArray();
    }

    /// <summary>0.2 s of silence, a, a pause, b, then silence or truncation to <see cref="Frames"/>; peak 0.5.</summary>
    private static float[] Concatenate(float[] a, double pauseSeconds, float[] b)
    {
        var x = new float[Frames];
        var at = Rate / 5;
        a.AsSpan(0, Math.Min(a.Length, Frames - at)).CopyTo(x.AsSpan(at));
        at += a.Length + (int)(pauseSeconds * Rate);
        if (at < Frames)
            b.AsSpan(0, Math.Min(b.Length, Frames - at)).CopyTo(x.AsSpan(at));
        Normalize(x, 0.5f);
        return x;
    }

    private static void Normalize(float[] x, float peak)
    {
        var max = 0f;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        if (max > 0)
            for (var i = 0; i < x.Length; i++) x[i] *= peak / max;
    }

    private static float[] NoiseOf(string kind, bool realSpeech) => kind switch
    {
        "white" => White(Frames, 1000),
        "pink" => Pink(Frames, 1000),
        "babble" => BabbleOf(realSpeech, 1000),
        _ => Cafe(realSpeech),
    };

    /// <summary>
    /// Babble: espeak-ng talkers (other sentences, voices and speeds), each looped and time-shifted, summed; the
    /// speech-like babble of <see cref="SpeechLikeSignals.Babble"/> when espeak-ng is absent or for the synthetic speech.
    /// </summary>
    private static float[] BabbleOf(bool realSpeech, int seed)
    {
        if (!realSpeech)
            return Babble(Frames, Rate, seed);
        string[] texts =
        [
            "I would like a large coffee with milk and two sugars please.",
            "Did you see the game last night, it was quite something.",
            "We are going to the mountains for the weekend if the weather holds.",
            "The meeting has been moved to Thursday afternoon at three.",
            "She said the new restaurant on the corner is really good.",
        ];
        string[] voices = ["en-us+m3", "en-gb+f2", "en-us+f4", "en-gb+m5", "en-us+m7"];
        var x = new float[Frames];
        for (var t = 0; t < texts.Length; t++)
        {
            var talker = Say(texts[t], voices[t], 140 + (12 * t));
            var shift = (seed + (7919 * t)) % talker.Length;
            for (var i = 0; i < Frames; i++)
                x[i] += talker[(i + shift) % talker.Length];
        }
        return x;
    }

    /// <summary>Café-like: babble + clatter (short decaying resonant clicks at random times) + a low 50 Hz hum with harmonics.</summary>
    private static float[] Cafe(bool realSpeech)
    {
        var x = BabbleOf(realSpeech, 2000);
        var babbleRms = Math.Sqrt(Energy(x) / x.Length);
        var random = new Random(5);
        var clatter = new float[Frames];
        for (var hit = 0; hit < 12; hit++)
        {
            var at = random.Next(Frames);
            var f = 2000 + (3000 * random.NextDouble());
            var decay = 0.004 + (0.01 * random.NextDouble());
            var amplitude = (0.5 + random.NextDouble()) * 4 * babbleRms;
            for (var i = 0; at + i < Frames && i < Rate / 10; i++)
            {
                var t = (double)i / Rate;
                clatter[at + i] += (float)(amplitude * Math.Exp(-t / decay) * Math.Sin(2 * Math.PI * f * t) * (1 + (0.3 * (random.NextDouble() - 0.5))));
            }
        }
        for (var i = 0; i < Frames; i++)
        {
            var t = (double)i / Rate;
            var hum = (Math.Sin(2 * Math.PI * 50 * t) + (0.5 * Math.Sin(2 * Math.PI * 100 * t)) + (0.3 * Math.Sin(2 * Math.PI * 150 * t))) * 0.3 * babbleRms;
            x[i] += clatter[i] + (float)hum;
        }
        return x;
    }

    /// <summary>SI-SDR improvement of every case through <paramref name="process"/>, as a table with per-kind and overall means.</summary>
    public static EvaluationResult Evaluate(Func<float[], float[]> process)
    {
        var rows = new List<(EvaluationCase Case, double Before, double After)>();
        foreach (var item in Cases)
        {
            var output = process(item.Noisy);
            rows.Add((item, SiSdr(item.Noisy, item.Clean), SiSdr(output, item.Clean)));
        }
        return new EvaluationResult(rows);
    }

    public sealed class EvaluationResult(List<(EvaluationCase Case, double Before, double After)> rows)
    {
        public IReadOnlyList<(EvaluationCase Case, double Before, double After)> Rows => rows;

        public double MeanImprovement(string? speech = null, string? noise = null)
        {
            double total = 0;
            var count = 0;
            foreach (var (c, before, after) in rows)
            {
                if ((speech is null || c.Speech == speech) && (noise is null || c.Noise == noise))
                {
                    total += after - before;
                    count++;
                }
            }
            return count == 0 ? double.NaN : total / count;
        }

        public string ToTable(string title)
        {
            var text = new StringBuilder(title).AppendLine().AppendLine("speech       noise   SNR  SI-SDR in   out   gain (dB)");
            foreach (var (c, before, after) in rows)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{c.Speech,-12} {c.Noise,-6} {c.SnrDb,4:0} {before,7:0.00} {after,7:0.00} {after - before,6:0.00}"));
            foreach (var kind in NoiseKinds)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"mean {kind,-6} {MeanImprovement(noise: kind),6:0.00}"));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"mean all    {MeanImprovement(),6:0.00}"));
            return text.ToString();
        }
    }
}
