namespace Augment.Audio;

/// <summary>
/// Estimates a room's decay from an ordinary recording made in it (speech, no sweep), per octave band and broadband.
/// <para>
/// Method: the band's energy envelope (time-reversed octave filtering so the filter's ringing does not lengthen
/// decays; mean square over 10 ms blocks, smoothed over about 20/bandwidth seconds, in dB) is searched for free decays: from a local maximum, the level
/// keeps falling (no block more than 2 dB above the running minimum) for at least 150 ms and by at least 15 dB,
/// staying 5 dB above the recording's noise floor (the 5th percentile of block levels). The first 5 dB of each
/// decay (the direct sound switching off) are skipped and a least-squares line through the rest gives an RT60;
/// lines that fit badly (correlation below 0.97) are dropped. Because a source that fades out only makes the
/// observed decay slower than the room's, never faster, the room's RT60 is taken from the fast end of the
/// distribution: the median of the fastest half of the segment estimates (a robust "minimum").
/// The DRR is the median, over broadband decays, of 10·log10(10^(d/10) − 1), d being the level drop from the
/// segment's plateau to the fitted line's value where the plateau ends (steady-source model); it is rough.
/// </para>
/// </summary>
public static class BlindRoomEstimator
{
    /// <summary>Shortest free decay used, in seconds.</summary>
    public const double MinimumDecaySeconds = 0.150;

    private const double BlockSeconds = 0.010;
    private const double MinimumFallDb = 15;

