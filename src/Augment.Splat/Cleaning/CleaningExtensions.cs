using System.Diagnostics;

namespace Augment.Splat.Cleaning;

/// <summary>Cleaning of a <see cref="GaussianCloud"/>: <c>var (clean, report) = cloud.Clean(c =&gt; c.RemoveNonFinite().MinOpacity(0.05f));</c>.</summary>
public static class CleaningExtensions
{
    /// <summary>Runs the steps the builder describes; the input is not modified.</summary>
    /// <param name="cloud">The cloud to clean.</param>
    /// <param name="configure">Describes the steps, e.g. <c>c =&gt; c.RemoveNonFinite().RemoveFloaters()</c>.</param>
    /// <param name="progress">Receives one report per finished step (stage "clean").</param>
    /// <param name="cancellationToken">Stops the run between and within steps.</param>
    /// <returns>A new cloud of the survivors (original order, every attribute) and the report.</returns>
    public static CleaningResult Clean(this GaussianCloud cloud, Func<CleaningBuilder, CleaningBuilder> configure, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = configure(new CleaningBuilder()) ?? throw new ArgumentException("The configure function returned null.", nameof(configure));
        return cloud.Clean(builder.Options, progress, cancellationToken);
    }

    /// <summary>Runs the steps of <paramref name="options"/> in order; the input is not modified.</summary>
    /// <param name="cloud">The cloud to clean.</param>
    /// <param name="options">The steps and the budget.</param>
    /// <param name="progress">Receives one report per finished step (stage "clean").</param>
    /// <param name="cancellationToken">Stops the run between and within steps.</param>
    /// <returns>A new cloud of the survivors (original order, every attribute) and the report.</returns>
    /// <exception cref="ArgumentException">A step's parameter is out of range (checked before anything runs).</exception>
    /// <exception cref="ResourceLimitException">A step's working memory would exceed the budget.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static CleaningResult Clean(this GaussianCloud cloud, CleaningOptions options, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Steps);
        ArgumentNullException.ThrowIfNull(options.Budget);
        foreach (var step in options.Steps)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(options));
            step.Validate();
        }
        var pass = new CleaningPass(cloud, options.Budget, cancellationToken);
        var rows = new List<CleaningStepResult>(options.Steps.Count);
        progress?.Report(AugmentProgress.Items("clean", 0, options.Steps.Count));
        foreach (var step in options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var removed = pass.Remaining == 0 ? 0 : step.Apply(pass);
            rows.Add(new CleaningStepResult(step.Name, removed, pass.Remaining, Stopwatch.GetElapsedTime(started)));
            progress?.Report(AugmentProgress.Items("clean", rows.Count, options.Steps.Count));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var survivors = pass.Remaining == cloud.Count ? cloud.Clone() : cloud.Where(pass.Alive);
        return new CleaningResult(survivors, new CleaningReport(cloud.Count, rows));
    }
}
