namespace Augment.Audio;

/// <summary>
/// The few transcendental functions the score needs, written with +, -, *, / and Floor/ScaleB only (each
/// correctly rounded by IEEE 754), so that a seed renders bit-identical samples on every machine: the
/// platform's Math.Sin/Exp come from the C runtime and may differ in the last bit between x64 and Arm.
/// Accuracy (about 1e-9 relative) is far beyond what a synthesiser hears.
/// </summary>
internal static class ScoreMath
{
    private const double TwoPi = 2.0 * Math.PI;
    private const double Ln2 = 0.69314718055994530942;
    private const double Log2E = 1.4426950408889634074;

    /// <summary>sin(2π·cycles): reduce to a quarter wave, then an odd Taylor polynomial to θ^17 (error below 1e-13).</summary>
    public static double Sin2Pi(double cycles)
    {
        var x = cycles - Math.Floor(cycles); // [0, 1)
        if (x >= 0.5) x -= 1.0;              // [-0.5, 0.5)
        if (x > 0.25) x = 0.5 - x;           // sin(π - θ) = sin θ
        else if (x < -0.25) x = -0.5 - x;
        var t = TwoPi * x;                   // [-π/2, π/2]
        var u = t * t;
        // sin t = t (1 - u/3! + u²/5! - u³/7! + ...), u = t², evaluated by Horner from the smallest term.
        var p = 1.0 / 355687428096000.0;
        p = (p * u) - (1.0 / 1307674368000.0);
        p = (p * u) + (1.0 / 6227020800.0);
        p = (p * u) - (1.0 / 39916800.0);
        p = (p * u) + (1.0 / 362880.0);
        p = (p * u) - (1.0 / 5040.0);
        p = (p * u) + (1.0 / 120.0);
        p = (p * u) - (1.0 / 6.0);
        p = (p * u) + 1.0;
        return t * p;
    }

    /// <summary>e^x for x in about [-700, 700] (0 below): 2^n · e^(f·ln 2) with a degree-13 Taylor polynomial on f in [0, 1).</summary>
    public static double Exp(double x)
    {
        if (x < -700) return 0.0;
        if (x > 700) return double.PositiveInfinity;
        return Exp2(x * Log2E);
    }

    /// <summary>2^y.</summary>
    public static double Exp2(double y)
    {
        if (y < -1000) return 0.0;
        var n = Math.Floor(y);
        var r = (y - n) * Ln2; // [0, ln 2)
        var p = 1.0 / 6227020800.0;
        p = (p * r) + (1.0 / 479001600.0);
        p = (p * r) + (1.0 / 39916800.0);
        p = (p * r) + (1.0 / 3628800.0);
        p = (p * r) + (1.0 / 362880.0);
        p = (p * r) + (1.0 / 40320.0);
        p = (p * r) + (1.0 / 5040.0);
        p = (p * r) + (1.0 / 720.0);
        p = (p * r) + (1.0 / 120.0);
        p = (p * r) + (1.0 / 24.0);
        p = (p * r) + (1.0 / 6.0);
        p = (p * r) + 0.5;
        p = (p * r) + 1.0;
        p = (p * r) + 1.0;
        return Math.ScaleB(p, (int)n);
    }

    /// <summary>Frequency of a MIDI note (A4 = 69 = 440 Hz, equal temperament), Hz.</summary>
    public static double MidiToHz(double midi) => 440.0 * Exp2((midi - 69.0) / 12.0);

    /// <summary>Per-sample decay factor of an exponential envelope with time constant <paramref name="seconds"/>.</summary>
    public static float DecayPerSample(double seconds, int sampleRate) => (float)Exp(-1.0 / (seconds * sampleRate));

    /// <summary>One-pole low-pass coefficient a = 1 - e^(-2π fc / fs) for y += a (x - y).</summary>
    public static float OnePoleCoefficient(double cutoffHz, int sampleRate) =>
        (float)(1.0 - Exp(-TwoPi * Math.Min(cutoffHz, 0.45 * sampleRate) / sampleRate));
}
