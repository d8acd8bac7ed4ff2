namespace Augment.Audio.Tests.Separation.Metrics;

/// <summary>Deterministic test signals for the BSS-Eval tests.</summary>
internal static class MetricSignals
{
    /// <summary>Gaussian white noise (Box–Muller), unit variance, <paramref name="channels"/> independent channels.</summary>
    public static AudioBuffer Noise(int channels, int frames, int sampleRate, int seed)
    {
        var random = new Random(seed);
        var buffer = AudioBuffer.Create(channels, frames, sampleRate);
        var data = buffer.Data;
        for (var i = 0; i < data.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            data[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return buffer;
    }

    /// <summary>Noise through a one-pole low-pass (coloured, like music more than white noise) plus a tone per channel.</summary>
    public static AudioBuffer Coloured(int channels, int frames, int sampleRate, int seed, double pole, double toneHz)
    {
        var buffer = Noise(channels, frames, sampleRate, seed);
        for (var c = 0; c < channels; c++)
        {
            var x = buffer.Channel(c);
            double state = 0;
            for (var t = 0; t < frames; t++)
            {
                state = (pole * state) + ((1 - pole) * x[t]);
                x[t] = (float)((3 * state) + (0.3 * Math.Sin((2 * Math.PI * toneHz * (c + 1) * t / sampleRate) + seed)));
            }
        }
        return buffer;
    }

    /// <summary>Σ gains[i]·sources[i] (+ noise·noiseGain), a new buffer.</summary>
    public static AudioBuffer Mix(IReadOnlyList<AudioBuffer> sources, IReadOnlyList<double> gains, AudioBuffer? noise = null, double noiseGain = 0)
    {
        var first = sources[0];
        var mix = AudioBuffer.Create(first.Channels, first.Frames, first.SampleRate);
        var data = mix.Data;
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i].Data;
            for (var k = 0; k < data.Length; k++) data[k] += (float)(gains[i] * s[k]);
        }
        if (noise is not null)
        {
            var n = noise.Data;
            for (var k = 0; k < data.Length; k++) data[k] += (float)(noiseGain * n[k]);
        }
        return mix;
    }

    /// <summary><paramref name="source"/> through the FIR <paramref name="taps"/> (causal, same length).</summary>
    public static AudioBuffer Filter(AudioBuffer source, IReadOnlyList<double> taps)
    {
        var result = AudioBuffer.Create(source.Channels, source.Frames, source.SampleRate);
        for (var c = 0; c < source.Channels; c++)
        {
            var x = source.Channel(c);
            var y = result.Channel(c);
            for (var t = 0; t < source.Frames; t++)
            {
                double sum = 0;
                for (var a = 0; a < taps.Count && a <= t; a++) sum += taps[a] * x[t - a];
                y[t] = (float)sum;
            }
        }
        return result;
    }

    /// <summary>Sets frames [from, to) of every channel to zero.</summary>
    public static void Silence(AudioBuffer buffer, int from, int to)
    {
        for (var c = 0; c < buffer.Channels; c++) buffer.Channel(c)[from..to].Clear();
    }

    /// <summary>Σ of squares over every channel, in double.</summary>
    public static double Energy(AudioBuffer buffer)
    {
        double sum = 0;
        foreach (var v in buffer.Data) sum += (double)v * v;
        return sum;
    }
}
