namespace Augment.Audio;

/// <summary>
/// Coefficients of a second-order IIR section, normalised so that a0 = 1:
/// H(z) = (B0 + B1·z⁻¹ + B2·z⁻²) / (1 + A1·z⁻¹ + A2·z⁻²). The factories follow Robert Bristow-Johnson's
/// "Cookbook formulae for audio EQ biquad filter coefficients" (w0 = 2π·f0/fs, α = sin(w0)/(2Q),
/// A = 10^(gainDb/40)), computed in double.
/// </summary>
/// <param name="B0">Feed-forward coefficient of x[n].</param>
/// <param name="B1">Feed-forward coefficient of x[n−1].</param>
/// <param name="B2">Feed-forward coefficient of x[n−2].</param>
/// <param name="A1">Feedback coefficient of y[n−1] (sign as in the denominator above).</param>
/// <param name="A2">Feedback coefficient of y[n−2].</param>
public readonly record struct BiquadCoefficients(double B0, double B1, double B2, double A1, double A2)
{
    /// <summary>Q of a maximally flat (Butterworth) second-order section: 1/√2.</summary>
    public const double ButterworthQ = 0.70710678118654752440;

    /// <summary>The identity filter (passes the input unchanged).</summary>
    public static BiquadCoefficients Identity => new(1, 0, 0, 0, 0);

    /// <summary>Second-order low-pass; gain Q at the cutoff.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="cutoffHz">Cutoff frequency in hertz (0 &lt; f &lt; sampleRate/2).</param>
    /// <param name="q">Quality factor; <see cref="ButterworthQ"/> is maximally flat.</param>
    public static BiquadCoefficients LowPass(int sampleRate, double cutoffHz, double q = ButterworthQ)
    {
        var (cos, alpha) = Prepare(sampleRate, cutoffHz, q);
        return Normalise((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>Second-order high-pass; gain Q at the cutoff.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="cutoffHz">Cutoff frequency in hertz (0 &lt; f &lt; sampleRate/2).</param>
    /// <param name="q">Quality factor; <see cref="ButterworthQ"/> is maximally flat.</param>
    public static BiquadCoefficients HighPass(int sampleRate, double cutoffHz, double q = ButterworthQ)
    {
        var (cos, alpha) = Prepare(sampleRate, cutoffHz, q);
        return Normalise((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>Band-pass with 0 dB gain at the centre frequency.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="centerHz">Centre frequency in hertz.</param>
    /// <param name="q">Quality factor: centre frequency over bandwidth.</param>
    public static BiquadCoefficients BandPass(int sampleRate, double centerHz, double q)
    {
        var (cos, alpha) = Prepare(sampleRate, centerHz, q);
        return Normalise(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>Notch (band-reject): zero gain at the centre frequency, unity far from it.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="centerHz">Frequency removed, in hertz.</param>
    /// <param name="q">Quality factor: centre frequency over the −3 dB bandwidth.</param>
    public static BiquadCoefficients Notch(int sampleRate, double centerHz, double q)
    {
        var (cos, alpha) = Prepare(sampleRate, centerHz, q);
        return Normalise(1, -2 * cos, 1, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>All-pass: unity gain, phase turning through −180° at the centre frequency.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="centerHz">Centre frequency in hertz.</param>
    /// <param name="q">Quality factor.</param>
    public static BiquadCoefficients AllPass(int sampleRate, double centerHz, double q = ButterworthQ)
    {
        var (cos, alpha) = Prepare(sampleRate, centerHz, q);
        return Normalise(1 - alpha, -2 * cos, 1 + alpha, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>Peaking equaliser: <paramref name="gainDb"/> at the centre frequency, unity far from it.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="centerHz">Centre frequency in hertz.</param>
    /// <param name="q">Quality factor.</param>
    /// <param name="gainDb">Boost (positive) or cut (negative) at the centre, in dB.</param>
    public static BiquadCoefficients Peaking(int sampleRate, double centerHz, double q, double gainDb)
    {
        var (cos, alpha) = Prepare(sampleRate, centerHz, q);
        var a = Math.Pow(10, gainDb / 40);
        return Normalise(1 + (alpha * a), -2 * cos, 1 - (alpha * a), 1 + (alpha / a), -2 * cos, 1 - (alpha / a));
    }

    /// <summary>Low shelf: <paramref name="gainDb"/> at DC, unity at Nyquist, half the gain (in dB) at the corner.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="cornerHz">Corner (mid-point) frequency in hertz.</param>
    /// <param name="gainDb">Shelf gain in dB.</param>
    /// <param name="q">Quality factor of the transition; <see cref="ButterworthQ"/> (the cookbook's slope 1) has no overshoot.</param>
    public static BiquadCoefficients LowShelf(int sampleRate, double cornerHz, double gainDb, double q = ButterworthQ)
    {
        var (cos, alpha) = Prepare(sampleRate, cornerHz, q);
        var a = Math.Pow(10, gainDb / 40);
        var beta = 2 * Math.Sqrt(a) * alpha;
        return Normalise(
            a * ((a + 1) - ((a - 1) * cos) + beta),
            2 * a * ((a - 1) - ((a + 1) * cos)),
            a * ((a + 1) - ((a - 1) * cos) - beta),
            (a + 1) + ((a - 1) * cos) + beta,
            -2 * ((a - 1) + ((a + 1) * cos)),
            (a + 1) + ((a - 1) * cos) - beta);
    }

    /// <summary>High shelf: <paramref name="gainDb"/> at Nyquist, unity at DC, half the gain (in dB) at the corner.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="cornerHz">Corner (mid-point) frequency in hertz.</param>
    /// <param name="gainDb">Shelf gain in dB.</param>
    /// <param name="q">Quality factor of the transition; <see cref="ButterworthQ"/> (the cookbook's slope 1) has no overshoot.</param>
    public static BiquadCoefficients HighShelf(int sampleRate, double cornerHz, double gainDb, double q = ButterworthQ)
    {
        var (cos, alpha) = Prepare(sampleRate, cornerHz, q);
        var a = Math.Pow(10, gainDb / 40);
        var beta = 2 * Math.Sqrt(a) * alpha;
        return Normalise(
            a * ((a + 1) + ((a - 1) * cos) + beta),
            -2 * a * ((a - 1) + ((a + 1) * cos)),
            a * ((a + 1) + ((a - 1) * cos) - beta),
            (a + 1) - ((a - 1) * cos) + beta,
            2 * ((a - 1) - ((a + 1) * cos)),
            (a + 1) - ((a - 1) * cos) - beta);
    }

    /// <summary>|H(e^(jω))| at a frequency: the filter's steady-state gain for a sine.</summary>
    /// <param name="frequencyHz">Frequency in hertz.</param>
    /// <param name="sampleRate">Sample rate in hertz the coefficients were designed for.</param>
    public double MagnitudeAt(double frequencyHz, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var w = 2 * Math.PI * frequencyHz / sampleRate;
        // Evaluate numerator and denominator at z⁻¹ = e^(−jω).
        double c1 = Math.Cos(w), s1 = -Math.Sin(w), c2 = Math.Cos(2 * w), s2 = -Math.Sin(2 * w);
        double nr = B0 + (B1 * c1) + (B2 * c2), ni = (B1 * s1) + (B2 * s2);
        double dr = 1 + (A1 * c1) + (A2 * c2), di = (A1 * s1) + (A2 * s2);
        return Math.Sqrt(((nr * nr) + (ni * ni)) / ((dr * dr) + (di * di)));
    }

    /// <summary>The gain at a frequency in dB: 20·log10 of <see cref="MagnitudeAt"/>.</summary>
    /// <param name="frequencyHz">Frequency in hertz.</param>
    /// <param name="sampleRate">Sample rate in hertz the coefficients were designed for.</param>
    public double GainDbAt(double frequencyHz, int sampleRate) => 20 * Math.Log10(MagnitudeAt(frequencyHz, sampleRate));

    private static (double Cos, double Alpha) Prepare(int sampleRate, double frequencyHz, double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (!(frequencyHz > 0 && frequencyHz < sampleRate / 2.0))
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"The frequency must lie between 0 and the Nyquist frequency ({sampleRate / 2.0} Hz).");
        if (!(q > 0) || double.IsInfinity(q))
            throw new ArgumentOutOfRangeException(nameof(q), q, "Q must be positive and finite.");
        var w0 = 2 * Math.PI * frequencyHz / sampleRate;
        return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
    }

    private static BiquadCoefficients Normalise(double b0, double b1, double b2, double a0, double a1, double a2) =>
        new(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
}
