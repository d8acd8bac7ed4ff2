using System.Globalization;

namespace Augment.Audio;

/// <summary>Conversions between hertz, cents, semitones, MIDI note numbers and note names (A4 = 440 Hz, equal temperament).</summary>
public static class PitchMath
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>Interval from <paramref name="fromHz"/> to <paramref name="toHz"/> in cents: 1200·log2(to/from). NaN when either is not positive.</summary>
    public static double CentsBetween(double fromHz, double toHz) =>
        fromHz > 0 && toHz > 0 ? 1200.0 * Math.Log2(toHz / fromHz) : double.NaN;

    /// <summary>Frequency ratio of an interval in semitones: 2^(semitones/12).</summary>
    public static double SemitonesToRatio(double semitones) => Math.Pow(2, semitones / 12.0);

    /// <summary>MIDI note number (fractional) of a frequency: 69 + 12·log2(hz/440). NaN when not positive.</summary>
    public static double HzToMidi(double hz) => hz > 0 ? 69 + (12 * Math.Log2(hz / 440.0)) : double.NaN;

    /// <summary>Frequency of a (fractional) MIDI note number, in hertz.</summary>
    public static double MidiToHz(double midi) => 440.0 * Math.Pow(2, (midi - 69) / 12.0);

    /// <summary>Nearest note and its deviation, such as <c>"A4"</c> or <c>"C#3 -12c"</c>; empty for NaN or non-positive input.</summary>
    /// <param name="hz">Frequency in hertz.</param>
    /// <param name="withCents">Append the deviation in cents when it is not zero after rounding.</param>
    public static string NoteName(double hz, bool withCents = true)
    {
        if (!(hz > 0) || double.IsInfinity(hz)) return string.Empty;
        var midi = HzToMidi(hz);
        var nearest = (int)Math.Round(midi);
        var cents = (int)Math.Round((midi - nearest) * 100);
        var octave = (int)Math.Floor(nearest / 12.0) - 1;
        var name = Names[((nearest % 12) + 12) % 12] + octave.ToString(CultureInfo.InvariantCulture);
        if (!withCents || cents == 0) return name;
        return name + " " + cents.ToString("+0;-0", CultureInfo.InvariantCulture) + "c";
    }
}
