namespace Augment.Vision;

/// <summary>Fluent entry to the AI-artifact checks: <c>frame.Inspect(i => i.Checks(ArtifactChecks.All))</c>.</summary>
public static class InspectionExtensions
{
    /// <summary>Runs <see cref="ImageInspection.Inspect"/> with options changed by <paramref name="configure"/>.</summary>
    /// <param name="frame">The image.</param>
    /// <param name="configure">Changes <see cref="InspectionOptions.Default"/>; null keeps the defaults.</param>
    /// <param name="progress">Receives stage reports.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static ArtifactReport Inspect(this ImageFrame frame, Func<InspectionOptions, InspectionOptions>? configure = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = configure is null ? InspectionOptions.Default : configure(InspectionOptions.Default);
        return ImageInspection.Inspect(frame, options, progress, cancellationToken);
    }
}
