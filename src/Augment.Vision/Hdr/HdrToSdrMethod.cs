namespace Augment.Vision;

/// <summary>The tone curve that HDR→SDR mapping uses.</summary>
public enum HdrToSdrMethod
{
    /// <summary>
    /// ITU-R BT.2390 EETF (Hermite knee on PQ values) applied to max(R, G, B) after conversion to
    /// Rec.709 primaries, RGB ratios kept;
    /// the SDR signal is display light divided by <see cref="HdrToSdrOptions.TargetMaxNits"/>.
    /// </summary>
    Bt2390Eetf,

    /// <summary>
    /// ITU-R BT.2446-1 method A (perceptual log, knee, colour correction on Y'C'bC'r); the
    /// counterpart of <see cref="HdrMapping.ToHdr"/>, so SDR→HDR→SDR round trips closely.
    /// </summary>
    Bt2446A,
}
