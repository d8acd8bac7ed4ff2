namespace Augment.Audio;

/// <summary>The spectral gain rule <see cref="NoiseReducer"/> applies per bin, from the a priori SNR ξ and the a posteriori SNR γ.</summary>
public enum NoiseReductionGain
{
    /// <summary>Wiener gain ξ/(1 + ξ): cheapest, a little more attenuation of weak speech.</summary>
    Wiener = 0,
    /// <summary>Ephraim–Malah log-spectral-amplitude MMSE gain ξ/(1 + ξ)·exp(½·E1(v)), v = ξγ/(1 + ξ): less musical noise.</summary>
    LogMmse,
    /// <summary>
    /// Optimally modified log-spectral amplitude (Cohen &amp; Berdugo 2001): the log-MMSE gain raised to the bin's
    /// speech presence probability p and the floor to 1 − p, so bins without speech fall to the floor and bins
    /// with speech keep the log-MMSE gain.
    /// </summary>
    OmLsa,
}
