using System.Buffers;
using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// Onset detection by spectral flux (Bello et al. 2005, "A tutorial on onset detection in music
/// signals"; Böck and Widmer 2013 for the log-compressed filterbank): the channels are averaged, a
/// Hann-windowed spectrogram (centred frames) is summed into mel bands, each band magnitude M is
/// compressed to log(1 + λ·M), and the envelope is the mean over bands of the half-wave rectified
/// frame-to-frame rise. Onsets are the envelope's peaks above a moving median plus an offset.
/// </summary>
public static class OnsetDetector
{
    private const double LowBandLimitHz = 200;

    /// <summary>The onset-strength envelope and onset times of a signal.</summary>
    /// <param name="audio">Any channels and sample rate (at least 1 kHz); the channels are averaged.</param>
    /// <param name="options">Analysis settings; <see cref="OnsetDetectorOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the analysis between frame blocks.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range for the sample rate.</exception>
    public static OnsetAnalysis Analyze(AudioBuffer audio, OnsetDetectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= OnsetDetectorOptions.Default;
        options.Validate(audio.SampleRate);
        var mono = ArrayPool<float>.Shared.Rent(Math.Max(1, audio.Frames));
        try
        {
            var signal = mono.AsSpan(0, audio.Frames);
            audio.Channel(0).CopyTo(signal);
            for (var c = 1; c < audio.Channels; c++)
                TensorPrimitives.Add(signal, audio.Channel(c), signal);
            if (audio.Channels > 1)
                TensorPrimitives.Multiply(signal, 1f / audio.Channels, signal);
            return Analyze(mono, audio.Frames, audio.SampleRate, options, audio.Budget, cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mono);
        }
    }

    private static OnsetAnalysis Analyze(float[] signal, int length, int sampleRate, OnsetDetectorOptions options, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var fftLength = OnsetKernels.NextSmooth((int)Math.Round(options.WindowSeconds * sampleRate));
        var hop = Math.Max(1, (int)Math.Round(options.HopSeconds * sampleRate));
        var frameRate = (double)sampleRate / hop;
        var frames = 1 + (length / hop);
        var bands = OnsetKernels.MelFilterbank(options.MelBands, fftLength, sampleRate, options.MinFrequencyHz, options.MaxFrequencyHz);
        var bandCount = bands.Length;
        var lowBands = 0;
        while (lowBands < bandCount && bands[lowBands].CentreHz < LowBandLimitHz) lowBands++;
        var window = WindowFunctions.Create(WindowKind.Hann, fftLength);
        // 1/Σw makes a full-scale sine's peak bin 0.5, independent of the frame length and rate.
        var scale = 1f / TensorPrimitives.Sum<float>(window);
        var gain = (float)options.CompressionGain;
        var plan = RealFftPlan.Create(fftLength);
        var bins = plan.BinCount;

        var logBands = new float[(long)frames * bandCount];
        budget.EnsureAllocation(logBands.LongLength * sizeof(float), "the onset filterbank spectrogram");
        const int Block = 256;
        var blocks = (frames + Block - 1) / Block;
        Parallel.For(0, blocks, budget.ToParallelOptions(cancellationToken), block =>
        {
            var scratch = ArrayPool<float>.Shared.Rent((2 * fftLength) + (2 * bins));
            try
            {
                var frame = scratch.AsSpan(0, fftLength);
                var re = scratch.AsSpan(fftLength, bins);
                var im = scratch.AsSpan(fftLength + bins, bins);
                var magnitude = scratch.AsSpan(fftLength + (2 * bins), bins);
                var end = Math.Min(frames, (block + 1) * Block);
                for (var f = block * Block; f < end; f++)
                {
                    // Centred frame: sample f·hop sits at the middle; zeros stand for the padding.
                    var start = (f * hop) - (fftLength / 2);
                    frame.Clear();
                    int from = Math.Max(0, start), to = Math.Min(length, start + fftLength);
                    if (to > from) signal.AsSpan(from, to - from).CopyTo(frame[(from - start)..]);
                    TensorPrimitives.Multiply(frame, window, frame);
                    plan.Forward(frame, re, im);
                    TensorPrimitives.Multiply(re, re, re);
                    TensorPrimitives.MultiplyAdd(im, im, re, magnitude);
                    TensorPrimitives.Sqrt(magnitude, magnitude);
                    var row = logBands.AsSpan(f * bandCount, bandCount);
                    for (var b = 0; b < bandCount; b++)
                    {
                        var band = bands[b];
                        var m = TensorPrimitives.Dot(magnitude.Slice(band.FirstBin, band.Weights.Length), band.Weights) * scale;
                        row[b] = MathF.Log(1f + (gain * m));
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });

        var envelope = new float[frames];
        var low = new float[frames];
        var rise = new float[bandCount];
        for (var f = 1; f < frames; f++)
        {
            var previous = logBands.AsSpan((f - 1) * bandCount, bandCount);
            var current = logBands.AsSpan(f * bandCount, bandCount);
            envelope[f] = OnsetKernels.Flux(previous, current, rise);
            if (lowBands > 0) low[f] = OnsetKernels.Flux(previous[..lowBands], current[..lowBands], rise);
        }
        var onsets = PickOnsets(envelope, frameRate, options);
        return new OnsetAnalysis(envelope, low, frameRate, onsets, (double)length / sampleRate);
    }

    internal static double[] PickOnsets(float[] envelope, double frameRate, OnsetDetectorOptions options)
    {
        var n = envelope.Length;
        if (n == 0) return [];
        float min = TensorPrimitives.Min<float>(envelope), max = TensorPrimitives.Max<float>(envelope);
        if (!(max > min) || max <= 0) return [];
        var normalised = new float[n];
        TensorPrimitives.Subtract(envelope, min, normalised);
        TensorPrimitives.Multiply(normalised, 1f / (max - min), normalised);
        var median = new float[n];
        OnsetKernels.MovingMedian(normalised, (int)Math.Round(options.MedianWindowSeconds * frameRate), median);
        var peaks = OnsetKernels.PickPeaks(normalised, median,
            (int)Math.Round(options.PeakWindowSeconds * frameRate),
            (float)options.ThresholdDelta,
            (int)Math.Round(options.MinimumIntervalSeconds * frameRate));
        var times = new double[peaks.Count];
        for (var i = 0; i < times.Length; i++) times[i] = peaks[i] / frameRate;
        return times;
    }
}
