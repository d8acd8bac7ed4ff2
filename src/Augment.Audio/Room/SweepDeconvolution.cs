namespace Augment.Audio;

/// <summary>
/// Turns a recording of an exponential sweep (<see cref="ExponentialSweep"/>) into the room's impulse response.
/// <para>
/// Method: linear deconvolution by regularised spectral division, H = Y·conj(X) / (|X|² + ε), with one real
/// FFT of at least recording + sweep samples (so nothing wraps onto the linear part); ε is
/// <see cref="DeconvolutionOptions.RegularizationDb"/> below the sweep's strongest bin, so bins the sweep did not
/// excite are attenuated, not amplified. The harmonic-distortion responses of an exponential sweep land before
/// t = 0 (Farina), i.e. at the end of the circular result, and are discarded: only frames [0, recording − sweep]
/// are kept. The onset is the first sample within 20 dB of the peak (ISO 3382-1 A.3.4), earliest over channels;
/// the tail is cut at Lundeby's noise-floor crossing point, latest over channels; then the IR is normalised.
/// </para>
/// </summary>
public static class SweepDeconvolution
{
    /// <summary>Deconvolves a recording of <paramref name="sweep"/> (every channel against the sweep's first channel).</summary>
    /// <param name="recording">What the microphone(s) captured while the sweep played; at least as long as the sweep.</param>
    /// <param name="sweep">The sweep that was played, at the recording's rate (trailing silence is ignored).</param>
    /// <param name="options">Normalisation, trimming, regularisation; <see cref="DeconvolutionOptions.Default"/> when null.</param>
    /// <param name="progress">One step per channel.</param>
    /// <param name="cancellationToken">Checked between channels.</param>
    /// <returns>A new buffer (dispose it) with the recording's channels and rate.</returns>
    /// <exception cref="ArgumentException">The rates differ.</exception>
    /// <exception cref="InvalidMediaException">The sweep is longer than the recording, the recording or sweep is silent, or no impulse stands above the noise.</exception>
    /// <exception cref="ResourceLimitException">The FFT buffers exceed the budget.</exception>
    public static AudioBuffer Deconvolve(AudioBuffer recording, AudioBuffer sweep, DeconvolutionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(sweep);
        options ??= DeconvolutionOptions.Default;
        options.Validate();
        if (recording.SampleRate != sweep.SampleRate)
            throw new ArgumentException($"The recording is at {recording.SampleRate} Hz and the sweep at {sweep.SampleRate} Hz; resample one of them first.", nameof(sweep));
        var x = sweep.Channel(0);
        var sweepFrames = x.Length;
        while (sweepFrames > 0 && x[sweepFrames - 1] == 0) sweepFrames--;
        if (sweepFrames == 0)
            throw new InvalidMediaException("sweep", 0, "the sweep is silent");
        x = x[..sweepFrames];
        if (sweepFrames > recording.Frames)
            throw new InvalidMediaException("recording", recording.Frames, $"the sweep ({sweepFrames} frames) is longer than the recording ({recording.Frames} frames); record the whole sweep and the room's decay after it");
        if (IsSilent(recording))
            throw new InvalidMediaException("recording", 0, "the recording is silent: no impulse response found");

        var budget = options.Budget ?? recording.Budget;
        var n = SpectralMath.FastLength((long)recording.Frames + sweepFrames);
        var keep = recording.Frames - sweepFrames + 1;
        budget.EnsureAllocation(((6L * n) + ((long)recording.Channels * keep)) * sizeof(float), "The sweep deconvolution");
        var plan = RealFftPlan.Create(n);
        var bins = plan.BinCount;
        var padded = new float[n];
        x.CopyTo(padded);
        var xr = new float[bins];
        var xi = new float[bins];
        plan.Forward(padded, xr, xi);
        var maxPower = 0.0;
        for (var k = 0; k < bins; k++) maxPower = Math.Max(maxPower, ((double)xr[k] * xr[k]) + ((double)xi[k] * xi[k]));
        var epsilon = maxPower * Math.Pow(10, options.RegularizationDb / 10);
        var yr = new float[bins];
        var yi = new float[bins];
        var responses = new float[recording.Channels][];
        progress?.Report(AugmentProgress.Items("deconvolve", 0, recording.Channels));
        for (var c = 0; c < recording.Channels; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(padded);
            recording.Channel(c).CopyTo(padded);
            plan.Forward(padded, yr, yi);
            for (var k = 0; k < bins; k++)
            {
                double ar = xr[k], ai = xi[k], br = yr[k], bi = yi[k];
                var scale = 1 / ((ar * ar) + (ai * ai) + epsilon);
                // Y·conj(X) / (|X|² + ε)
                yr[k] = (float)(((br * ar) + (bi * ai)) * scale);
                yi[k] = (float)(((bi * ar) - (br * ai)) * scale);
            }
            plan.Inverse(yr, yi, padded);
            responses[c] = padded.AsSpan(0, keep).ToArray();
            progress?.Report(AugmentProgress.Items("deconvolve", c + 1, recording.Channels));
        }

        var (start, end) = Bounds(responses, recording.SampleRate, options);
        var output = AudioBuffer.Create(recording.Channels, end - start, recording.SampleRate, budget);
        for (var c = 0; c < recording.Channels; c++)
            responses[c].AsSpan(start, end - start).CopyTo(output.Channel(c));
        Normalize(output, options.Normalization);
        return output;
    }

