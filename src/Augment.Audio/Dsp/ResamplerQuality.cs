namespace Augment.Audio;

/// <summary>
/// Trade-off between speed and fidelity of <see cref="Resampler"/>. Passband is the fraction of the
/// lower of the two Nyquist frequencies that is kept flat; stopband attenuation is the Kaiser design
/// target (the filter's stopband starts exactly at the lower Nyquist frequency, so nothing above it
/// aliases by more than the attenuation).
/// </summary>
public enum ResamplerQuality
{
    /// <summary>80 dB stopband, passband to 85% of Nyquist (about 18.7 kHz for 44.1 kHz output): for previews.</summary>
    Fast,

    /// <summary>100 dB stopband, passband to 90% of Nyquist (about 19.8 kHz for 44.1 kHz output).</summary>
    Balanced,

    /// <summary>120 dB stopband, passband to 91% of Nyquist (about 20.1 kHz for 44.1 kHz output): the default, for masters.</summary>
    High,
}
