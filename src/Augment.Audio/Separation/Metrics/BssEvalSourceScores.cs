using System.Text.Json.Serialization;

namespace Augment.Audio;

/// <summary>
/// BSS-Eval v4 scores of one estimated source: the median over windows (the headline number SiSEC reports) and the
/// per-window values. Windows where any reference or estimate is silent are NaN and left out of the medians.
/// Non-finite numbers serialise with System.Text.Json as the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
public sealed class BssEvalSourceScores
{
    internal BssEvalSourceScores(string name, double[] sdr, double[] isr, double[] sir, double[] sar)
    {
        Name = name;
        WindowSdrDb = sdr;
        WindowIsrDb = isr;
        WindowSirDb = sir;
        WindowSarDb = sar;
        SdrDb = NanMedian(sdr);
        IsrDb = NanMedian(isr);
        SirDb = NanMedian(sir);
        SarDb = NanMedian(sar);
    }

    /// <summary>Stem name (as the estimate names it).</summary>
    public string Name { get; }

    /// <summary>Median source-to-distortion ratio in dB: energy of the true image over the energy of everything else in the estimate.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double SdrDb { get; }

    /// <summary>Median source-image-to-spatial-distortion ratio in dB: how well the filtered true image matches the true image.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double IsrDb { get; }

    /// <summary>Median source-to-interference ratio in dB: the part explained by this source over the part explained by the others.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double SirDb { get; }

    /// <summary>Median source-to-artifacts ratio in dB: the part explained by any source over what no source explains.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double SarDb { get; }

    /// <summary>SDR of every window in dB (NaN for silent windows).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public IReadOnlyList<double> WindowSdrDb { get; }

    /// <summary>ISR of every window in dB (NaN for silent windows).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public IReadOnlyList<double> WindowIsrDb { get; }

    /// <summary>SIR of every window in dB (NaN for silent windows).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public IReadOnlyList<double> WindowSirDb { get; }

    /// <summary>SAR of every window in dB (NaN for silent windows).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public IReadOnlyList<double> WindowSarDb { get; }

    /// <summary>Median of the non-NaN values (numpy's <c>nanmedian</c>); NaN when every value is NaN.</summary>
    internal static double NanMedian(double[] values)
    {
        var kept = new List<double>(values.Length);
        foreach (var v in values)
            if (!double.IsNaN(v)) kept.Add(v);
        if (kept.Count == 0) return double.NaN;
        kept.Sort();
        var mid = kept.Count / 2;
        return kept.Count % 2 == 1 ? kept[mid] : (kept[mid - 1] + kept[mid]) / 2;
    }
}
