namespace Augment.Cli.Demo.Media;

/// <summary>
/// Generates the demo's voice and café noise, so the voice-clean step needs no recordings: a formant
/// synthesiser (a glottal pulse train through a cascade of vowel resonators, with fricative noise between
/// vowels and pauses between phrases) and a café bed (pink noise, distant babble of the same synthesiser,
/// cup clinks). Deterministic for a given seed.
/// </summary>
internal static class VoiceSignals
{
    // First three formants (Hz) of a few vowels, from the classic adult-male averages
    // (Peterson & Barney 1952): i, ɛ, a, ɔ, u, ʌ.
    private static readonly double[][] Vowels =
    [
        [270, 2290, 3010],
        [530, 1840, 2480],
        [730, 1090, 2440],
        [570, 840, 2410],
        [300, 870, 2240],
        [640, 1190, 2390],
    ];

    private static readonly double[] Bandwidths = [80, 100, 140];

    /// <summary>
    /// Mono speech-like phrases: <paramref name="phrases"/> phrases of 4–7 syllables, each followed by a pause
    /// of 0.4–0.7 s, at a peak level near <paramref name="peak"/>.
    /// </summary>
    public static float[] Voice(int sampleRate, int phrases, int seed, double baseF0 = 115, float peak = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(phrases);
        var random = new Random(seed);
        var samples = new List<float>(phrases * 2 * sampleRate);
        var resonators = new Resonator[3];
        double glottalPhase = 0;
        samples.AddRange(new float[(int)(0.3 * sampleRate)]);
        for (var p = 0; p < phrases; p++)
        {
            var syllables = 4 + random.Next(4);
            var phraseStart = samples.Count;
            var phraseLength = 0;
            for (var s = 0; s < syllables; s++)
                phraseLength += (int)((0.16 + (0.12 * random.NextDouble())) * sampleRate);
            var vowel = Vowels[random.Next(Vowels.Length)];
            for (var s = 0; s < syllables; s++)
            {
                // A fricative onset on about half of the syllables: high-passed noise, 40-80 ms.
                if (random.NextDouble() < 0.5)
                {
                    var length = (int)((0.04 + (0.04 * random.NextDouble())) * sampleRate);
                    double previous = 0;
                    for (var n = 0; n < length; n++)
                    {
                        var white = random.NextDouble() - 0.5;
                        var envelope = Math.Sin(Math.PI * n / length);
                        samples.Add((float)(0.12 * envelope * (white - previous)));
                        previous = white;
                    }
                }

                var next = Vowels[random.Next(Vowels.Length)];
                var frames = (int)((0.16 + (0.12 * random.NextDouble())) * sampleRate);
                var ramp = (int)(0.02 * sampleRate);
                for (var n = 0; n < frames; n++)
                {
                    var u = (double)n / frames;
                    var inPhrase = (double)(samples.Count - phraseStart) / Math.Max(phraseLength, 1);
                    // Declination over the phrase plus a rise-fall on each syllable.
                    var f0 = baseF0 * (1.15 - (0.25 * inPhrase) + (0.08 * Math.Sin(Math.PI * u)));
                    glottalPhase += f0 / sampleRate;
                    if (glottalPhase >= 1)
                        glottalPhase -= 1;
                    var source = Glottal(glottalPhase) + (0.02 * (random.NextDouble() - 0.5));
                    var x = source;
                    for (var k = 0; k < resonators.Length; k++)
                    {
                        var formant = vowel[k] + ((next[k] - vowel[k]) * u);
                        resonators[k].Tune(formant, Bandwidths[k], sampleRate);
                        x = resonators[k].Process(x);
                    }
                    var gate = n < ramp ? (double)n / ramp : n > frames - ramp ? (double)(frames - n) / ramp : 1;
                    samples.Add((float)(gate * x));
                }
                vowel = next;
            }
            samples.AddRange(new float[(int)((0.4 + (0.3 * random.NextDouble())) * sampleRate)]);
        }

        var result = samples.ToArray();
        var max = 0f;
        foreach (var v in result)
            max = Math.Max(max, Math.Abs(v));
        if (max > 0)
        {
            var scale = peak / max;
            for (var i = 0; i < result.Length; i++)
                result[i] *= scale;
        }
        return result;
    }

