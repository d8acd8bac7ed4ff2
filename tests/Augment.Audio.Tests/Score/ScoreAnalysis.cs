namespace Augment.Audio.Tests.Score;

/// <summary>Independent measurements the score tests judge the stems by (plain loops and the Core FFT, nothing from the generator).</summary>
internal static class ScoreAnalysis
{
    /// <summary>Mono average of the channels, in double.</summary>
    public static double[] Mono(AudioBuffer buffer)
    {
        var mono = new double[buffer.Frames];
        for (var c = 0; c < buffer.Channels; c++)
        {
            var ch = buffer.Channel(c);
            for (var i = 0; i < mono.Length; i++) mono[i] += ch[i] / (double)buffer.Channels;
        }
        return mono;
    }

    /// <summary>Energy per hop of <paramref name="hop"/> samples.</summary>
    public static double[] FrameEnergy(double[] x, int hop)
    {
        var e = new double[x.Length / hop];
        for (var f = 0; f < e.Length; f++)
            for (var k = 0; k < hop; k++) e[f] += x[(f * hop) + k] * x[(f * hop) + k];
        return e;
    }

    /// <summary>
    /// Onset strength every <paramref name="hop"/> samples: the half-wave rectified rise, in decades, of the energy in the
    /// 20 ms after the frame over the 20 ms before it (windows longer than a low drum's period, so its cycles do not
    /// read as onsets), with a floor 40 dB under the loudest window; of the first difference when
    /// <paramref name="preEmphasis"/> (favouring bright hits such as hats).
    /// </summary>
    public static double[] OnsetEnvelope(double[] x, int hop, int sampleRate, bool preEmphasis = false)
    {
        if (preEmphasis)
        {
            var d = new double[x.Length];
            for (var i = 1; i < x.Length; i++) d[i] = x[i] - x[i - 1];
            x = d;
        }
        var window = sampleRate / 50;
        var prefix = new double[x.Length + 1];
        for (var i = 0; i < x.Length; i++) prefix[i + 1] = prefix[i] + (x[i] * x[i]);
        var frames = x.Length / hop;
        var before = new double[frames];
        var after = new double[frames];
        var loudest = 0.0;
        for (var f = 0; f < frames; f++)
        {
            var at = f * hop;
            before[f] = prefix[at] - prefix[Math.Max(0, at - window)];
            after[f] = prefix[Math.Min(x.Length, at + window)] - prefix[at];
            loudest = Math.Max(loudest, after[f]);
        }
        var floor = (loudest * 1e-4) + 1e-30;
        var onset = new double[frames];
        for (var f = 0; f < frames; f++)
            onset[f] = Math.Max(0, Math.Log10(after[f] + floor) - Math.Log10(before[f] + floor));
        return onset;
    }

    /// <summary>
    /// Tempo (BPM) at the peak of the onset envelope's autocorrelation between <paramref name="minBpm"/> and <paramref name="maxBpm"/>,
    /// weighted by Ellis's log-Gaussian tempo prior (D. Ellis, "Beat tracking by dynamic programming", J. New Music Research
    /// 36(1), 2007, eq. 7: centre 0.5 s, width 1.4 octaves) that resolves the octave ambiguity of a two-beat pattern; parabolic peak interpolation.
    /// </summary>
    public static double AutocorrelationTempo(double[] onset, double hopSeconds, double minBpm, double maxBpm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minBpm, 30.0);
        var mean = 0.0;
        foreach (var v in onset) mean += v;
        mean /= onset.Length;
        var z = new double[onset.Length];
        for (var i = 0; i < z.Length; i++) z[i] = onset[i] - mean;
        var minLag = (int)Math.Floor(60.0 / maxBpm / hopSeconds) - 1;
        var maxLag = (int)Math.Ceiling(60.0 / minBpm / hopSeconds) + 1;
        var r = new double[maxLag + 2];
        for (var lag = minLag - 1; lag <= maxLag + 1; lag++)
        {
            double s = 0;
            for (var i = 0; i + lag < z.Length; i++) s += z[i] * z[i + lag];
            var octaves = Math.Log2(lag * hopSeconds / 0.5) / 1.4;
            r[lag] = s / (z.Length - lag) * Math.Exp(-0.5 * octaves * octaves);
        }
        var best = minLag;
        for (var lag = minLag; lag <= maxLag; lag++) if (r[lag] > r[best]) best = lag;
        var denominator = r[best - 1] - (2 * r[best]) + r[best + 1];
        var shift = denominator == 0 ? 0 : 0.5 * (r[best - 1] - r[best + 1]) / denominator;
        return 60.0 / ((best + shift) * hopSeconds);
    }

    /// <summary>Energy per pitch class (0 = C) of the whole signal's spectrum between 40 Hz and 5 kHz, each bin to its nearest equal-tempered note.</summary>
    public static double[] Chroma(double[] x, int sampleRate)
    {
        var plan = RealFftPlan.Create(x.Length);
        var signal = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
            signal[i] = (float)(x[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / x.Length)))); // Hann
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(signal, re, im);
        var chroma = new double[12];
        for (var k = 1; k < plan.BinCount; k++)
        {
            var hz = (double)k * sampleRate / x.Length;
            if (hz < 40 || hz > 5000) continue;
            var note = (int)Math.Round(69 + (12 * Math.Log2(hz / 440.0)));
            chroma[((note % 12) + 12) % 12] += ((double)re[k] * re[k]) + ((double)im[k] * im[k]);
        }
        return chroma;
    }

    public static double Rms(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x) s += v * v;
        return Math.Sqrt(s / x.Length);
    }

    /// <summary>Count of onsets: frames whose log-energy rise exceeds <paramref name="thresholdDecades"/> and is a local maximum.</summary>
    public static int CountOnsets(double[] onset, double thresholdDecades)
    {
        var n = 0;
        for (var i = 1; i + 1 < onset.Length; i++)
            if (onset[i] > thresholdDecades && onset[i] >= onset[i - 1] && onset[i] > onset[i + 1]) n++;
        return n;
    }

    /// <summary>SHA-256 of the samples' bits, hex.</summary>
    public static string Hash(AudioBuffer buffer) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.Data)));
}
