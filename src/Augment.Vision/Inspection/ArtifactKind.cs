namespace Augment.Vision;

/// <summary>What an <see cref="ArtifactRegion"/> flags.</summary>
public enum ArtifactKind
{
    /// <summary>Isolated spectral peaks at an upsampling period of 2, 4 or 8 pixels.</summary>
    UpsamplingGrid,

    /// <summary>Noise well below what the rest of the image shows at the same brightness (smoothed or generated area).</summary>
    NoiseTooLow,

    /// <summary>Noise well above what the rest of the image shows at the same brightness (a differently-noised splice).</summary>
    NoiseTooHigh,

    /// <summary>A text-like row of glyphs whose stroke widths or spacing vary more than rendered type does.</summary>
    IrregularText,
}
