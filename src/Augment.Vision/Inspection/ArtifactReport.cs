namespace Augment.Vision;

/// <summary>
/// The findings of <see cref="ImageInspection.Inspect"/>: flagged regions per check and an overall score. A review
/// aid: every check also fires on some genuine photographs (see docs/vision-inspection.md for the measured
/// false-positive rates), and a clean report does not prove that an image is not generated.
/// </summary>
public sealed class ArtifactReport
{
    internal ArtifactReport(int width, int height, ArtifactChecks checks, IReadOnlyList<ArtifactRegion> regions,
        double periodicSpectrumScore, double noiseInconsistencyScore, double irregularTextScore, int textRegionCount)
    {
        Width = width;
        Height = height;
        ChecksRun = checks;
        Regions = regions;
        PeriodicSpectrumScore = periodicSpectrumScore;
        NoiseInconsistencyScore = noiseInconsistencyScore;
        IrregularTextScore = irregularTextScore;
        TextRegionCount = textRegionCount;
    }

    /// <summary>Width of the inspected image in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the inspected image in pixels.</summary>
    public int Height { get; }

    /// <summary>The checks that ran.</summary>
    public ArtifactChecks ChecksRun { get; }

    /// <summary>Flagged regions (score at least the options' report threshold), strongest first.</summary>
    public IReadOnlyList<ArtifactRegion> Regions { get; }

    /// <summary>Highest tile score of the periodic-spectrum check, 0..1 (0 when it did not run).</summary>
    public double PeriodicSpectrumScore { get; }

    /// <summary>Highest region score of the noise-consistency check, 0..1 (0 when it did not run).</summary>
    public double NoiseInconsistencyScore { get; }

    /// <summary>Highest line score of the irregular-text check, 0..1 (0 when it did not run or found no text).</summary>
    public double IrregularTextScore { get; }

    /// <summary>Text-like rows of glyphs the text check found, flagged or not.</summary>
    public int TextRegionCount { get; }

    /// <summary>The overall score: the highest of the per-check scores, 0..1.</summary>
    public double Score => Math.Max(PeriodicSpectrumScore, Math.Max(NoiseInconsistencyScore, IrregularTextScore));

    /// <summary>Whether any region was flagged.</summary>
    public bool Flagged => Regions.Count > 0;

    /// <summary>The flagged regions of one kind.</summary>
    /// <param name="kind">The kind of finding.</param>
    public IReadOnlyList<ArtifactRegion> RegionsOf(ArtifactKind kind)
    {
        var result = new List<ArtifactRegion>();
        foreach (var region in Regions)
        {
            if (region.Kind == kind)
                result.Add(region);
        }
        return result;
    }
}
