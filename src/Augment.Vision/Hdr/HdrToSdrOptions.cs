namespace Augment.Vision;

/// <summary>Options of <see cref="HdrMapping.ToSdr"/>; luminances in cd/m² (nits).</summary>
public sealed record HdrToSdrOptions
{
    /// <summary>The default: BT.2390 EETF from a 1000 cd/m² master to a 203 cd/m² SDR white, sRGB output.</summary>
    public static HdrToSdrOptions Default { get; } = new();

    /// <summary>The tone curve; <see cref="HdrToSdrMethod.Bt2390Eetf"/> by default.</summary>
    public HdrToSdrMethod Method { get; init; } = HdrToSdrMethod.Bt2390Eetf;

    /// <summary>Black of the source (mastering display), cd/m²; 0 by default.</summary>
    public double SourceMinNits { get; init; }

    /// <summary>Peak of the source (mastering display), cd/m²; 1000 by default. Brighter pixels clip to it.</summary>
    public double SourceMaxNits { get; init; } = 1000.0;

    /// <summary>Black of the target display, cd/m² (EETF black lift b·(1 − E2)^4); 0 by default.</summary>
    public double TargetMinNits { get; init; }

    /// <summary>
    /// Peak of the target display, cd/m², which becomes SDR signal 1.0; <see cref="HdrReference.SdrWhiteNits"/>
    /// (203) by default. BT.2390 examples often use 100.
    /// </summary>
    public double TargetMaxNits { get; init; } = HdrReference.SdrWhiteNits;

    /// <summary>The colour space of the result: <see cref="ColorSpace.Srgb"/> (default), <see cref="ColorSpace.Rec709"/> or <see cref="ColorSpace.LinearSrgb"/>.</summary>
    public ColorSpace Output { get; init; } = ColorSpace.Srgb;
}
