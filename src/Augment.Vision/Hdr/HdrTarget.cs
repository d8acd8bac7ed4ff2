namespace Augment.Vision;

/// <summary>The HDR signal that SDR→HDR mapping produces.</summary>
public enum HdrTarget
{
    /// <summary>Rec.2020 primaries with the SMPTE ST 2084 perceptual quantiser (<see cref="ColorSpace.Rec2020Pq"/>).</summary>
    Pq,

    /// <summary>Rec.2020 primaries with ITU-R BT.2100 hybrid log-gamma (<see cref="ColorSpace.Rec2020Hlg"/>).</summary>
    Hlg,
}
