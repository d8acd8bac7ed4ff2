namespace Augment.Audio;

/// <summary>
/// Octave-band filter for room analysis: 4th-order Butterworth high-pass at fc/√2 and 4th-order Butterworth
/// low-pass at fc·√2 (biquad cascades; −3 dB at the IEC 61260 octave edges, 24 dB/octave skirts). The filter is
/// run over the time-reversed response and the result reversed back, so the filter's own ringing spreads
/// towards earlier times instead of lengthening the decay (Jacobsen &amp; Rindel, "Time reversed decay
/// measurements", J. Sound Vib. 117, 1987): short low-band decays are not inflated.
/// </summary>
internal static class OctaveBandFilter
{
    // Pole Qs of a 4th-order Butterworth: 1 / (2·cos(π/8)), 1 / (2·cos(3π/8)).
    private const double Q1 = 0.54119610014619698;
    private const double Q2 = 1.3065629648763766;

    /// <summary>Whether the band can be analysed at the rate: its lower edge lies below 0.45·rate.</summary>
    internal static bool Fits(double centerHz, int sampleRate) => centerHz / Math.Sqrt(2) < 0.45 * sampleRate;

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/> (same length), time-reversed.</summary>
    internal static void Apply(ReadOnlySpan<float> input, Span<float> output, double centerHz, int sampleRate)
    {
        var n = input.Length;
        for (var i = 0; i < n; i++) output[i] = input[n - 1 - i];
        var low = centerHz / Math.Sqrt(2);
        var high = centerHz * Math.Sqrt(2);
        new BiquadFilter(BiquadCoefficients.HighPass(sampleRate, low, Q1)).Process(output);
        new BiquadFilter(BiquadCoefficients.HighPass(sampleRate, low, Q2)).Process(output);
        // The upper edge above 0.45·rate: the band runs to Nyquist (no low-pass).
        if (high < 0.45 * sampleRate)
        {
            new BiquadFilter(BiquadCoefficients.LowPass(sampleRate, high, Q1)).Process(output);
            new BiquadFilter(BiquadCoefficients.LowPass(sampleRate, high, Q2)).Process(output);
        }
        output.Reverse();
    }
}