    private static bool IsSilent(AudioBuffer buffer)
    {
        foreach (var v in buffer.Data)
            if (v != 0) return false;
        return true;
    }

    private static (int Start, int End) Bounds(float[][] responses, int sampleRate, DeconvolutionOptions options)
    {
        var length = responses[0].Length;
        var onset = length;
        var peakChannel = 0;
        var peak = 0f;
        for (var c = 0; c < responses.Length; c++)
        {
            var (o, p) = DecayKernels.FindOnset(responses[c]);
            onset = Math.Min(onset, o);
            if (Math.Abs(responses[c][p]) > peak) { peak = Math.Abs(responses[c][p]); peakChannel = c; }
        }
        var start = options.PreOnset is { } pre ? Math.Max(0, onset - (int)Math.Round(pre.TotalSeconds * sampleRate)) : 0;
        var fit = DecayKernels.Lundeby(responses[peakChannel].AsSpan(onset), sampleRate);
        // A real response stands well clear of its noise; deconvolved noise peaks only ~13 dB above its mean.
        if (fit.NoiseEnergy > 0 && (double)peak * peak / fit.NoiseEnergy < 100)
            throw new InvalidMediaException("recording", 0, $"no impulse response found: the peak stands only {DecayKernels.ToDb((double)peak * peak / fit.NoiseEnergy):0.#} dB above the noise (at least 20 dB needed); was the sweep recorded?");
        var end = length;
        if (options.TrimAtNoiseFloor)
        {
            end = onset;
            for (var c = 0; c < responses.Length; c++)
            {
                var channelFit = DecayKernels.Lundeby(responses[c].AsSpan(onset), sampleRate);
                end = Math.Max(end, onset + (channelFit.Reliable ? channelFit.CrossingFrame : length - onset));
            }
        }
        return (start, Math.Max(end, start + 1));
    }

    internal static void Normalize(AudioBuffer buffer, ImpulseResponseNormalization normalization)
    {
        double scale;
        switch (normalization)
        {
            case ImpulseResponseNormalization.Peak:
                var peak = 0f;
                foreach (var v in buffer.Data) peak = Math.Max(peak, Math.Abs(v));
                scale = peak > 0 ? 1 / (double)peak : 1;
                break;
            case ImpulseResponseNormalization.Energy:
                var energy = DecayKernels.Energy(buffer.Data);
                scale = energy > 0 ? 1 / Math.Sqrt(energy) : 1;
                break;
            default:
                return;
        }
        var data = buffer.Data;
        for (var i = 0; i < data.Length; i++) data[i] = (float)(data[i] * scale);
    }
}
