using System.Runtime.CompilerServices;

namespace Augment.Audio;

/// <summary>Small building blocks the stem synthesisers share: oscillators, filters, panning. Float state, deterministic arithmetic.</summary>
internal static class ScoreDsp
{
    /// <summary>Equal-power pan gains for <paramref name="pan"/> in [-1, 1]; (1, 1) for mono.</summary>
    public static (float Left, float Right) Pan(double pan, int channels)
    {
        if (channels == 1) return (1f, 1f);
        // cos/sin of (1 + pan)·π/4, through the deterministic sine; √2 keeps the centre at unity per side.
        var angle = (1.0 + Math.Clamp(pan, -1.0, 1.0)) / 8.0; // cycles: (1 + pan)·π/4 / 2π
        var left = ScoreMath.Sin2Pi(angle + 0.25) * 1.4142135623730951;
        var right = ScoreMath.Sin2Pi(angle) * 1.4142135623730951;
        return ((float)left, (float)right);
    }

    /// <summary>
    /// PolyBLEP correction for a sawtooth's step at phase wrap (Välimäki and Huovilainen, "Antialiasing
    /// oscillators in subtractive synthesis", IEEE Signal Processing Magazine 24(2), 2007): a two-sample
    /// polynomial residual that removes most of the naive saw's aliasing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PolyBlep(double t, double dt)
    {
        if (t < dt)
        {
            t /= dt;
            return t + t - (t * t) - 1.0;
        }
        if (t > 1.0 - dt)
        {
            t = (t - 1.0) / dt;
            return (t * t) + t + t + 1.0;
        }
        return 0.0;
    }

    /// <summary>One band-limited sawtooth sample at <paramref name="phase"/> in [0, 1) with increment <paramref name="dt"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Saw(double phase, double dt) => (2.0 * phase) - 1.0 - PolyBlep(phase, dt);

    /// <summary>Advances a phase in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Advance(double phase, double dt)
    {
        phase += dt;
        return phase >= 1.0 ? phase - 1.0 : phase;
    }

    /// <summary>
    /// Chamberlin state-variable filter frequency coefficient f = 2 sin(π fc / fs) (Chamberlin, "Musical
    /// Applications of Microprocessors", 1985, §14); fc is capped at fs/8, where the filter stays stable.
    /// </summary>
    public static float SvfCoefficient(double cutoffHz, int sampleRate) =>
        (float)(2.0 * ScoreMath.Sin2Pi(Math.Min(cutoffHz, sampleRate / 8.0) / sampleRate / 2.0));

    /// <summary>A Chamberlin state-variable filter: low-pass and band-pass outputs, damping q = 1/Q.</summary>
    public struct Svf
    {
        public float Low;
        public float Band;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tick(float x, float f, float q)
        {
            Low += f * Band;
            var high = x - Low - (q * Band);
            Band += f * high;
        }
    }
}
