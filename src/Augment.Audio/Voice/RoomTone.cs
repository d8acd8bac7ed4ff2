using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// Room tone: the noise floor of a recording as a power spectrum, estimated from its quietest frames,
/// and noise synthesised with a given power spectrum (white Gaussian noise shaped frame by frame in the
/// STFT domain and resynthesised by least-squares overlap-add).
/// </summary>
internal static class RoomTone
{
    internal const int FftLength = 1024;
    private const int Hop = FftLength / 4;

    /// <summary>
    /// Mean power spectrum |X|² (Hann frames of <see cref="FftLength"/>) over the frames whose energy is
    /// within 3 dB of the 10th-percentile frame energy: the pauses, where only the room is heard. Taking
    /// the frames near the low percentile rather than the lowest ones alone keeps the mean close to the
    /// floor's true mean (minimum statistics are biased low; Martin 2001 needs a correction for that).
    /// </summary>
    public static double[] EstimateFloor(ReadOnlySpan<float> signal)
    {
        var stft = new Stft(new StftOptions { FftLength = FftLength, HopLength = Hop, Center = false });
        var bins = stft.BinCount;
        var psd = new double[bins];
        var frames = stft.FrameCount(signal.Length);
        if (frames == 0)
            return psd;
        var re = ArrayPool<float>.Shared.Rent(frames * bins);
        var im = ArrayPool<float>.Shared.Rent(frames * bins);
        try
        {
            stft.Forward(signal, re.AsSpan(0, frames * bins), im.AsSpan(0, frames * bins));
            var energy = new double[frames];
            for (var f = 0; f < frames; f++)
            {
                double e = 0;
                for (var b = 0; b < bins; b++)
                {
                    var i = (f * bins) + b;
                    e += (re[i] * (double)re[i]) + (im[i] * (double)im[i]);
                }
                energy[f] = e;
            }
            var sorted = (double[])energy.Clone();
            Array.Sort(sorted);
            var threshold = 2 * sorted[frames / 10];
            var used = 0;
            for (var f = 0; f < frames; f++)
            {
                if (energy[f] > threshold)
                    continue;
                used++;
                for (var b = 0; b < bins; b++)
                {
                    var i = (f * bins) + b;
                    psd[b] += (re[i] * (double)re[i]) + (im[i] * (double)im[i]);
                }
            }
            for (var b = 0; b < bins; b++)
                psd[b] /= Math.Max(1, used);
            return psd;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(re);
            ArrayPool<float>.Shared.Return(im);
        }
    }

    /// <summary>Mean square (per sample) of a signal whose Hann-frame power spectrum is <paramref name="psd"/> (Parseval).</summary>
    public static double MeanSquare(ReadOnlySpan<double> psd)
    {
        var window = WindowFunctions.Create(WindowKind.Hann, FftLength);
        double w2 = 0;
        foreach (var w in window) w2 += w * (double)w;
        double sum = 0;
        for (var b = 0; b < psd.Length; b++)
            sum += (b == 0 || b == psd.Length - 1 ? 1 : 2) * psd[b];
        return sum / (FftLength * w2);
    }

    /// <summary>
    /// Noise whose Hann-frame power spectrum is <paramref name="psd"/>: unit white Gaussian noise, each
    /// frame's spectrum scaled by sqrt(psd / E|W|²) (E|W|² = Σw² for unit white noise) and overlap-added back.
    /// </summary>
    public static void Synthesize(ReadOnlySpan<double> psd, Span<float> destination, Random random)
    {
        var stft = new Stft(new StftOptions { FftLength = FftLength, HopLength = Hop, Center = true });
        var bins = stft.BinCount;
        var length = destination.Length;
        if (length == 0)
            return;
        var white = new float[length];
        for (var i = 0; i < length; i += 2)
        {
            // Box–Muller: two independent unit normals per pair of uniforms.
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2 * Math.Log(u1));
            white[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < length) white[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        double w2 = 0;
        foreach (var w in stft.Window) w2 += w * (double)w;
        var gain = new float[bins];
        for (var b = 0; b < bins; b++)
            gain[b] = (float)Math.Sqrt(Math.Max(0, psd[b]) / w2);
        var frames = stft.FrameCount(length);
        float[] re = new float[frames * bins], im = new float[frames * bins];
        stft.Forward(white, re, im);
        for (var f = 0; f < frames; f++)
        {
            var row = f * bins;
            for (var b = 0; b < bins; b++)
            {
                re[row + b] *= gain[b];
                im[row + b] *= gain[b];
            }
        }
        stft.Inverse(re, im, destination);
    }
}
