using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// Tempo, beats and downbeats from the onset-strength envelope (<see cref="OnsetDetector"/>):
/// <list type="number">
/// <item>global tempo: the autocorrelation of the envelope weighted by a log-Gaussian tempo prior
/// (Ellis 2007, §3.1), moved to the fastest strong metrical level (see <see cref="BeatTrackerOptions.FasterLevelRatio"/>);</item>
/// <item>local tempo: a tempogram (autocorrelation in sliding windows, Grosche and Müller 2011) decoded
/// into a smooth period path by Viterbi, so ramps and steps are followed;</item>
/// <item>beats: Ellis' dynamic-programming tracker with the local period at each frame;</item>
/// <item>downbeats: the bar phase (and 3 or 4 beats per bar) whose beats carry the most low-frequency
/// (below 200 Hz, kick and bass) onset energy.</item>
/// </list>
/// </summary>
public static class BeatTracker
{
    /// <summary>Analyses a signal: onsets, tempo, beats and downbeats.</summary>
    /// <param name="audio">Any channels and sample rate (at least 1 kHz); the channels are averaged.</param>
    /// <param name="options">Settings; <see cref="BeatTrackerOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the stage reached (optional).</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static RhythmAnalysis Analyze(AudioBuffer audio, BeatTrackerOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= BeatTrackerOptions.Default;
        options.Validate();
        var onsets = OnsetDetector.Analyze(audio, options.Onsets, cancellationToken);
        progress?.Report(AugmentProgress.Items("onsets", 1, 2));
        var result = Track(onsets, options, audio.Budget, cancellationToken);
        progress?.Report(AugmentProgress.Items("beats", 2, 2));
        return result;
    }

    /// <summary>Tempo, beats and downbeats from an onset analysis already made.</summary>
    /// <param name="onsets">The onset envelope to track.</param>
    /// <param name="options">Settings; <see cref="BeatTrackerOptions.Default"/> when null (its <see cref="BeatTrackerOptions.Onsets"/> is not used).</param>
    /// <param name="budget">Threads for the tempogram; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    public static RhythmAnalysis Track(OnsetAnalysis onsets, BeatTrackerOptions? options = null, ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onsets);
        options ??= BeatTrackerOptions.Default;
        options.Validate();
        var rate = onsets.FrameRateHz;
        var envelope = onsets.EnvelopeArray;
        var n = envelope.Length;
        var minLag = Math.Max(1, (int)Math.Floor(60 * rate / options.MaxBpm));
        var maxLag = (int)Math.Ceiling(60 * rate / options.MinBpm);
        // The tracker listens to the full-band flux plus the low-band (kick and bass) flux with equal
        // weight: averaged over mel bands, a kick touches few bands and would count for less than a hat.
        var pulse = new float[n];
        TensorPrimitives.Add(envelope, onsets.LowBandEnvelope, pulse);
        var centred = Smooth(pulse, rate);
        var mean = n > 0 ? TensorPrimitives.Sum<float>(centred) / n : 0;
        TensorPrimitives.Subtract(centred, mean, centred);

        var acf = new double[maxLag - minLag + 1];
        TempoKernels.Autocorrelation(centred, minLag, maxLag, acf);
        var globalPeriod = TempoKernels.PickPeriod(acf, minLag, rate, options);
        if (globalPeriod <= 0 || n < 2 * maxLag / 3)
            return new RhythmAnalysis(0, [], [], Math.Max(options.BeatsPerBar, 4), [], onsets);
        cancellationToken.ThrowIfCancellationRequested();

        var (curve, period) = options.FollowTempoChanges
            ? LocalPeriods(centred, minLag, maxLag, globalPeriod, rate, options, budget ?? ComputeBudget.Default, cancellationToken)
            : (new[] { new TempoPoint(0, 60 * rate / globalPeriod) }, Filled(n, (float)globalPeriod));

        // Ellis' local score: the envelope over its standard deviation, smoothed by a Gaussian of
        // σ = period/32 (as in librosa), so beats settle on onset peaks.
        var std = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(centred) / Math.Max(1, n));
        var normalised = new float[n];
        TensorPrimitives.Multiply(pulse, std > 0 ? 1f / std : 0f, normalised);
        var localScore = GaussianSmooth(normalised, globalPeriod / 32);
        var beatFrames = TempoKernels.TrackBeats(localScore, period, options.Tightness);
        Trim(beatFrames, localScore);
        cancellationToken.ThrowIfCancellationRequested();

        var beats = new double[beatFrames.Count];
        for (var i = 0; i < beats.Length; i++) beats[i] = beatFrames[i] / rate;
        var tempo = beats.Length >= 2 ? 60 / MedianInterval(beats) : 60 * rate / globalPeriod;
        var (perBar, downbeats) = Downbeats(beatFrames, onsets.LowBandEnvelope, envelope, rate, options.BeatsPerBar);
        return new RhythmAnalysis(tempo, beats, downbeats, perBar, curve, onsets);
    }

    private static float[] Filled(int n, float value)
    {
        var values = new float[n];
        values.AsSpan().Fill(value);
        return values;
    }

    /// <summary>A light smoothing (Gaussian, σ = 10 ms) so that onsets jittered by a frame still correlate.</summary>
    private static float[] Smooth(float[] envelope, double rate) => GaussianSmooth(envelope, 0.01 * rate);

    private static float[] GaussianSmooth(float[] values, double sigmaFrames)
    {
        var n = values.Length;
        var result = new float[n];
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigmaFrames));
        var kernel = new float[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++) kernel[k + radius] = (float)Math.Exp(-0.5 * k * k / Math.Max(1e-6, sigmaFrames * sigmaFrames));
        TensorPrimitives.Divide(kernel, TensorPrimitives.Sum<float>(kernel), kernel);
        for (var t = 0; t < n; t++)
        {
            var sum = 0f;
            for (var k = Math.Max(-radius, -t); k <= Math.Min(radius, n - 1 - t); k++) sum += kernel[k + radius] * values[t + k];
            result[t] = sum;
        }
        return result;
    }

    private static (TempoPoint[] Curve, float[] Period) LocalPeriods(float[] centred, int minLag, int maxLag, double globalPeriod, double rate, BeatTrackerOptions options, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var n = centred.Length;
        var hop = Math.Max(1, (int)Math.Round(options.TempogramHopSeconds * rate));
        var half = Math.Max(maxLag, (int)Math.Round(options.TempogramWindowSeconds * rate / 2));
        var frames = 1 + ((n - 1) / hop);
        var lags = maxLag - minLag + 1;
        var tempogram = new double[frames, lags];
        var preferred = new double[frames];
        Parallel.For(0, frames, budget.ToParallelOptions(cancellationToken), f =>
        {
            var centre = f * hop;
            int from = Math.Max(0, centre - half), to = Math.Min(n, centre + half);
            var row = new double[lags];
            TempoKernels.Autocorrelation(centred.AsSpan(from, to - from), minLag, maxLag, row);
            var max = 0.0;
            foreach (var v in row) max = Math.Max(max, v);
            for (var l = 0; l < lags; l++) tempogram[f, l] = max > 0 ? row[l] / max : 0;
            preferred[f] = TempoKernels.PickPeriod(row, minLag, rate, options);
        });
        var path = TempoKernels.TempoPath(tempogram, minLag, preferred, globalPeriod);
        var curve = new TempoPoint[frames];
        var periods = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            // Refine each chosen lag to a sub-frame peak within ±1 lag.
            var l = path[f];
            var p = minLag + (double)l;
            if (l > 0 && l < lags - 1)
            {
                double a = tempogram[f, l - 1], b = tempogram[f, l], c = tempogram[f, l + 1];
                var d = a - (2 * b) + c;
                if (d < 0) p += Math.Clamp(0.5 * (a - c) / d, -0.5, 0.5);
            }
            periods[f] = p;
            curve[f] = new TempoPoint(f * hop / rate, 60 * rate / p);
        }
        var period = new float[n];
        for (var t = 0; t < n; t++)
        {
            var x = (double)t / hop;
            var f = Math.Min(frames - 1, (int)x);
            var g = Math.Min(frames - 1, f + 1);
            var w = x - f;
            period[t] = (float)((periods[f] * (1 - w)) + (periods[g] * w));
        }
        return (curve, period);
    }

    /// <summary>Drops weak beats at either end (before the music starts, after it stops): those below half the RMS local score of all beats.</summary>
    private static void Trim(List<int> beats, float[] localScore)
    {
        if (beats.Count == 0) return;
        var sum = 0.0;
        foreach (var b in beats) sum += localScore[b] * (double)localScore[b];
        var threshold = 0.5 * Math.Sqrt(sum / beats.Count);
        while (beats.Count > 0 && localScore[beats[^1]] < threshold) beats.RemoveAt(beats.Count - 1);
        var first = 0;
        while (first < beats.Count && localScore[beats[first]] < threshold) first++;
        beats.RemoveRange(0, first);
    }

    private static double MedianInterval(double[] beats)
    {
        var intervals = new double[beats.Length - 1];
        for (var i = 0; i < intervals.Length; i++) intervals[i] = beats[i + 1] - beats[i];
        Array.Sort(intervals);
        var m = intervals.Length / 2;
        return intervals.Length % 2 == 1 ? intervals[m] : 0.5 * (intervals[m - 1] + intervals[m]);
    }

    /// <summary>
    /// The bar phase whose beats carry the most low-band onset strength (the peak within ±30 ms of each
    /// beat); with <paramref name="beatsPerBar"/> 0 the meter (3 or 4) whose best phase stands out most
    /// from its other phases, in units of the accents' standard deviation.
    /// </summary>
    private static (int BeatsPerBar, double[] Downbeats) Downbeats(List<int> beats, float[] low, float[] full, double rate, int beatsPerBar)
    {
        var count = beats.Count;
        if (count == 0) return (beatsPerBar == 0 ? 4 : beatsPerBar, []);
        var accents = new double[count];
        var reach = Math.Max(1, (int)Math.Round(0.03 * rate));
        var source = TensorPrimitives.Max<float>(low) > 0 ? low : full;
        for (var i = 0; i < count; i++)
        {
            var peak = 0f;
            for (var t = Math.Max(0, beats[i] - reach); t <= Math.Min(source.Length - 1, beats[i] + reach); t++) peak = Math.Max(peak, source[t]);
            accents[i] = peak;
        }
        double mean = 0, variance = 0;
        foreach (var a in accents) mean += a;
        mean /= count;
        foreach (var a in accents) variance += (a - mean) * (a - mean);
        var spread = Math.Sqrt(variance / count) + 1e-9;

        var bestMeter = beatsPerBar == 0 ? 4 : beatsPerBar;
        var bestPhase = 0;
        var bestContrast = double.NegativeInfinity;
        ReadOnlySpan<int> meters = beatsPerBar == 0 ? [4, 3] : [beatsPerBar];
        foreach (var meter in meters)
        {
            var sums = new double[meter];
            var counts = new int[meter];
            for (var i = 0; i < count; i++)
            {
                sums[i % meter] += accents[i];
                counts[i % meter]++;
            }
            for (var p = 0; p < meter; p++)
            {
                if (counts[p] == 0) continue;
                double on = sums[p] / counts[p], offSum = 0;
                var offCount = 0;
                for (var q = 0; q < meter; q++)
                {
                    if (q == p) continue;
                    offSum += sums[q];
                    offCount += counts[q];
                }
                var contrast = (on - (offCount > 0 ? offSum / offCount : 0)) / spread;
                // Ties go to 4/4, the commoner meter (it is tried first).
                if (contrast > bestContrast + 1e-9)
                {
                    bestContrast = contrast;
                    bestMeter = meter;
                    bestPhase = p;
                }
            }
        }
        var downbeats = new List<double>();
        for (var i = bestPhase; i < count; i += bestMeter) downbeats.Add(beats[i] / rate);
        return (bestMeter, [.. downbeats]);
    }
}
