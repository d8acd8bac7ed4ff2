namespace Augment.Audio.Tests.Pitch;

/// <summary>
/// Synthetic voiced sounds with an analytic f0: a Rosenberg glottal pulse train (Rosenberg 1971, shape C:
/// opening 0.5(1 − cos πt/Tp), closing cos(π(t − Tp)/2Tn), Tp = 0.40 T, Tn = 0.16 T), differentiated for lip
/// radiation, through three formant resonators (two-pole, Klatt 1980) — and sine/harmonic sweeps.
/// </summary>
internal static class VoiceSignals
{
    /// <summary>Formant frequencies (Hz) of the vowels, Peterson &amp; Barney (1952) male averages.</summary>
    public static (double F1, double F2, double F3) Formants(char vowel) => vowel switch
    {
        'a' => (730, 1090, 2440),
        'i' => (270, 2290, 3010),
        'u' => (300, 870, 2240),
        _ => throw new ArgumentException($"unknown vowel {vowel}"),
    };

    /// <summary>f0(t) = f0 · 2^(depth/1200 · sin 2π rate t): vibrato of <paramref name="depthCents"/> at <paramref name="rateHz"/>.</summary>
    public static double VibratoHz(double f0, double depthCents, double rateHz, double seconds) =>
        f0 * Math.Pow(2, depthCents / 1200 * Math.Sin(2 * Math.PI * rateHz * seconds));

    /// <summary>A vowel of <paramref name="seconds"/> with a vibrato, peak level about 0.5.</summary>
    public static float[] Vowel(char vowel, double f0, int sampleRate, double seconds, double vibratoCents = 30, double vibratoHz = 5.5)
    {
        var n = (int)(seconds * sampleRate);
        var glottal = new double[n];
        double phase = 0, previous = 0;
        for (var i = 0; i < n; i++)
        {
            var g = Rosenberg(phase);
            glottal[i] = g - previous; // lip radiation: first difference
            previous = g;
            phase += VibratoHz(f0, vibratoCents, vibratoHz, i / (double)sampleRate) / sampleRate;
            phase -= Math.Floor(phase);
        }
        var (f1, f2, f3) = Formants(vowel);
        var y = glottal;
        foreach (var (f, bandwidth) in new[] { (f1, 80.0), (f2, 100.0), (f3, 120.0) })
            y = Resonate(y, f, bandwidth, sampleRate);
        return Normalize(y, 0.5);
    }

    /// <summary>Rosenberg pulse at a phase in [0, 1) of the period.</summary>
    public static double Rosenberg(double phase)
    {
        const double tp = 0.40, tn = 0.16;
        if (phase < tp) return 0.5 * (1 - Math.Cos(Math.PI * phase / tp));
        if (phase < tp + tn) return Math.Cos(Math.PI * (phase - tp) / (2 * tn));
        return 0;
    }

    /// <summary>Two-pole resonator y[n] = A x[n] + B y[n−1] + C y[n−2] (Klatt 1980), unity gain at DC.</summary>
    public static double[] Resonate(double[] x, double frequencyHz, double bandwidthHz, int sampleRate)
    {
        var c = -Math.Exp(-2 * Math.PI * bandwidthHz / sampleRate);
        var b = 2 * Math.Exp(-Math.PI * bandwidthHz / sampleRate) * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
        var a = 1 - b - c;
        var y = new double[x.Length];
        double y1 = 0, y2 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var v = (a * x[i]) + (b * y1) + (c * y2);
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
        return y;
    }

    /// <summary>Exponential sweep from f0 to f1 over the signal: f(t) = f0 (f1/f0)^(t/T), the phase its analytic integral; <paramref name="harmonics"/> partials at 1/k amplitude.</summary>
    public static float[] Sweep(double f0, double f1, int sampleRate, double seconds, int harmonics = 1)
    {
        var n = (int)(seconds * sampleRate);
        var k = Math.Log(f1 / f0) / seconds;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = i / (double)sampleRate;
            var phase = 2 * Math.PI * f0 * (Math.Exp(k * t) - 1) / k;
            for (var h = 1; h <= harmonics; h++) y[i] += Math.Sin(h * phase) / h;
        }
        return Normalize(y, 0.5);
    }

    /// <summary>Instantaneous frequency of <see cref="Sweep"/> at <paramref name="seconds"/>.</summary>
    public static double SweepHz(double f0, double f1, double duration, double seconds) => f0 * Math.Pow(f1 / f0, seconds / duration);

    public static float[] Normalize(double[] y, double peak)
    {
        double max = 1e-12;
        foreach (var v in y) max = Math.Max(max, Math.Abs(v));
        var result = new float[y.Length];
        for (var i = 0; i < y.Length; i++) result[i] = (float)(y[i] * peak / max);
        return result;
    }

    /// <summary>
    /// Gross pitch error (fraction of truly voiced frames called unvoiced or off by more than 20 %) and fine
    /// error (RMS cents over the others), over frames whose analysis span lies inside the signal.
    /// The truth of a frame is the mean log-f0 over the span its difference function compares.
    /// </summary>
    public static (double Gross, double FineCents, int Frames) Score(PitchTrack track, Func<double, double> truthHz, double durationSeconds, PitchTrackerOptions options)
    {
        var sr = track.SampleRate;
        var window = options.WindowSamples(sr) / (double)sr;
        var maxLag = options.MaxLag(sr) / (double)sr;
        var frameSeconds = window + maxLag + (1.0 / sr);
        int gross = 0, frames = 0;
        double sumSquares = 0;
        var fine = 0;
        for (var i = 0; i < track.Count; i++)
        {
            var centre = track.TimesSeconds[i];
            var start = centre - (frameSeconds / 2);
            if (start < 0 || start + frameSeconds > durationSeconds) continue;
            var period = 1 / truthHz(centre);
            var end = start + window + period;
            double logSum = 0;
            const int steps = 32;
            for (var s = 0; s <= steps; s++) logSum += Math.Log(truthHz(start + ((end - start) * s / steps)));
            var truth = Math.Exp(logSum / (steps + 1));
            frames++;
            var estimate = track.FrequenciesHz[i];
            if (float.IsNaN(estimate) || Math.Abs(estimate - truth) > 0.2 * truth)
            {
                gross++;
                continue;
            }
            var cents = PitchMath.CentsBetween(truth, estimate);
            sumSquares += cents * cents;
            fine++;
        }
        return (frames == 0 ? 1 : gross / (double)frames, fine == 0 ? double.NaN : Math.Sqrt(sumSquares / fine), frames);
    }
}
