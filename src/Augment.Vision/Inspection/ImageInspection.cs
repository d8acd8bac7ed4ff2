using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// AI-artifact checks for human review: periodic spectral peaks left by upsampling layers, regions whose noise
/// level does not fit the rest of the image, and text-like glyph rows with irregular strokes. Each finding is a
/// rectangle with a 0..1 score and a one-line explanation. A review aid, not proof: see docs/vision-inspection.md
/// for what each check misses and its false-positive rate on the test set.
/// </summary>
public static class ImageInspection
{
    /// <summary>Runs the checks the options enable on the frame's brightness (grey channel or BT.601 luma of the stored values).</summary>
    /// <param name="frame">The image; any size, 1 to 4 channels (alpha is ignored).</param>
    /// <param name="options">The checks and their settings; <see cref="InspectionOptions.Default"/> when null.</param>
    /// <param name="progress">Receives stage reports ("spectral tiles", "noise blocks", "text").</param>
    /// <param name="cancellationToken">Stops the work between tiles and row bands.</param>
    /// <returns>The report; regions strongest first.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="ResourceLimitException">The working planes (about 22 bytes a pixel) exceed <c>frame.Budget</c>.</exception>
    public static ArtifactReport Inspect(ImageFrame frame, InspectionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= InspectionOptions.Default;
        options.Validate();
        SampleChecks.ThrowIfNotFinite(frame, "AI-artifact inspection");
        var pixels = frame.PixelCount;
        // The luma plane plus the text check's working planes (local mean, ink mask, labels, distances, box sums): about 22 bytes a pixel.
        frame.Budget.EnsureAllocation(22L * pixels, $"inspecting a {frame.Width}x{frame.Height} image");
        var luma = ArrayPool<float>.Shared.Rent(pixels);
        try
        {
            InspectionLuma.Compute(frame, luma, cancellationToken);
            var regions = new List<ArtifactRegion>();
            double spectral = 0, noise = 0, text = 0;
            var textRegions = 0;
            if ((options.EnabledChecks & ArtifactChecks.PeriodicSpectrum) != 0)
                spectral = SpectralGridScoring.Run(luma, frame.Width, frame.Height, options, frame.Budget, regions, progress, cancellationToken);
            if ((options.EnabledChecks & ArtifactChecks.NoiseInconsistency) != 0)
                noise = NoiseConsistencyCheck.Run(luma, frame.Width, frame.Height, options, frame.Budget, regions, progress, cancellationToken);
            if ((options.EnabledChecks & ArtifactChecks.IrregularText) != 0)
                (text, textRegions) = StrokeTextCheck.Run(luma, frame.Width, frame.Height, options, frame.Budget, regions, progress, cancellationToken);
            regions.Sort(static (a, b) => b.Score.CompareTo(a.Score));
            return new ArtifactReport(frame.Width, frame.Height, options.EnabledChecks, regions, spectral, noise, text, textRegions);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma);
        }
    }
}
