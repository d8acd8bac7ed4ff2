namespace Augment.Audio.Tests.Separation;

/// <summary>
/// Deterministic synthetic music for separation tests (44.1 kHz by default): each source is returned on its own
/// and summed, mono or stereo (constant-power panning), so a test can score an estimate against the truth.
/// <list type="bullet">
/// <item><c>drums</c>: 120 BPM; a kick on beats 1 and 3 (sine swept 150 → 45 Hz, 50 ms decay), a snare on 2 and 4
/// (noise, 90 ms decay, plus a 190 Hz body decaying in 40 ms) and eighth-note hats (noise, 25 ms decay). Every bar is identical.</item>
/// <item><c>bass</c>: a one-pole low-passed sawtooth, one note per beat (A1 A1 C2 G1), 10 ms attack; every bar identical.</item>
/// <item><c>pads</c>: detuned sustained triads (three notes, two voices each ±4 cents, a few harmonics), a new chord every
/// two bars, slow attack and release.</item>
/// <item><c>speech</c> (only from <see cref="SpeechOverLoop"/>): espeak-ng; callers run <see cref="Espeak.SkipWhenAbsent"/> first.</item>
/// </list>
/// One bar is 2 s, so drums + bass repeat exactly every 2 s (a loop for REPET). Results are cached and shared: treat the
/// arrays as read-only, and dispose the buffers the <c>*Buffer</c> methods return.
/// </summary>
internal static class TestMixtures
{
    public const int DefaultSampleRate = 44100;
    public const double BarSeconds = 2.0;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TestMixture> Cache = new();

    /// <summary>Drums, bass and pads (stems <c>drums</c>, <c>bass</c>, <c>pads</c>).</summary>
    public static TestMixture Music(int channels = 1, double seconds = 4, int sampleRate = DefaultSampleRate) =>
        Cache.GetOrAdd($"music|{channels}|{seconds}|{sampleRate}", _ =>
        {
            var frames = (int)Math.Round(seconds * sampleRate);
            return Build(sampleRate, channels, [
                ("drums", Drums(frames, sampleRate), 0.3),
                ("bass", Bass(frames, sampleRate), 0.0),
                ("pads", Pads(frames, sampleRate), -0.4)]);
        });

    /// <summary>Speech over a repeating drums + bass loop (stems <c>speech</c>, <c>loop</c>); needs espeak-ng.</summary>
    public static TestMixture SpeechOverLoop(int channels = 1, int sampleRate = DefaultSampleRate) =>
        Cache.GetOrAdd($"speech|{channels}|{sampleRate}", _ =>
        {
            using var spoken = Espeak.Speak("The quick brown fox jumps over the lazy dog, and then it runs far away into the green hills.", sampleRate);
            var speech = spoken.Channel(0).ToArray();
            // Start the speech after one bar so that the loop is heard alone first; end on a whole bar.
            var bar = (int)(BarSeconds * sampleRate);
            var frames = ((speech.Length / bar) + 2) * bar;
            var placed = new float[frames];
            Scale(speech, 0.5f / Peak(speech));
            speech.CopyTo(placed, bar);
            var loop = Drums(frames, sampleRate);
            var bass = Bass(frames, sampleRate);
            for (var i = 0; i < frames; i++) loop[i] += bass[i];
            return Build(sampleRate, channels, [("speech", placed, 0.0), ("loop", loop, 0.2)]);
        });

    private static TestMixture Build(int sampleRate, int channels, (string Name, float[] Mono, double Pan)[] sources)
    {
        var names = new string[sources.Length];
        var planes = new float[sources.Length][][];
        for (var s = 0; s < sources.Length; s++)
        {
            names[s] = sources[s].Name;
            planes[s] = Pan(sources[s].Mono, channels, sources[s].Pan);
        }
        return new TestMixture(sampleRate, names, planes);
    }

    // Constant-power pan, pan in [-1, 1]; mono keeps the signal as it is.
    private static float[][] Pan(float[] mono, int channels, double pan)
    {
        if (channels == 1) return [mono];
        var angle = (pan + 1) * Math.PI / 4;
        float left = (float)(Math.Cos(angle) * Math.Sqrt(2)), right = (float)(Math.Sin(angle) * Math.Sqrt(2));
        var l = new float[mono.Length];
        var r = new float[mono.Length];
        for (var i = 0; i < mono.Length; i++) { l[i] = left * mono[i]; r[i] = right * mono[i]; }
        return channels == 2 ? [l, r] : throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 2 channels");
    }

    private static float[] Drums(int frames, int sampleRate)
    {
        var x = new float[frames];
        var step = (int)(BarSeconds * sampleRate / 8); // eighth notes at 120 BPM
        for (var start = 0; start < frames; start += step)
        {
            var index = (start / step) % 8; // position in the bar: the same noise every bar, so bars repeat exactly
            var random = new Random(1000 + index);
            if (index % 4 == 0) // kick: beats 1 and 3
            {
                double phase = 0;
                for (var i = 0; start + i < frames && i < sampleRate / 2; i++)
                {
                    var t = (double)i / sampleRate;
                    var f = 45 + (105 * Math.Exp(-t / 0.03));
                    phase += 2 * Math.PI * f / sampleRate;
                    x[start + i] += (float)(0.8 * Math.Exp(-t / 0.05) * Math.Sin(phase));
                }
            }
            if (index % 4 == 2) // snare: beats 2 and 4
            {
                for (var i = 0; start + i < frames && i < sampleRate / 3; i++)
                {
                    var t = (double)i / sampleRate;
                    var noise = (random.NextDouble() * 2) - 1;
                    x[start + i] += (float)(Math.Exp(-t / 0.09) * ((0.45 * noise) + (0.25 * Math.Exp(-t / 0.04) * Math.Sin(2 * Math.PI * 190 * t))));
                }
            }
            for (var i = 0; start + i < frames && i < sampleRate / 8; i++) // hat on every eighth
            {
                var t = (double)i / sampleRate;
                var noise = (random.NextDouble() * 2) - 1;
                x[start + i] += (float)(0.2 * Math.Exp(-t / 0.025) * noise);
            }
        }
        return x;
    }

