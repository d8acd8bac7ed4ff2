using System.Globalization;
using System.Text;

namespace Augment.Audio;

/// <summary>
/// The result of <see cref="BssEval"/>: scores per estimated source (in the estimate's stem order) and the settings
/// they were measured with. <see cref="ToTable"/> prints the museval-style summary; the object serialises to JSON as is.
/// </summary>
public sealed class BssEvalReport
{
    internal BssEvalReport(IReadOnlyList<BssEvalSourceScores> sources, int sampleRate, int windowFrames, int hopFrames, int filterLength, int windowCount)
    {
        Sources = sources;
        SampleRate = sampleRate;
        WindowSeconds = (double)windowFrames / sampleRate;
        HopSeconds = (double)hopFrames / sampleRate;
        FilterLength = filterLength;
        WindowCount = windowCount;
    }

    /// <summary>Scores per source, in the estimate's stem order.</summary>
    public IReadOnlyList<BssEvalSourceScores> Sources { get; }

    /// <summary>Sample rate of the evaluated audio in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Window length actually used, in seconds (the whole track when it was shorter than the window asked for).</summary>
    public double WindowSeconds { get; }

    /// <summary>Hop between windows actually used, in seconds.</summary>
    public double HopSeconds { get; }

    /// <summary>Taps of the distortion filters.</summary>
    public int FilterLength { get; }

    /// <summary>Number of scoring windows per source.</summary>
    public int WindowCount { get; }

    /// <summary>The scores of the source called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No source has that name.</exception>
    public BssEvalSourceScores this[string name]
    {
        get
        {
            foreach (var s in Sources)
                if (string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) return s;
            throw new KeyNotFoundException($"No source is called '{name}'.");
        }
    }

    /// <summary>
    /// A plain-text table: one row per source with the median SDR, ISR, SIR and SAR in dB (two decimals) and how many
    /// windows were scored (not silent).
    /// </summary>
    public string ToTable()
    {
        var width = 6;
        foreach (var s in Sources) width = Math.Max(width, s.Name.Length);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"source".PadRight(width)}  {"SDR dB",8}  {"ISR dB",8}  {"SIR dB",8}  {"SAR dB",8}  {"windows",9}").AppendLine();
        foreach (var s in Sources)
        {
            var scored = 0;
            foreach (var v in s.WindowSdrDb)
                if (!double.IsNaN(v)) scored++;
            text.Append(CultureInfo.InvariantCulture, $"{s.Name.PadRight(width)}  {Format(s.SdrDb),8}  {Format(s.IsrDb),8}  {Format(s.SirDb),8}  {Format(s.SarDb),8}  {$"{scored}/{WindowCount}",9}").AppendLine();
        }
        text.Append(CultureInfo.InvariantCulture, $"BSS-Eval v4: medians over {WindowSeconds:0.###} s windows, hop {HopSeconds:0.###} s, {FilterLength}-tap distortion filters.").AppendLine();
        return text.ToString();
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("0.00", CultureInfo.InvariantCulture);
}
