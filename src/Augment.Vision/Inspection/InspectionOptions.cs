namespace Augment.Vision;

/// <summary>
/// Settings of <see cref="ImageInspection.Inspect"/>. Every fluent method returns a changed copy
/// (<c>frame.Inspect(i => i.Checks(ArtifactChecks.All).ReportThreshold(0.6))</c>); the record can also be built directly.
/// </summary>
public sealed record InspectionOptions
{
    /// <summary>The defaults: every check, 128-pixel spectral tiles, 32-pixel noise blocks, report at score 0.5.</summary>
    public static InspectionOptions Default { get; } = new();

    /// <summary>The checks to run; <see cref="ArtifactChecks.All"/> by default.</summary>
    public ArtifactChecks EnabledChecks { get; init; } = ArtifactChecks.All;

    /// <summary>
    /// Side of the square tiles the periodic-spectrum check transforms, pixels: a multiple of 8 from 32 to 512
    /// (so every period 2, 4, 8 falls on an exact frequency bin); 128 by default. Smaller tiles localise better
    /// and see weaker peaks.
    /// </summary>
    public int SpectralTilePixels { get; init; } = 128;

    /// <summary>Side of the square blocks the noise-consistency check measures, pixels: 16 to 256; 32 by default.</summary>
    public int NoiseBlockPixels { get; init; } = 32;

    /// <summary>Regions scoring at least this (0..1) are reported; 0.5 (each check's own threshold) by default.</summary>
    public double ReportScore { get; init; } = 0.5;

    /// <summary>A copy that runs <paramref name="checks"/>.</summary>
    /// <param name="checks">The checks to run.</param>
    public InspectionOptions Checks(ArtifactChecks checks) => this with { EnabledChecks = checks };

    /// <summary>A copy with another spectral tile size.</summary>
    /// <param name="tilePixels">A multiple of 8 from 32 to 512.</param>
    public InspectionOptions SpectralTiles(int tilePixels) => this with { SpectralTilePixels = tilePixels };

    /// <summary>A copy with another noise block size.</summary>
    /// <param name="blockPixels">16 to 256.</param>
    public InspectionOptions NoiseBlocks(int blockPixels) => this with { NoiseBlockPixels = blockPixels };

    /// <summary>A copy that reports regions scoring at least <paramref name="score"/>.</summary>
    /// <param name="score">0..1.</param>
    public InspectionOptions ReportThreshold(double score) => this with { ReportScore = score };

    internal void Validate()
    {
        if ((EnabledChecks & ~ArtifactChecks.All) != 0)
            throw new ArgumentException($"EnabledChecks holds unknown flags ({(int)EnabledChecks}).", nameof(EnabledChecks));
        if (SpectralTilePixels < 32 || SpectralTilePixels > 512 || SpectralTilePixels % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(SpectralTilePixels), SpectralTilePixels, "The spectral tile must be a multiple of 8 from 32 to 512 pixels.");
        if (NoiseBlockPixels < 16 || NoiseBlockPixels > 256)
            throw new ArgumentOutOfRangeException(nameof(NoiseBlockPixels), NoiseBlockPixels, "The noise block must be 16 to 256 pixels.");
        if (!double.IsFinite(ReportScore) || ReportScore < 0 || ReportScore > 1)
            throw new ArgumentOutOfRangeException(nameof(ReportScore), ReportScore, "The report score must be between 0 and 1.");
    }
}
