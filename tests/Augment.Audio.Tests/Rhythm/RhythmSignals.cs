namespace Augment.Audio.Tests.Rhythm;

/// <summary>Generated rhythm fixtures: clicks, noise bursts and kick/snare/hat patterns at known times.</summary>
internal static class RhythmSignals
{
    public const int Rate = 22050;

    /// <summary>Beat times of a constant tempo from <paramref name="startSeconds"/> up to the duration.</summary>
    public static double[] SteadyBeats(double bpm, double durationSeconds, double startSeconds = 0.5)
    {
        var beats = new List<double>();
        for (var t = startSeconds; t < durationSeconds - 0.3; t += 60 / bpm) beats.Add(t);
        return [.. beats];
    }

    /// <summary>Beat times whose tempo moves linearly from <paramref name="fromBpm"/> to <paramref name="toBpm"/> over the duration (a ramp).</summary>
    public static double[] RampBeats(double fromBpm, double toBpm, double durationSeconds, double startSeconds = 0.5)
    {
        var beats = new List<double>();
        for (var t = startSeconds; t < durationSeconds - 0.3;)
        {
            beats.Add(t);
            var bpm = fromBpm + ((toBpm - fromBpm) * t / durationSeconds);
            t += 60 / bpm;
        }
        return [.. beats];
    }

    /// <summary>Beat times at <paramref name="fromBpm"/> until <paramref name="stepSeconds"/>, then at <paramref name="toBpm"/> (a step).</summary>
    public static double[] StepBeats(double fromBpm, double toBpm, double stepSeconds, double durationSeconds, double startSeconds = 0.5)
    {
        var beats = new List<double>();
        for (var t = startSeconds; t < durationSeconds - 0.3; t += 60 / (t < stepSeconds ? fromBpm : toBpm)) beats.Add(t);
        return [.. beats];
    }

    /// <summary>A 10 ms click (a decaying 3 kHz tone burst) at each time.</summary>
    public static AudioBuffer Clicks(IReadOnlyList<double> times, double durationSeconds, int rate = Rate)
    {
        var x = new float[(int)(durationSeconds * rate)];
        foreach (var time in times)
        {
            var start = (int)Math.Round(time * rate);
            for (var i = 0; i < rate / 100 && start + i < x.Length; i++)
                x[start + i] += (float)(0.5 * Math.Exp(-i / (0.002 * rate)) * Math.Sin(2 * Math.PI * 3000 * i / rate));
        }
        return Mono(x, rate);
    }

    /// <summary>A 50 ms white-noise burst (sharp attack, exponential decay) at each time over faint noise.</summary>
    public static AudioBuffer NoiseBursts(IReadOnlyList<double> times, double durationSeconds, int seed = 1, int rate = Rate)
    {
        var random = new Random(seed);
        var x = new float[(int)(durationSeconds * rate)];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(0.001 * (random.NextDouble() - 0.5));
        foreach (var time in times)
        {
            var start = (int)Math.Round(time * rate);
            for (var i = 0; i < rate / 20 && start + i < x.Length; i++)
                x[start + i] += (float)(0.4 * Math.Exp(-i / (0.015 * rate)) * ((2 * random.NextDouble()) - 1));
        }
        return Mono(x, rate);
    }

    /// <summary>
    /// A drum pattern on the beats: kick on beats 1 and 3 of each 4/4 bar (beat 1 accented), snare on
    /// 2 and 4, a quiet closed hat on every beat and half-way between beats.
    /// </summary>
    public static AudioBuffer Drums(IReadOnlyList<double> beats, double durationSeconds, int seed = 2, int rate = Rate)
    {
        var random = new Random(seed);
        var x = new float[(int)(durationSeconds * rate)];
        for (var b = 0; b < beats.Count; b++)
        {
            var start = (int)Math.Round(beats[b] * rate);
            var position = b % 4;
            if (position == 0 || position == 2) Kick(x, start, position == 0 ? 0.9 : 0.45, rate);
            else Snare(x, start, random, rate);
            Hat(x, start, 0.05, random, rate);
            if (b + 1 < beats.Count) Hat(x, (int)Math.Round(0.5 * (beats[b] + beats[b + 1]) * rate), 0.03, random, rate);
        }
        return Mono(x, rate);
    }

    private static void Kick(float[] x, int start, double amplitude, int rate)
    {
        // A sine falling from 120 Hz to 50 Hz in 150 ms.
        var phase = 0.0;
        for (var i = 0; i < (int)(0.25 * rate) && start + i < x.Length; i++)
        {
            var t = (double)i / rate;
            phase += 2 * Math.PI * (50 + (70 * Math.Exp(-t / 0.03))) / rate;
            x[start + i] += (float)(amplitude * Math.Exp(-t / 0.08) * Math.Sin(phase));
        }
    }

    private static void Snare(float[] x, int start, Random random, int rate)
    {
        for (var i = 0; i < (int)(0.2 * rate) && start + i < x.Length; i++)
        {
            var t = (double)i / rate;
            x[start + i] += (float)((0.3 * Math.Exp(-t / 0.05) * ((2 * random.NextDouble()) - 1)) + (0.2 * Math.Exp(-t / 0.03) * Math.Sin(2 * Math.PI * 190 * t)));
        }
    }

    private static void Hat(float[] x, int start, double amplitude, Random random, int rate)
    {
        // Differenced white noise: a high-passed tick.
        var previous = 0.0;
        for (var i = 0; i < (int)(0.04 * rate) && start + i < x.Length; i++)
        {
            var noise = (2 * random.NextDouble()) - 1;
            x[start + i] += (float)(amplitude * Math.Exp(-i / (0.01 * rate)) * (noise - previous));
            previous = noise;
        }
    }

    private static AudioBuffer Mono(float[] x, int rate)
    {
        var buffer = AudioBuffer.Create(1, x.Length, rate);
        x.CopyTo(buffer.Channel(0));
        return buffer;
    }
}
