namespace Augment.Audio.Tests.Pitch;

/// <summary>The tracker against a YIN written independently in numpy (the paper's equations summed directly, no FFT), on espeak-ng speech.</summary>
public sealed class PitchPeerTests
{
    // YIN (de Cheveigné & Kawahara 2002) steps 2–5, directly from the equations: frames centred on i·hop,
    // zero-padded, d(τ) summed over W samples, d' by eq. 8, the first dip under the threshold, parabola on d'.
    private const string NumpyYin = """
        import sys
        import numpy as np
        x = np.fromfile(sys.argv[1], dtype=np.float32).astype(np.float64)
        sr, hop, W, min_lag, max_lag, threshold = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8])
        L = W + max_lag + 1
        n_frames = (len(x) + hop - 1) // hop
        padded = np.concatenate([np.zeros(L), x, np.zeros(2 * L)])
        out = np.full(n_frames, np.nan, dtype=np.float32)
        lags = np.arange(max_lag + 2)
        for i in range(n_frames):
            start = i * hop - L // 2 + L
            frame = padded[start:start + L]
            if np.mean(frame[:W] ** 2) < 1e-6:
                continue
            base = frame[:W]
            d = np.sum((np.lib.stride_tricks.sliding_window_view(frame, W)[:max_lag + 2] - base) ** 2, axis=1)
            cum = np.cumsum(d[1:])
            dp = np.ones_like(d)
            dp[1:] = np.where(cum > 1e-20, d[1:] * lags[1:] / np.where(cum > 0, cum, 1), 1.0)
            below = np.nonzero(dp[min_lag:max_lag + 1] < threshold)[0]
            if len(below) == 0:
                continue
            t = min_lag + below[0]
            while t + 1 <= max_lag and dp[t + 1] < dp[t]:
                t += 1
            a, b, c = dp[t - 1], dp[t], dp[t + 1]
            den = a - 2 * b + c
            shift = 0.0 if den <= 0 else float(np.clip(0.5 * (a - c) / den, -1, 1))
            out[i] = sr / (t + shift)
        out.tofile(sys.argv[2])
        """;

    [Theory]
    [InlineData(PitchMethod.Yin)]
    [InlineData(PitchMethod.PYin)]
    public void Espeak_speech_median_f0_agrees_with_a_numpy_YIN_within_a_few_cents(PitchMethod method)
    {
        Espeak.SkipWhenAbsent();
        NumpyPeer.SkipUnlessNumpy();
        const int sr = 16000;
        using var speech = Espeak.Speak("The quick brown fox jumps over the lazy dog.", sr);
        var samples = speech.Channel(0).ToArray();
        var options = new PitchTrackerOptions { Method = method, SilenceThresholdDb = -60 };
        var track = new PitchTracker(options).Track(samples, sr, TestContext.Current.CancellationToken);
        var reference = NumpyPeer.Run(NumpyYin, samples,
            sr.ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.HopSamples(sr).ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.WindowSamples(sr).ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.MinLag(sr).ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.MaxLag(sr).ToString(System.Globalization.CultureInfo.InvariantCulture),
            NumpyPeer.Format(0.1));
        Assert.Equal(track.Count, reference.Length);

        var ours = new List<double>();
        var theirs = new List<double>();
        var differences = new List<double>();
        for (var i = 0; i < track.Count; i++)
        {
            if (!track.IsVoiced(i) || float.IsNaN(reference[i])) continue;
            ours.Add(track.FrequenciesHz[i]);
            theirs.Add(reference[i]);
            differences.Add(Math.Abs(PitchMath.CentsBetween(reference[i], track.FrequenciesHz[i])));
        }
        Assert.True(ours.Count > 50, $"only {ours.Count} frames voiced in both");
        var medianCents = PitchMath.CentsBetween(Median(theirs), Median(ours));
        Assert.True(Math.Abs(medianCents) < 3, $"median f0 {Median(ours):0.00} Hz vs numpy {Median(theirs):0.00} Hz ({medianCents:0.00} cents)");
        Assert.True(Median(differences) < 3, $"median per-frame difference {Median(differences):0.00} cents over {ours.Count} frames");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }
}
