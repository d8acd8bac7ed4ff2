namespace Augment.Audio;

/// <summary>
/// The K-weighting pre-filter of ITU-R BS.1770-4 (section 2.1): a high shelf (+4 dB above about 1.5 kHz,
/// the acoustic effect of the head) followed by the "RLB" high-pass (about 38 Hz), as two biquads.
/// </summary>
/// <remarks>
/// <para>The Recommendation tabulates coefficients for 48 kHz only. For any rate we re-derive them from
/// the analog prototypes those tables come from (the same parameters every open meter uses, fitted to the
/// published 48 kHz values): shelf f0 = 1681.974450955533 Hz, gain 3.999843853973347 dB,
/// Q = 0.7071752369554196; high-pass f0 = 38.13547087602444 Hz, Q = 0.5003270373238773. Both are mapped
/// with the pre-warped bilinear transform (K = tan(π f0 / fs)). At 48 kHz this reproduces the published
/// coefficients to about 1e-8.</para>
/// <para>The high-pass numerator is left at [1, -2, 1] as in the published table (not divided by a0):
/// the -0.691 dB calibration constant of the loudness formula was set against that table, so dividing
/// would shift every reading by about 0.04 dB.</para>
/// </remarks>
internal readonly record struct KWeighting(
    double ShelfB0, double ShelfB1, double ShelfB2, double ShelfA1, double ShelfA2,
    double HighPassA1, double HighPassA2)
{
    private const double ShelfFrequencyHz = 1681.974450955533;
    private const double ShelfGainDb = 3.999843853973347;
    private const double ShelfQ = 0.7071752369554196;
    private const double HighPassFrequencyHz = 38.13547087602444;
    private const double HighPassQ = 0.5003270373238773;

    /// <summary>Derives the two biquads for a sample rate.</summary>
    public static KWeighting ForSampleRate(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        // Shelf: RBJ-style high shelf with separate band and high gains, as the BS.1770 table was fitted.
        var k = Math.Tan(Math.PI * ShelfFrequencyHz / sampleRate);
        var vh = Math.Pow(10.0, ShelfGainDb / 20.0);
        var vb = Math.Pow(vh, 0.4996667741545416);
        var a0 = 1.0 + k / ShelfQ + k * k;
        var b0 = (vh + vb * k / ShelfQ + k * k) / a0;
        var b1 = 2.0 * (k * k - vh) / a0;
        var b2 = (vh - vb * k / ShelfQ + k * k) / a0;
        var a1 = 2.0 * (k * k - 1.0) / a0;
        var a2 = (1.0 - k / ShelfQ + k * k) / a0;

        // Second-order Butterworth-like high-pass (RLB weighting).
        var kh = Math.Tan(Math.PI * HighPassFrequencyHz / sampleRate);
        var ah0 = 1.0 + kh / HighPassQ + kh * kh;
        var ha1 = 2.0 * (kh * kh - 1.0) / ah0;
        var ha2 = (1.0 - kh / HighPassQ + kh * kh) / ah0;
        return new KWeighting(b0, b1, b2, a1, a2, ha1, ha2);
    }

    /// <summary>Magnitude response in dB at a frequency, from the z-domain transfer function (for tests and docs).</summary>
    public double ResponseDb(double frequencyHz, int sampleRate)
    {
        var w = 2 * Math.PI * frequencyHz / sampleRate;
        var z1 = System.Numerics.Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        var shelf = (ShelfB0 + ShelfB1 * z1 + ShelfB2 * z2) / (1 + ShelfA1 * z1 + ShelfA2 * z2);
        var highPass = (1 - 2 * z1 + z2) / (1 + HighPassA1 * z1 + HighPassA2 * z2);
        return 20 * Math.Log10((shelf * highPass).Magnitude);
    }
}
