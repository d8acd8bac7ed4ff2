namespace Augment.Audio;

/// <summary>
/// The band a learned denoiser at a lower rate never sees. For an input at rate R above the model's rate r, the
/// high band is the input minus its own r-rate round trip (x − up(down(x))), so the model's band and this residue add
/// up to the input. The residue goes through the classical <see cref="NoiseReducer"/> (minimum statistics and OM-LSA
/// per bin, at R), and is then scaled, per STFT frame of the model, by the amplitude gain the model applied to its top
/// octave (r/4 to 0.45·r, below the resampler's transition band): √(Σ|Y|² / Σ|X|²) over those bins, clamped to [0, 1],
/// smoothed over three frames and interpolated linearly between frame centres. The classical gain removes steady noise
/// bin by bin; the model's gain follows the speech in time, so frames the model judged noise stay quiet above its band
/// too, and fricatives it kept keep their top band.
/// </summary>
internal static class LearnedHighBand
{
    /// <summary>Frames of the model's STFT whose top band holds less energy than this (per bin, FFT scale) count as silent: gain 1.</summary>
    private const double SilentBinPower = 1e-10;

    public static void Add(AudioBuffer input, AudioBuffer atModelRate, AudioBuffer processed, AudioBuffer output, LearnedNoiseReducerOptions options, CancellationToken cancellationToken)
    {
        var budget = options.Budget ?? input.Budget;
        var take = Math.Min(input.Frames, output.Frames);
        AudioBuffer residue;
        using (var roundTrip = Resampler.Resample(atModelRate, input.SampleRate, cancellationToken: cancellationToken))
        {
            residue = AudioBuffer.Create(input.Channels, input.Frames, input.SampleRate, budget);
            var overlap = Math.Min(roundTrip.Frames, take);
            for (var c = 0; c < input.Channels; c++)
            {
                var r = residue.Channel(c);
                r.Clear();
                System.Numerics.Tensors.TensorPrimitives.Subtract(input.Channel(c)[..overlap], roundTrip.Channel(c)[..overlap], r[..overlap]);
            }
        }
        using (residue)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var cleaned = new NoiseReducer(new NoiseReducerOptions { Budget = budget }).Process(residue);
            var stft = new Stft(new StftOptions { FftLength = options.FftLength, HopLength = options.HopLength, Window = WindowKind.Hann, Center = true });
            // Model-rate samples per input-rate sample, in hops: frame k is centred on model sample k·hop.
            var framesPerSample = (double)options.SampleRate / input.SampleRate / options.HopLength;
            for (var c = 0; c < input.Channels; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var gains = TopBandGains(stft, atModelRate.Channel(c), processed.Channel(c));
                var high = cleaned.Channel(c);
                var y = output.Channel(c);
                var last = gains.Length - 1;
                for (var i = 0; i < take; i++)
                {
                    var t = i * framesPerSample;
                    var k = Math.Min((int)t, last);
                    var next = Math.Min(k + 1, last);
                    var g = gains[k] + ((float)(t - k) * (gains[next] - gains[k]));
                    y[i] += g * high[i];
                }
            }
        }
    }

    /// <summary>Per model STFT frame: the amplitude gain from <paramref name="noisy"/> to <paramref name="clean"/> over the top octave, smoothed.</summary>
    internal static float[] TopBandGains(Stft stft, ReadOnlySpan<float> noisy, ReadOnlySpan<float> clean)
    {
        var n = stft.Options.FftLength;
        var hop = stft.Options.HopLength;
        var bins = stft.BinCount;
        var from = Math.Max(1, (int)Math.Round(0.25 * n));
        var to = Math.Min(bins - 1, (int)Math.Round(0.45 * n));
        var frames = stft.FrameCount(noisy.Length);
        if (frames == 0)
            return [1f];
        var raw = new float[frames];
        var frame = new float[n];
        var real = new float[bins];
        var imag = new float[bins];
        for (var k = 0; k < frames; k++)
        {
            var noisyPower = BandPower(stft, noisy, (k * hop) - (n / 2), frame, real, imag, from, to);
            var cleanPower = BandPower(stft, clean, (k * hop) - (n / 2), frame, real, imag, from, to);
            raw[k] = noisyPower <= SilentBinPower * (to - from + 1) ? 1f : (float)Math.Clamp(Math.Sqrt(cleanPower / noisyPower), 0, 1);
        }
        var gains = new float[frames];
        for (var k = 0; k < frames; k++)
            gains[k] = (raw[Math.Max(k - 1, 0)] + raw[k] + raw[Math.Min(k + 1, frames - 1)]) / 3;
        return gains;
    }

    /// <summary>Σ|X|² over bins [from, to] of the frame starting at <paramref name="start"/> (zeros outside the signal).</summary>
    private static double BandPower(Stft stft, ReadOnlySpan<float> signal, int start, float[] frame, float[] real, float[] imag, int from, int to)
    {
        var lo = Math.Max(0, -start);
        var hi = Math.Min(frame.Length, signal.Length - start);
        Array.Clear(frame);
        if (hi > lo)
            signal.Slice(start + lo, hi - lo).CopyTo(frame.AsSpan(lo, hi - lo));
        stft.AnalyzeFrame(frame, real, imag);
        double power = 0;
        for (var b = from; b <= to; b++)
            power += ((double)real[b] * real[b]) + ((double)imag[b] * imag[b]);
        return power;
    }
}
