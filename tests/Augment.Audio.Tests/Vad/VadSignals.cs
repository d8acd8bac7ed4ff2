namespace Augment.Audio.Tests.Vad;

/// <summary>Test signals for voice activity detection: speech placed in silence or noise, with the truth.</summary>
internal static class VadSignals
{
    public const int Rate = 16000;

    /// <summary>A mono signal of <paramref name="seconds"/> with each clip placed at its start time, and where speech truly is.</summary>
    public static (float[] Clean, List<(double Start, double End)> Truth) Place(double seconds, params (float[] Clip, double At)[] clips)
    {
        var clean = new float[(int)(seconds * Rate)];
        var truth = new List<(double, double)>();
        foreach (var (clip, at) in clips)
        {
            var offset = (int)(at * Rate);
            clip.AsSpan(0, Math.Min(clip.Length, clean.Length - offset)).CopyTo(clean.AsSpan(offset));
            var (first, last) = ActiveSpan(clip);
            truth.Add((at + (first / (double)Rate), at + (last / (double)Rate)));
        }
        return (clean, truth);
    }

    /// <summary>First and last sample of the 10 ms frames within 40 dB of the clip's loudest frame.</summary>
    public static (int First, int Last) ActiveSpan(ReadOnlySpan<float> clip)
    {
        const int hop = Rate / 100;
        var frames = clip.Length / hop;
        var energies = new double[frames];
        double peak = 0;
        for (var f = 0; f < frames; f++)
        {
            double e = 0;
            foreach (var v in clip.Slice(f * hop, hop)) e += (double)v * v;
            energies[f] = e;
            peak = Math.Max(peak, e);
        }
        int first = -1, last = -1;
        for (var f = 0; f < frames; f++)
        {
            if (energies[f] <= peak * 1e-4) continue;
            if (first < 0) first = f * hop;
            last = (f + 1) * hop;
        }
        return (first, last);
    }

    /// <summary>Mean power of the active part of each truth span.</summary>
    public static double SpeechPower(float[] clean, List<(double Start, double End)> truth)
    {
        double sum = 0;
        long count = 0;
        foreach (var (start, end) in truth)
        {
            for (var i = (int)(start * Rate); i < (int)(end * Rate); i++)
            {
                sum += (double)clean[i] * clean[i];
                count++;
            }
        }
        return sum / count;
    }

    /// <summary>Unit-power white noise.</summary>
    public static float[] White(int length, int seed)
    {
        var random = new Random(seed);
        var noise = new float[length];
        for (var i = 0; i < length; i++) noise[i] = (float)((random.NextDouble() * 2) - 1);
        return Normalize(noise);
    }

    /// <summary>Unit-power pink noise (Paul Kellet's refined filter of white noise, -3 dB/octave within 0.05 dB above 9 Hz at 44.1 kHz).</summary>
    public static float[] Pink(int length, int seed)
    {
        var random = new Random(seed);
        var noise = new float[length];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (var i = 0; i < length; i++)
        {
            var w = (random.NextDouble() * 2) - 1;
            b0 = (0.99886 * b0) + (w * 0.0555179);
            b1 = (0.99332 * b1) + (w * 0.0750759);
            b2 = (0.96900 * b2) + (w * 0.1538520);
            b3 = (0.86650 * b3) + (w * 0.3104856);
            b4 = (0.55000 * b4) + (w * 0.5329522);
            b5 = (-0.7616 * b5) - (w * 0.0168980);
            noise[i] = (float)(b0 + b1 + b2 + b3 + b4 + b5 + b6 + (w * 0.5362));
            b6 = w * 0.115926;
        }
        return Normalize(noise);
    }

    /// <summary><paramref name="clean"/> plus unit-power <paramref name="noise"/> scaled to <paramref name="snrDb"/> below <paramref name="speechPower"/>.</summary>
    public static float[] Mix(float[] clean, float[] noise, double speechPower, double snrDb)
    {
        var gain = (float)Math.Sqrt(speechPower / Math.Pow(10, snrDb / 10));
        var mixed = new float[clean.Length];
        for (var i = 0; i < mixed.Length; i++) mixed[i] = clean[i] + (gain * noise[i]);
        return mixed;
    }

    /// <summary>
    /// A deterministic speech-like utterance without a speech synthesiser: syllables of 120–260 ms (a
    /// glottal pulse train at a gliding 100–140 Hz pitch through three formant resonators, vowel
    /// formants changing per syllable) separated by 40–80 ms dips, with a raised-cosine envelope.
    /// </summary>
    public static float[] SpeechLike(double seconds, int seed, int rate = Rate)
    {
        var random = new Random(seed);
        var length = (int)(seconds * rate);
        var output = new float[length];
        (double F1, double F2, double F3)[] vowels = [(730, 1090, 2440), (270, 2290, 3010), (530, 1840, 2480), (300, 870, 2240), (640, 1190, 2390)];
        var position = 0;
        var phase = 0.0;
        while (position < length)
        {
            var syllable = (int)((0.12 + (0.14 * random.NextDouble())) * rate);
            var gap = (int)((0.04 + (0.04 * random.NextDouble())) * rate);
            var vowel = vowels[random.Next(vowels.Length)];
            var formants = new[]
            {
                new BiquadFilter(BiquadCoefficients.BandPass(rate, vowel.F1, 5)),
                new BiquadFilter(BiquadCoefficients.BandPass(rate, vowel.F2, 8)),
                new BiquadFilter(BiquadCoefficients.BandPass(rate, vowel.F3, 10)),
            };
            var pitchStart = 100 + (40 * random.NextDouble());
            var pitchEnd = 100 + (40 * random.NextDouble());
            var count = Math.Min(syllable, length - position);
            var source = new float[count];
            for (var i = 0; i < count; i++)
            {
                var t = i / (double)syllable;
                phase += (pitchStart + ((pitchEnd - pitchStart) * t)) / rate;
                // A pulse once per pitch period, plus a little aspiration noise.
                var pulse = phase >= 1 ? 1.0 : 0.0;
                if (phase >= 1) phase -= 1;
                source[i] = (float)(pulse + (0.02 * ((random.NextDouble() * 2) - 1)));
            }
            var voiced = new float[count];
            foreach (var (filter, gain) in formants.Zip([1.0f, 0.5f, 0.25f]))
            {
                var band = new float[count];
                filter.Process(source, band);
                for (var i = 0; i < count; i++) voiced[i] += gain * band[i];
            }
            for (var i = 0; i < count; i++)
            {
                var envelope = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / syllable));
                output[position + i] = (float)(0.5 * envelope * voiced[i]);
            }
            position += syllable + gap;
        }
        return output;
    }

    public static AudioBuffer Mono(float[] samples, int rate = Rate)
    {
        var buffer = AudioBuffer.Create(1, samples.Length, rate);
        samples.CopyTo(buffer.Channel(0));
        return buffer;
    }

    private static float[] Normalize(float[] noise)
    {
        double power = 0;
        foreach (var v in noise) power += (double)v * v;
        var gain = (float)(1 / Math.Sqrt(power / noise.Length));
        for (var i = 0; i < noise.Length; i++) noise[i] *= gain;
        return noise;
    }
}
