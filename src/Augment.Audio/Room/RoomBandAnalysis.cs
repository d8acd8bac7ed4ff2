namespace Augment.Audio;

/// <summary>
/// Room-acoustic parameters of one octave band (or of the whole band), ISO 3382-1. A value the response cannot
/// support (decay range too small, band above Nyquist, response too short) is <see cref="double.NaN"/> and
/// <see cref="Note"/> says why.
/// </summary>
/// <param name="CenterHz">Octave-band centre in hertz; 0 for the broadband row.</param>
/// <param name="T20Seconds">Reverberation time from the −5 to −25 dB part of the Schroeder curve, in seconds.</param>
/// <param name="T30Seconds">Reverberation time from the −5 to −35 dB part, in seconds.</param>
/// <param name="EdtSeconds">Early decay time from the 0 to −10 dB part, in seconds.</param>
/// <param name="C50Db">Clarity: energy of the first 50 ms over the rest, in dB.</param>
/// <param name="C80Db">Clarity: energy of the first 80 ms over the rest, in dB.</param>
/// <param name="DrrDb">Direct-to-reverberant ratio: energy within ±2.5 ms of the (broadband) peak over the energy after it, in dB.</param>
/// <param name="DecayRangeDb">How far the compensated Schroeder curve falls before the noise-floor truncation, in dB (positive).</param>
/// <param name="Note">Why a value is NaN; null when all are there.</param>
public sealed record RoomBandAnalysis(double CenterHz, double T20Seconds, double T30Seconds, double EdtSeconds, double C50Db, double C80Db, double DrrDb, double DecayRangeDb, string? Note)
{
    /// <summary>True for the broadband (unfiltered) row.</summary>
    public bool IsBroadband => CenterHz == 0;

    /// <summary>The reverberation time to quote: T30 where the decay range allows it, else T20 (NaN when neither).</summary>
    public double Rt60Seconds => double.IsFinite(T30Seconds) ? T30Seconds : T20Seconds;
}
