namespace Augment.Audio;

/// <summary>How <see cref="NoiseReducer"/> follows the noise spectrum when no noise region is given.</summary>
public enum NoiseTracking
{
    /// <summary>
    /// Minimum statistics (Martin 2001): minimum of the smoothed periodogram over
    /// <see cref="NoiseReducerOptions.MinimumStatisticsWindow"/>, bias-compensated. The default: it best keeps
    /// the talker out of the noise estimate.
    /// </summary>
    MinimumStatistics = 0,
    /// <summary>
    /// Speech-presence-probability recursive averaging (Gerkmann &amp; Hendriks 2012): every frame updates the noise
    /// estimate by the probability that the bin holds no speech; follows rising noise within about 0.5 s, but lets
    /// long vowels and babble leak into the estimate more than minimum statistics does.
    /// </summary>
    SpeechPresence,
}