    /// <summary>Estimates the decay of the room a recording was made in (channels averaged to mono).</summary>
    /// <param name="recording">A location recording with speech or other material that stops now and then; a few seconds at least.</param>
    /// <param name="progress">One step per band.</param>
    /// <param name="cancellationToken">Checked between bands.</param>
    /// <exception cref="InvalidMediaException">The recording is silent or holds NaN or infinity.</exception>
    public static BlindRoomEstimate Estimate(AudioBuffer recording, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        recording.Budget.EnsureAllocation(2L * recording.Frames * sizeof(float), "The blind room estimate");
        var rate = recording.SampleRate;
        var mono = new float[recording.Frames];
        for (var c = 0; c < recording.Channels; c++)
        {
            var channel = recording.Channel(c);
            for (var i = 0; i < mono.Length; i++) mono[i] += channel[i] / recording.Channels;
        }
        var bad = PartitionedConvolver.IndexOfNonFinite(mono);
        if (bad >= 0)
            throw new InvalidMediaException("recording", bad, "the recording holds NaN or infinity");
        var meanSquare = DecayKernels.MeanSquare(mono);
        if (!(meanSquare > 0))
            throw new InvalidMediaException("recording", 0, "the recording is silent: no decay to estimate");

        var centers = RoomAnalyzer.OctaveBandCentersHz;
        var total = centers.Count + 1;
        progress?.Report(AugmentProgress.Items("estimate room", 0, total));
        var drops = new List<double>();
        var broadband = EstimateBand(mono, 0, rate, drops);
        progress?.Report(AugmentProgress.Items("estimate room", 1, total));
        var bands = new BlindBandEstimate[centers.Count];
        var filtered = new float[mono.Length];
        for (var b = 0; b < bands.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!OctaveBandFilter.Fits(centers[b], rate))
            {
                bands[b] = new BlindBandEstimate(centers[b], double.NaN, 0, $"the band lies above 0.45 x the sample rate ({rate} Hz)");
            }
            else
            {
                OctaveBandFilter.Apply(mono, filtered, centers[b], rate);
                bands[b] = EstimateBand(filtered, centers[b], rate, null);
            }
            progress?.Report(AugmentProgress.Items("estimate room", b + 2, total));
        }
        var drr = double.NaN;
        if (drops.Count > 0)
        {
            drops.Sort();
            var d = drops[drops.Count / 2];
            drr = Math.Clamp(10 * Math.Log10(Math.Max(Math.Pow(10, d / 10) - 1, 1e-3)), -20, 30);
        }
        return new BlindRoomEstimate(rate, bands, broadband, drr, 10 * Math.Log10(meanSquare));
    }

    private static BlindBandEstimate EstimateBand(ReadOnlySpan<float> x, double center, int rate, List<double>? drops)
    {
        var block = Math.Max((int)(BlockSeconds * rate), 1);
        var count = x.Length / block;
        var minimumBlocks = (int)Math.Ceiling(MinimumDecaySeconds / BlockSeconds);
        if (count < minimumBlocks + 2)
            return new BlindBandEstimate(center, double.NaN, 0, $"the recording is shorter than {MinimumDecaySeconds * 1000:0} ms");
        var energies = new double[count];
        for (var j = 0; j < count; j++) energies[j] = DecayKernels.MeanSquare(x.Slice(j * block, block));
        // A band of noise B hertz wide fluctuates by about 1/sqrt(B·T) over T seconds: smooth over ~20/B seconds
        // (centred moving average of energy, which keeps an exponential decay's slope) so decays are not broken up.
        var width = center > 0 ? (int)Math.Round(20 / (center / Math.Sqrt(2)) / BlockSeconds) : 1;
        var levels = Smooth(energies, Math.Max(width, 1));
        var sorted = (double[])levels.Clone();
        Array.Sort(sorted);
        var floor = sorted[count / 20];
        var top = sorted[^1];
        var estimates = new List<double>();
        var j0 = 1;
        while (j0 < count - 1)
        {
            // A local maximum well above the floor starts a candidate decay.
            if (!(levels[j0] >= levels[j0 - 1] && levels[j0] > levels[j0 + 1] && levels[j0] > floor + MinimumFallDb + 5 && levels[j0] > top - 60))
            {
                j0++;
                continue;
            }
            var end = j0;
            var minimum = levels[j0];
            while (end + 1 < count && levels[end + 1] < minimum + 2 && levels[end + 1] > floor + 5)
            {
                end++;
                minimum = Math.Min(minimum, levels[end]);
            }
            // Stop at the segment's lowest point (a small rise after it belongs to the next event).
            while (end > j0 && levels[end] > minimum) end--;
            var fitted = FitSegment(levels, j0, end, minimumBlocks);
            if (fitted is { } fit)
            {
                estimates.Add(-60 / fit.SlopeDbPerBlock * BlockSeconds);
                // The source stops at the end of the plateau (the last block within 3 dB of the maximum).
                var offset = j0;
                while (offset < end && levels[offset + 1] > levels[j0] - 3) offset++;
                drops?.Add(levels[j0] - (fit.LineAtStartDb + (fit.SlopeDbPerBlock * (offset - j0))));
            }
            j0 = Math.Max(end, j0 + 1);
        }
        if (estimates.Count == 0)
            return new BlindBandEstimate(center, double.NaN, 0, $"no free decay of at least {MinimumDecaySeconds * 1000:0} ms and {MinimumFallDb:0} dB was found");
        estimates.Sort();
        // Median of the fastest half.
        var half = Math.Max((estimates.Count + 1) / 2, 1);
        return new BlindBandEstimate(center, estimates[(half - 1) / 2], estimates.Count, null);
    }

    private static double[] Smooth(double[] energies, int width)
    {
        var levels = new double[energies.Length];
        var half = width / 2;
        double sum = 0;
        var lo = 0;
        var hi = 0; // window [lo, hi)
        for (var j = 0; j < energies.Length; j++)
        {
            var from = Math.Max(0, j - half);
            var to = Math.Min(energies.Length, j + half + 1);
            while (hi < to) sum += energies[hi++];
            while (lo < from) sum -= energies[lo++];
            levels[j] = DecayKernels.ToDb(Math.Max(sum, 0) / (to - from));
        }
        return levels;
    }

    private static (double SlopeDbPerBlock, double LineAtStartDb)? FitSegment(double[] levels, int start, int end, int minimumBlocks)
    {
        // Skip the first 5 dB (the direct sound and the source's own offset).
        var first = start;
        while (first < end && levels[first] > levels[start] - 5) first++;
        if (end - first + 1 < minimumBlocks - 5 || levels[start] - levels[end] < MinimumFallDb) return null;
        double st = 0, sy = 0, stt = 0, sty = 0, syy = 0;
        var count = end - first + 1;
        for (var j = first; j <= end; j++)
        {
            double t = j - start, y = levels[j];
            st += t; sy += y; stt += t * t; sty += t * y; syy += y * y;
        }
        var covariance = (count * sty) - (st * sy);
        var slope = covariance / ((count * stt) - (st * st));
        var correlation = covariance / Math.Sqrt(((count * stt) - (st * st)) * ((count * syy) - (sy * sy)));
        if (!(slope < 0) || !(correlation < -0.97)) return null;
        var intercept = (sy - (slope * st)) / count;
        return (slope, intercept);
    }
}