    private static float[] Bass(int frames, int sampleRate)
    {
        double[] notesHz = [55.0, 55.0, 65.41, 49.0];
        var x = new float[frames];
        var beat = (int)(BarSeconds * sampleRate / 4);
        double phase = 0, low = 0;
        var alpha = 1 - Math.Exp(-2 * Math.PI * 400.0 / sampleRate); // one-pole low-pass at 400 Hz
        for (var i = 0; i < frames; i++)
        {
            var inBeat = i % beat;
            var f = notesHz[(i / beat) % 4];
            if (inBeat == 0) phase = 0;
            phase += f / sampleRate;
            var saw = (2 * (phase - Math.Floor(phase))) - 1;
            low += alpha * (saw - low);
            var t = (double)inBeat / sampleRate;
            var envelope = Math.Min(1, t / 0.01) * Math.Min(1, (beat - inBeat) / (0.02 * sampleRate)); // click-free note ends
            x[i] = (float)(0.3 * envelope * low);
        }
        return x;
    }

    private static float[] Pads(int frames, int sampleRate)
    {
        double[][] chords = [[220.0, 277.18, 329.63], [196.0, 246.94, 293.66], [174.61, 220.0, 261.63], [196.0, 246.94, 329.63]];
        var x = new float[frames];
        var length = (int)(2 * BarSeconds * sampleRate);
        for (var c = 0; c * length < frames; c++)
        {
            var chord = chords[c % chords.Length];
            var start = c * length;
            for (var i = 0; i < length && start + i < frames; i++)
            {
                var t = (double)i / sampleRate;
                var envelope = Math.Min(1, t / 0.3) * Math.Min(1, (length - i) / (0.3 * sampleRate));
                double sum = 0;
                foreach (var f in chord)
                    foreach (var cents in (ReadOnlySpan<double>)[-4.0, 4.0])
                    {
                        var fd = f * Math.Pow(2, cents / 1200);
                        for (var h = 1; h <= 4; h++)
                            sum += Math.Sin((2 * Math.PI * fd * h * (start + i) / sampleRate) + h) / (h * h);
                    }
                x[start + i] = (float)(0.06 * envelope * sum);
            }
        }
        return x;
    }

    private static float Peak(float[] x)
    {
        var peak = 1e-9f;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        return peak;
    }

    private static void Scale(float[] x, float gain)
    {
        for (var i = 0; i < x.Length; i++) x[i] *= gain;
    }
}

/// <summary>Named sources (planar [channel][frame]) and their sum.</summary>
internal sealed class TestMixture
{
    private readonly string[] _names;
    private readonly float[][][] _sources;

    public TestMixture(int sampleRate, string[] names, float[][][] sources)
    {
        SampleRate = sampleRate;
        _names = names;
        _sources = sources;
        Channels = sources[0].Length;
        Frames = sources[0][0].Length;
        Mix = new float[Channels][];
        for (var c = 0; c < Channels; c++)
        {
            Mix[c] = new float[Frames];
            foreach (var source in sources)
                for (var i = 0; i < Frames; i++) Mix[c][i] += source[c][i];
        }
    }

    public int SampleRate { get; }
    public int Channels { get; }
    public int Frames { get; }
    public IReadOnlyList<string> Names => _names;

    /// <summary>The sum of all sources, [channel][frame].</summary>
    public float[][] Mix { get; }

    /// <summary>One source, [channel][frame].</summary>
    public float[][] Source(string name) => _sources[Array.IndexOf(_names, name) is var i and >= 0 ? i : throw new KeyNotFoundException(name)];

    /// <summary>The sum of several sources, [channel][frame] (e.g. bass + pads, the harmonic truth).</summary>
    public float[][] SumOf(params string[] names)
    {
        var sum = new float[Channels][];
        for (var c = 0; c < Channels; c++)
        {
            sum[c] = new float[Frames];
            foreach (var name in names)
            {
                var s = Source(name)[c];
                for (var i = 0; i < Frames; i++) sum[c][i] += s[i];
            }
        }
        return sum;
    }

    /// <summary>The mix as a new buffer (dispose it).</summary>
    public AudioBuffer MixBuffer() => ToBuffer(Mix, SampleRate);

    /// <summary>A source as a new buffer (dispose it).</summary>
    public AudioBuffer SourceBuffer(string name) => ToBuffer(Source(name), SampleRate);

    public static AudioBuffer ToBuffer(float[][] planes, int sampleRate)
    {
        var buffer = AudioBuffer.Create(planes.Length, planes[0].Length, sampleRate);
        for (var c = 0; c < planes.Length; c++) planes[c].CopyTo(buffer.Channel(c));
        return buffer;
    }
}