    /// <summary>
    /// A café bed of <paramref name="frames"/> samples: pink noise, four distant synthetic talkers and a few
    /// cup clinks, scaled to an RMS of <paramref name="rms"/>.
    /// </summary>
    public static float[] Cafe(int sampleRate, int frames, int seed, double rms)
    {
        var random = new Random(seed);
        var bed = new float[frames];

        // Pink noise (Paul Kellet's economy filter on white noise).
        double b0 = 0, b1 = 0, b2 = 0;
        for (var n = 0; n < frames; n++)
        {
            var white = random.NextDouble() - 0.5;
            b0 = (0.99765 * b0) + (white * 0.0990460);
            b1 = (0.96300 * b1) + (white * 0.2965164);
            b2 = (0.57000 * b2) + (white * 1.0526913);
            bed[n] = (float)(b0 + b1 + b2 + (white * 0.1848));
        }
        Scale(bed, 1.0);

        // Babble: other talkers, each shifted in time and softer.
        var babble = new float[frames];
        for (var talker = 0; talker < 4; talker++)
        {
            var voice = Voice(sampleRate, 1 + (frames / sampleRate / 2), seed + 101 + talker, 95 + (40 * talker));
            var offset = random.Next(Math.Max(1, voice.Length / 2));
            for (var n = 0; n < frames; n++)
                babble[n] += voice[(n + offset) % voice.Length];
        }
        Scale(babble, 0.8);

        // Clinks: short, decaying partials at random times.
        var clinks = new float[frames];
        var count = Math.Max(1, frames / sampleRate);
        for (var c = 0; c < count; c++)
        {
            var start = random.Next(frames);
            var frequency = 2500 + (2500 * random.NextDouble());
            var length = Math.Min(frames - start, (int)(0.15 * sampleRate));
            for (var n = 0; n < length; n++)
            {
                var t = (double)n / sampleRate;
                clinks[start + n] += (float)(Math.Exp(-t * 40) * (Math.Sin(2 * Math.PI * frequency * t) + (0.5 * Math.Sin(2 * Math.PI * 2.76 * frequency * t))));
            }
        }
        Scale(clinks, 0.6);

        for (var n = 0; n < frames; n++)
            bed[n] += babble[n] + clinks[n];
        Scale(bed, rms);
        return bed;
    }

    /// <summary>The RMS of <paramref name="samples"/>.</summary>
    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var v in samples)
            sum += (double)v * v;
        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    private static void Scale(float[] samples, double rms)
    {
        var current = Rms(samples);
        if (current <= 0)
            return;
        var gain = (float)(rms / current);
        for (var i = 0; i < samples.Length; i++)
            samples[i] *= gain;
    }

    // Rosenberg-style glottal pulse: opening over 40 % of the period, closing over 16 %, closed otherwise;
    // differentiated (the lip radiation) so the spectrum tilts like a voice.
    private static double Glottal(double phase)
    {
        const double open = 0.4, close = 0.16;
        if (phase < open)
            return Math.PI / open * Math.Sin(Math.PI * phase / open) * 0.5;
        if (phase < open + close)
            return -Math.PI / (2 * close) * Math.Sin(Math.PI * (phase - open) / (2 * close));
        return 0;
    }

    /// <summary>A two-pole resonator with unit gain at DC (Klatt's formant filter).</summary>
    private struct Resonator
    {
        private double _a, _b, _c, _y1, _y2;

        public void Tune(double frequencyHz, double bandwidthHz, int sampleRate)
        {
            var r = Math.Exp(-Math.PI * bandwidthHz / sampleRate);
            _c = -r * r;
            _b = 2 * r * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
            _a = 1 - _b - _c;
        }

        public double Process(double x)
        {
            var y = (_a * x) + (_b * _y1) + (_c * _y2);
            _y2 = _y1;
            _y1 = y;
            return y;
        }
    }
}
