namespace Augment.Audio.Tests.Denoise;

/// <summary>
/// Synthetic speech-like signals and noises for the noise-reduction tests: voiced harmonic tones with a
/// moving pitch and formant-like spectral envelopes, syllable-rate on/off gating, unvoiced noise bursts;
/// white, pink and babble noise; SNR mixing and SI-SDR.
/// </summary>
internal static class SpeechLikeSignals
{
    public static float[] Speech(int frames, int sampleRate, int seed, double baseF0 = 120)
    {
        var random = new Random(seed);
        var x = new float[frames];
        var t0 = 0;
        var ramp = (int)(0.015 * sampleRate);
        var phases = new double[64];
        while (t0 < frames)
        {
            var syllable = (int)((0.12 + (0.14 * random.NextDouble())) * sampleRate);
            var gap = (int)((0.05 + (0.12 * random.NextDouble())) * sampleRate);
            var f1 = 450 + (350 * random.NextDouble());
            var f2 = 1100 + (900 * random.NextDouble());
            var f1End = 450 + (350 * random.NextDouble());
            var f2End = 1100 + (900 * random.NextDouble());
            var level = 0.15 + (0.15 * random.NextDouble());
            var burst = random.NextDouble() < 0.5 ? (int)(0.04 * sampleRate) : 0;
            var vibrato = random.NextDouble() * 2 * Math.PI;
            double previousNoise = 0;
            for (var i = 0; i < syllable + burst && t0 + i < frames; i++)
            {
                var t = (double)(t0 + i) / sampleRate;
                if (i < burst)
                {
                    // Unvoiced burst: differenced (high-tilted) noise with a raised-cosine envelope.
                    var w = random.NextDouble() - 0.5;
                    var env = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / burst));
                    x[t0 + i] += (float)(0.25 * level * env * (w - previousNoise));
                    previousNoise = w;
                    continue;
                }
                var j = i - burst;
                var u = (double)j / syllable;
                var gate = j < ramp ? 0.5 - (0.5 * Math.Cos(Math.PI * j / ramp))
                    : j > syllable - ramp ? 0.5 - (0.5 * Math.Cos(Math.PI * (syllable - j) / ramp)) : 1;
                var f0 = baseF0 * (1 + (0.15 * Math.Sin((2 * Math.PI * 1.3 * t) + vibrato)) - (0.1 * u));
                var formant1 = f1 + ((f1End - f1) * u);
                var formant2 = f2 + ((f2End - f2) * u);
                double sample = 0;
                for (var h = 1; h < phases.Length; h++)
                {
                    var f = h * f0;
                    if (f > 0.45 * sampleRate || f > 5000) break;
                    phases[h] += 2 * Math.PI * f / sampleRate;
                    var envelope = Math.Exp(-Math.Pow((f - formant1) / 120, 2)) + (0.6 * Math.Exp(-Math.Pow((f - formant2) / 160, 2)))
                        + (0.25 * Math.Exp(-Math.Pow((f - 2700) / 200, 2))) + (0.05 * 300 / (300 + f));
                    sample += envelope * Math.Sin(phases[h]);
                }
                x[t0 + i] += (float)(level * gate * sample);
            }
            t0 += syllable + burst + gap;
        }
        return x;
    }

    public static float[] White(int frames, int seed)
    {
        var random = new Random(seed);
        var x = new float[frames];
        for (var i = 0; i < frames; i++)
            x[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return x;
    }

    /// <summary>Pink noise: white noise through Paul Kellet's economy filter (−3 dB/octave within ±0.5 dB).</summary>
    public static float[] Pink(int frames, int seed)
    {
        var white = White(frames, seed);
        double b0 = 0, b1 = 0, b2 = 0;
        var x = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            b0 = (0.99765 * b0) + (white[i] * 0.0990460);
            b1 = (0.96300 * b1) + (white[i] * 0.2965164);
            b2 = (0.57000 * b2) + (white[i] * 1.0526913);
            x[i] = (float)(b0 + b1 + b2 + (white[i] * 0.1848));
        }
        return x;
    }

    /// <summary>Babble: several speech-like talkers at different pitches, summed.</summary>
    public static float[] Babble(int frames, int sampleRate, int seed)
    {
        var x = new float[frames];
        for (var talker = 0; talker < 6; talker++)
        {
            var voice = Speech(frames, sampleRate, seed + (101 * talker), 95 + (25 * talker));
            for (var i = 0; i < frames; i++) x[i] += voice[i];
        }
        return x;
    }

    /// <summary>clean + noise scaled so that 10·log10(Σclean²/Σnoise²) = snrDb.</summary>
    public static float[] Mix(float[] clean, float[] noise, double snrDb)
    {
        var scale = Math.Sqrt(Energy(clean) / Energy(noise) / Math.Pow(10, snrDb / 10));
        var x = new float[clean.Length];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(clean[i] + (scale * noise[i]));
        return x;
    }

    public static double Energy(ReadOnlySpan<float> x)
    {
        double e = 0;
        foreach (var v in x) e += (double)v * v;
        return e;
    }

    /// <summary>
    /// Scale-invariant SDR (Le Roux et al. 2019): s_t = (⟨ŝ, s⟩/‖s‖²)·s, e = ŝ − s_t, SI-SDR = 10·log10(‖s_t‖²/‖e‖²).
    /// </summary>
    public static double SiSdr(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference)
    {
        double dot = 0, refEnergy = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            dot += (double)estimate[i] * reference[i];
            refEnergy += (double)reference[i] * reference[i];
        }
        var alpha = dot / refEnergy;
        double target = 0, error = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var st = alpha * reference[i];
            var e = estimate[i] - st;
            target += st * st;
            error += e * e;
        }
        return 10 * Math.Log10(target / error);
    }

    public static AudioBuffer Buffer(int sampleRate, params float[][] channels)
    {
        var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, sampleRate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        return buffer;
    }
}
