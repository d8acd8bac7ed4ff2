using System.Collections.Concurrent;

namespace Augment.Audio;

/// <summary>
/// The polyphase coefficient table of a Kaiser-windowed sinc low-pass, g(τ) = 2fc·sinc(2fc·τ)·w(τ/H),
/// where τ is in input samples, fc (cycles per input sample) sits midway between the passband and
/// stopband edges, and w is the Kaiser window of half-length H (Kaiser 1974; β and the length from
/// Kaiser's formulas, Oppenheim &amp; Schafer, Discrete-Time Signal Processing, eqs. 7.62–7.63).
/// Row φ holds the 2H taps for an output at fractional input time φ/Phases: tap k multiplies
/// x[i − H + 1 + k]. Tables are immutable and cached per design.
/// </summary>
internal sealed class ResamplerKernel
{
    private static readonly ConcurrentDictionary<(ResamplerQuality, double, int), ResamplerKernel> Cache = new();

    private ResamplerKernel(ResamplerQuality quality, double bandwidth, int phases)
    {
        var (attenuationDb, passband) = Design(quality);
        // Transition band, in cycles per input sample, from passband edge to stopband edge (= Nyquist of the lower rate).
        var stopEdge = bandwidth / 2;
        var passEdge = passband * stopEdge;
        var transition = 2 * Math.PI * (stopEdge - passEdge);
        var length = ((attenuationDb - 8) / (2.285 * transition)) + 1;
        // Round the half-length up to a multiple of 4 so that every row is a whole number of 8-float vectors.
        HalfTaps = Math.Max(4, (int)Math.Ceiling(length / 2 / 4) * 4);
        Taps = 2 * HalfTaps;
        Phases = phases;
        var cutoff = (passEdge + stopEdge) / 2;
        var beta = attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7) : (0.5842 * Math.Pow(attenuationDb - 21, 0.4)) + (0.07886 * (attenuationDb - 21));
        var i0Beta = BesselI0(beta);
        Coefficients = new float[(phases + 1) * Taps];
        for (var phase = 0; phase <= phases; phase++)
        {
            var fraction = (double)phase / phases;
            for (var k = 0; k < Taps; k++)
            {
                var tau = fraction + HalfTaps - 1 - k;
                var u = tau / HalfTaps;
                if (Math.Abs(u) >= 1)
                    continue;
                var window = BesselI0(beta * Math.Sqrt(1 - (u * u))) / i0Beta;
                var x = 2 * cutoff * tau;
                var sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                Coefficients[(phase * Taps) + k] = (float)(2 * cutoff * sinc * window);
            }
        }
    }

    /// <summary>H: taps on each side of the output time; also the look-ahead in input samples.</summary>
    public int HalfTaps { get; }

    /// <summary>2H taps per row.</summary>
    public int Taps { get; }

    /// <summary>Rows per input sample; the table holds Phases + 1 rows (the last is one sample on, for interpolation).</summary>
    public int Phases { get; }

    /// <summary>Rows of <see cref="Taps"/> coefficients, row-major.</summary>
    public float[] Coefficients { get; }

    /// <param name="quality">Preset.</param>
    /// <param name="bandwidth">min(1, output rate / input rate): the kept fraction of the input band.</param>
    /// <param name="phases">Rows per input sample (L for a rational ratio L/M, a power of two for arbitrary ratios).</param>
    public static ResamplerKernel Get(ResamplerQuality quality, double bandwidth, int phases) =>
        Cache.GetOrAdd((quality, bandwidth, phases), static key => new ResamplerKernel(key.Item1, key.Item2, key.Item3));

    internal static (double AttenuationDb, double Passband) Design(ResamplerQuality quality) => quality switch
    {
        ResamplerQuality.Fast => (80, 0.85),
        ResamplerQuality.Balanced => (100, 0.90),
        ResamplerQuality.High => (120, 0.91),
        _ => throw new ArgumentOutOfRangeException(nameof(quality), quality, "Unknown resampler quality."),
    };

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges for all x).</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (var k = 1; k < 200; k++)
        {
            term *= half / k;
            var squared = term * term;
            sum += squared;
            if (squared < 1e-17 * sum)
                break;
        }
        return sum;
    }
}
