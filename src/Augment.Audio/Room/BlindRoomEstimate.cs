namespace Augment.Audio;

/// <summary>A room's decay estimated blind from a location recording (<see cref="BlindRoomEstimator"/>): per-band and broadband RT60 and a rough direct-to-reverberant ratio.</summary>
/// <param name="SampleRate">Rate of the analysed recording, in hertz.</param>
/// <param name="Bands">Octave bands 125 Hz to 8 kHz, lowest first.</param>
/// <param name="Broadband">The unfiltered signal.</param>
/// <param name="DrrDb">Direct-to-reverberant ratio from the level drop at the start of each free decay, in dB (median); NaN when no decay was found. Rough: speech offsets are not perfectly abrupt.</param>
/// <param name="LevelDbfs">RMS level of the recording, in dB full scale.</param>
public sealed record BlindRoomEstimate(int SampleRate, IReadOnlyList<BlindBandEstimate> Bands, BlindBandEstimate Broadband, double DrrDb, double LevelDbfs)
{
    /// <summary>The row of the band centred at <paramref name="centerHz"/> (nominal centre).</summary>
    /// <param name="centerHz">Nominal centre frequency in hertz, e.g. 1000.</param>
    /// <exception cref="ArgumentException">No band has that centre.</exception>
    public BlindBandEstimate Band(double centerHz)
    {
        foreach (var band in Bands)
            if (Math.Abs(band.CenterHz - centerHz) < 1e-6 * centerHz) return band;
        throw new ArgumentException($"No octave band is centred at {centerHz} Hz.", nameof(centerHz));
    }

    /// <summary>The per-band RT60s in the order of <see cref="RoomAnalyzer.OctaveBandCentersHz"/>, a NaN band replaced by the broadband value (or 0.5 s when that is NaN too) — what <see cref="RoomSynthesizer"/> needs.</summary>
    public double[] FilledRt60Seconds()
    {
        var fallback = double.IsFinite(Broadband.Rt60Seconds) ? Broadband.Rt60Seconds : 0.5;
        var values = new double[Bands.Count];
        for (var b = 0; b < values.Length; b++)
            values[b] = double.IsFinite(Bands[b].Rt60Seconds) ? Bands[b].Rt60Seconds : fallback;
        return values;
    }
}
