namespace Augment.Vision;

/// <summary>Options of <see cref="HdrMapping.ToHdr"/>.</summary>
public sealed record SdrToHdrOptions
{
    /// <summary>The default: PQ output, 1000 cd/m² peak.</summary>
    public static SdrToHdrOptions Default { get; } = new();

    /// <summary>PQ (default) or HLG, both in Rec.2020.</summary>
    public HdrTarget Target { get; init; } = HdrTarget.Pq;

    /// <summary>
    /// Luminance that SDR signal 1.0 (100 %) reaches, cd/m²; 1000 by default, for which BT.2446 method A
    /// is defined (other peaks scale its output linearly). HLG output is rendered for a 1000 cd/m²
    /// display, so light above 1000 cd/m² clips there.
    /// </summary>
    public double PeakNits { get; init; } = 1000.0;
}
