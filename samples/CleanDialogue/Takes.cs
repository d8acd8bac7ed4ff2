using Augment;

namespace CleanDialogue;

/// <summary>
/// Generates the sample's recordings, so it needs no downloads: a vowel-like voice (harmonics of a gliding
/// pitch shaped by two moving formants, syllables and phrase pauses), café noise (pink noise with
/// distant talkers) and a location room (exponentially decaying noise).
/// </summary>
internal static class Takes
{
    public const int SampleRate = 48_000;

    /// <summary>A mono voice of about <paramref name="seconds"/> seconds: phrases of syllables separated by pauses.</summary>
    public static float[] Voice(double seconds, int seed, double pitchHz)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * SampleRate)];
        var t = (int)(0.4 * SampleRate);
        var phase = 0.0;
        while (t < samples.Length - SampleRate)
        {
            var syllables = 3 + random.Next(4);
            for (var s = 0; s < syllables && t < samples.Length; s++)
            {
                var length = (int)((0.15 + (0.15 * random.NextDouble())) * SampleRate);
                double f1 = 300 + (500 * random.NextDouble()), f2 = 900 + (1400 * random.NextDouble());
                for (var n = 0; n < length && t + n < samples.Length; n++)
                {
                    var u = (double)n / length;
                    var f0 = pitchHz * (1.1 - (0.2 * u));
                    phase += 2 * Math.PI * f0 / SampleRate;
                    double x = 0;
                    for (var h = 1; h * f0 < 5000; h++)
                    {
                        var f = h * f0;
                        var envelope = Math.Exp(-Math.Pow((f - f1) / 150, 2)) + (0.5 * Math.Exp(-Math.Pow((f - f2) / 200, 2))) + (0.05 * 200 / (200 + f));
                        x += envelope * Math.Sin(h * phase);
                    }
                    samples[t + n] = (float)(0.2 * Math.Sin(Math.PI * u) * x);
                }
                t += length + (int)(0.03 * SampleRate);
            }
            t += (int)((0.5 + (0.4 * random.NextDouble())) * SampleRate); // a pause between phrases
        }
        return samples;
    }

    /// <summary>Café noise at <paramref name="rms"/>: pink noise plus three softer talkers.</summary>
    public static float[] Cafe(int length, int seed, double rms)
    {
        var random = new Random(seed);
        var noise = new float[length];
        double b0 = 0, b1 = 0, b2 = 0;
        for (var n = 0; n < length; n++)
        {
            var white = random.NextDouble() - 0.5;
            b0 = (0.99765 * b0) + (white * 0.0990460);
            b1 = (0.96300 * b1) + (white * 0.2965164);
            b2 = (0.57000 * b2) + (white * 1.0526913);
            noise[n] = (float)(b0 + b1 + b2 + (white * 0.1848));
        }
        for (var talker = 0; talker < 3; talker++)
        {
            var other = Voice(length / (double)SampleRate + 1, seed + 10 + talker, 140 + (50 * talker));
            for (var n = 0; n < length; n++)
                noise[n] += 0.05f * other[(n + (talker * 7919)) % other.Length];
        }
        var gain = (float)(rms / Rms(noise));
        for (var n = 0; n < length; n++)
            noise[n] *= gain;
        return noise;
    }

    /// <summary>A mono room impulse response: a direct impulse and a noise tail that decays by 60 dB in <paramref name="rt60Seconds"/>.</summary>
    public static AudioBuffer Room(double rt60Seconds, int seed)
    {
        var random = new Random(seed);
        var length = (int)(1.5 * rt60Seconds * SampleRate);
        var room = AudioBuffer.Create(1, length, SampleRate);
        var ir = room.Channel(0);
        ir[0] = 1;
        var decay = 3 * Math.Log(10) / (rt60Seconds * SampleRate); // amplitude: -60 dB at RT60
        for (var n = (int)(0.003 * SampleRate); n < length; n++)
            ir[n] = (float)(0.08 * (random.NextDouble() - 0.5) * Math.Exp(-decay * n));
        return room;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var v in samples)
            sum += (double)v * v;
        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    public static AudioBuffer Mono(float[] samples)
    {
        var buffer = AudioBuffer.Create(1, samples.Length, SampleRate);
        samples.CopyTo(buffer.Channel(0));
        return buffer;
    }
}
