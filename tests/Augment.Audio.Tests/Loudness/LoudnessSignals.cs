namespace Augment.Audio.Tests.Loudness;

/// <summary>Generated test programmes: EBU sine segments, music-like and speech-like synthetic signals.</summary>
internal static class LoudnessSignals
{
    /// <summary>Planar buffer of 1 kHz sine segments (peak level dBFS, seconds) on every channel (or per channel levels).</summary>
    public static AudioBuffer SineSegments(int channels, int sampleRate, params (double Dbfs, double Seconds)[] segments)
    {
        long total = 0;
        foreach (var (_, seconds) in segments) total += (long)Math.Round(seconds * sampleRate);
        var buffer = AudioBuffer.Create(channels, (int)total, sampleRate);
        long start = 0;
        foreach (var (dbfs, seconds) in segments)
        {
            var n = (int)Math.Round(seconds * sampleRate);
            var amplitude = Math.Pow(10, dbfs / 20);
            for (var c = 0; c < channels; c++)
            {
                var plane = buffer.Channel(c);
                for (var i = 0; i < n; i++)
                    plane[(int)(start + i)] = (float)(amplitude * Math.Sin(2 * Math.PI * 1000.0 * (start + i) / sampleRate));
            }
            start += n;
        }
        return buffer;
    }

    /// <summary>A 1 kHz sine with a different peak level (dBFS) per channel.</summary>
    public static AudioBuffer SinePerChannel(int sampleRate, double seconds, params double[] channelDbfs)
    {
        var n = (int)Math.Round(seconds * sampleRate);
        var buffer = AudioBuffer.Create(channelDbfs.Length, n, sampleRate);
        for (var c = 0; c < channelDbfs.Length; c++)
        {
            var amplitude = Math.Pow(10, channelDbfs[c] / 20);
            var plane = buffer.Channel(c);
            for (var i = 0; i < n; i++)
                plane[i] = (float)(amplitude * Math.Sin(2 * Math.PI * 1000.0 * i / sampleRate));
        }
        return buffer;
    }

    /// <summary>
    /// Music-like stereo: a bass line, chords of harmonics, a rising chirp, hi-hat noise bursts and a slow
    /// swell, so the K-weighting, the gates and inter-sample peaks all have something to do.
    /// </summary>
    public static AudioBuffer MusicLike(int sampleRate, double seconds, int seed = 7)
    {
        var n = (int)(seconds * sampleRate);
        var buffer = AudioBuffer.Create(2, n, sampleRate);
        var random = new Random(seed);
        var left = buffer.Channel(0);
        var right = buffer.Channel(1);
        double[] roots = [55.0, 65.41, 73.42, 49.0];
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / sampleRate;
            var bar = (int)(t / 2.0) % roots.Length;
            var root = roots[bar];
            var beat = t * 2 % 1.0;
            var bass = 0.25 * Math.Sin(2 * Math.PI * root * t) * Math.Exp(-3 * beat);
            var chord = 0.0;
            for (var h = 1; h <= 6; h++)
                chord += 0.05 / h * (Math.Sin(2 * Math.PI * root * 4 * h * t) + Math.Sin(2 * Math.PI * root * 5 * h * t + 0.3));
            var chirp = 0.08 * Math.Sin(2 * Math.PI * (200 * t + 40 * t * t));
            var hat = (t * 4 % 1.0) < 0.03 ? 0.3 * (random.NextDouble() * 2 - 1) : 0.0;
            var swell = 0.6 + 0.4 * Math.Sin(2 * Math.PI * t / 7.0);
            left[i] = (float)(swell * (bass + chord + 0.7 * chirp) + hat);
            right[i] = (float)(swell * (bass + 0.8 * chord + chirp) - 0.8 * hat);
        }
        return buffer;
    }

    /// <summary>
    /// Speech-like mono: syllables of an amplitude-modulated glottal buzz (harmonics of a gliding pitch)
    /// with noise "consonants", separated by pauses (so the relative gate matters).
    /// </summary>
    public static AudioBuffer SpeechLike(int sampleRate, double seconds, int seed = 11)
    {
        var n = (int)(seconds * sampleRate);
        var buffer = AudioBuffer.Create(1, n, sampleRate);
        var random = new Random(seed);
        var x = buffer.Channel(0);
        var phase = 0.0;
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / sampleRate;
            var phrase = t % 4.0;
            var speaking = phrase < 3.0;
            var syllable = t * 4.3 % 1.0;
            var envelope = speaking ? Math.Pow(Math.Sin(Math.PI * syllable), 2) : 0.0;
            var pitch = 120 + 30 * Math.Sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / sampleRate;
            var buzz = 0.0;
            for (var h = 1; h <= 12; h++)
                buzz += Math.Sin(h * phase) / h * (h is 3 or 4 or 9 ? 2.0 : 1.0);
            var consonant = speaking && syllable > 0.85 ? 0.15 * (random.NextDouble() * 2 - 1) : 0.0;
            var roomNoise = 0.0005 * (random.NextDouble() * 2 - 1);
            x[i] = (float)(0.12 * envelope * buzz + consonant + roomNoise);
        }
        return buffer;
    }
}
