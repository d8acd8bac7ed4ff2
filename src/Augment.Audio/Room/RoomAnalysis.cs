namespace Augment.Audio;

/// <summary>The ISO 3382-1 analysis of an impulse response: one row per octave band and a broadband row.</summary>
/// <param name="SampleRate">Rate of the analysed response, in hertz.</param>
/// <param name="OnsetFrame">First frame within 20 dB of the peak (the direct sound's arrival); times count from here.</param>
/// <param name="PeakFrame">Frame of the largest magnitude (centre of the direct-sound window).</param>
/// <param name="Bands">Octave bands 125 Hz to 8 kHz (or the centres asked for), lowest first.</param>
/// <param name="Broadband">The unfiltered response.</param>
public sealed record RoomAnalysis(int SampleRate, int OnsetFrame, int PeakFrame, IReadOnlyList<RoomBandAnalysis> Bands, RoomBandAnalysis Broadband)
{
    /// <summary>The row of the band centred at <paramref name="centerHz"/> (nominal centre), or null.</summary>
    /// <param name="centerHz">Nominal centre frequency in hertz, e.g. 1000.</param>
    public RoomBandAnalysis? Band(double centerHz)
    {
        foreach (var band in Bands)
            if (Math.Abs(band.CenterHz - centerHz) < 1e-6 * centerHz) return band;
        return null;
    }
}
