namespace Augment.Audio;

/// <summary>
/// Builds an artificial impulse response with given per-octave decay times and DRR: a direct impulse at frame 0,
/// then (after a 2.5 ms gap, so the direct window of <see cref="RoomAnalyzer"/> holds only the direct sound) a tail
/// of Gaussian noise split into octave bands with complementary raised-cosine crossovers a third of an octave wide
/// (the bands sum back to white noise), each band multiplied by e^(−6.91·t/RT60) of its own decay time. The
/// direct impulse is scaled to the DRR asked for, then the whole response to a peak of 1.
/// </summary>
/// <example>
/// <code>
/// using var ir = RoomSynthesizer.Synthesize(new RoomSynthesisOptions { Rt60Seconds = [1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6], DrrDb = 2, Channels = 2 });
/// </code>
/// </example>
public static class RoomSynthesizer
{
    private const double CrossoverOctaves = 1 / 3.0;

    /// <summary>Synthesises the response.</summary>
    /// <param name="options">Decay times, DRR, rate, channels, seed, length.</param>
    /// <param name="cancellationToken">Checked between bands.</param>
    /// <returns>A new buffer (dispose it).</returns>
    /// <exception cref="ResourceLimitException">The response would exceed the budget.</exception>
    public static AudioBuffer Synthesize(RoomSynthesisOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rate = options.SampleRate;
        var longest = 0.0;
        foreach (var rt in options.Rt60Seconds) longest = Math.Max(longest, rt);
        var frames = (int)Math.Round((options.Length?.TotalSeconds ?? ((80.0 / 60 * longest) + 0.01)) * rate);
        var gap = (int)Math.Round(RoomAnalyzer.DirectWindowSeconds * rate) + 1;
        var tailFrames = Math.Max(frames - gap, 1);
        frames = tailFrames + gap;
        var n = SpectralMath.FastLength(2L * tailFrames);
        var budget = options.Budget ?? ComputeBudget.Default;
        budget.EnsureAllocation(((4L * n) + ((long)options.Channels * frames)) * sizeof(float), "The room synthesis");

        var output = AudioBuffer.Create(options.Channels, frames, rate, budget);
        try
        {
            var plan = RealFftPlan.Create(n);
            var noise = new float[n];
            var re = new float[plan.BinCount];
            var im = new float[plan.BinCount];
            var bandRe = new float[plan.BinCount];
            var bandIm = new float[plan.BinCount];
            var centers = RoomAnalyzer.OctaveBandCentersHz;
            double tailEnergy = 0;
            for (var c = 0; c < options.Channels; c++)
            {
                var random = new Random(options.Seed + (7919 * c));
                Array.Clear(noise);
                for (var i = 0; i < tailFrames; i++) noise[i] = (float)Gaussian(random);
                plan.Forward(noise, re, im);
                var tail = output.Channel(c)[gap..];
                for (var b = 0; b < centers.Count; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (var k = 0; k < re.Length; k++)
                    {
                        var g = (float)BandWeight((double)k * rate / n, b, centers);
                        bandRe[k] = re[k] * g;
                        bandIm[k] = im[k] * g;
                    }
                    plan.Inverse(bandRe, bandIm, noise);
                    // Amplitude e^(−3·ln10·t/RT): energy falls 60 dB in RT.
                    var decayPerFrame = Math.Exp(-3 * Math.Log(10) / (options.Rt60Seconds[b] * rate));
                    var envelope = 1.0;
                    for (var i = 0; i < tailFrames; i++)
                    {
                        tail[i] += (float)(noise[i] * envelope);
                        envelope *= decayPerFrame;
                    }
                }
                tailEnergy += DecayKernels.Energy(tail) / options.Channels;
            }
            var direct = (float)Math.Sqrt(tailEnergy * Math.Pow(10, options.DrrDb / 10));
            for (var c = 0; c < options.Channels; c++) output.Channel(c)[0] = direct;
            SweepDeconvolution.Normalize(output, ImpulseResponseNormalization.Peak);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Amplitude weight of band <paramref name="band"/> at a frequency: complementary sin² crossovers centred on the octave edges, so the weights of all bands sum to 1.</summary>
    internal static double BandWeight(double frequencyHz, int band, IReadOnlyList<double> centers)
    {
        if (frequencyHz <= 0) return band == 0 ? 1 : 0;
        var x = Math.Log2(frequencyHz);
        var weight = 1.0;
        if (band > 0) weight *= Rise(x - Math.Log2(centers[band] / Math.Sqrt(2)));
        if (band < centers.Count - 1) weight *= 1 - Rise(x - Math.Log2(centers[band] * Math.Sqrt(2)));
        return weight;
    }

    private static double Rise(double octavesFromEdge)
    {
        var u = octavesFromEdge / CrossoverOctaves;
        if (u <= -0.5) return 0;
        if (u >= 0.5) return 1;
        var s = Math.Sin(Math.PI * u / 2 + (Math.PI / 4));
        return s * s;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
