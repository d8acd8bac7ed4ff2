using System.Diagnostics;

namespace Augment.Splat.Compression;

/// <summary>Compression of a <see cref="GaussianCloud"/> in memory: <c>var (small, steps) = cloud.Compress(c =&gt; c.PruneToFraction(0.7).QuantizeSh(4096));</c>. <see cref="SplatCompression"/> also writes and measures.</summary>
public static class CompressionExtensions
{
    /// <summary>Runs the steps the builder describes; the input is not modified.</summary>
    /// <param name="cloud">The cloud to compress.</param>
    /// <param name="configure">Describes the steps, e.g. <c>c =&gt; c.PruneToFraction(0.7).ReduceShDegree(2).QuantizeSh(4096).SortMorton()</c>.</param>
    /// <param name="progress">Receives one report per finished step (stage "compress").</param>
    /// <param name="cancellationToken">Stops the run between and within steps.</param>
    public static CompressionResult Compress(this GaussianCloud cloud, Func<CompressionBuilder, CompressionBuilder> configure, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = configure(new CompressionBuilder()) ?? throw new ArgumentException("The configure function returned null.", nameof(configure));
        return cloud.Compress(builder.Options, progress, cancellationToken);
    }

    /// <summary>Runs the steps of <paramref name="options"/> in order; the input is not modified.</summary>
    /// <param name="cloud">The cloud to compress.</param>
    /// <param name="options">The steps and the budget.</param>
    /// <param name="progress">Receives one report per finished step (stage "compress").</param>
    /// <param name="cancellationToken">Stops the run between and within steps.</param>
    /// <exception cref="ArgumentException">A step's parameter is out of range (checked before anything runs).</exception>
    /// <exception cref="ResourceLimitException">A step's working memory would exceed the budget.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static CompressionResult Compress(this GaussianCloud cloud, CompressionOptions options, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
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
        var context = new CompressionContext(options.Budget, cancellationToken);
        var rows = new List<CompressionStepResult>(options.Steps.Count);
        progress?.Report(AugmentProgress.Items("compress", 0, options.Steps.Count));
        var current = cloud;
        foreach (var step in options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var next = step.Apply(current, context, out var detail);
            rows.Add(new CompressionStepResult(step.Name, current.Count, next.Count, next.ShDegree, detail, Stopwatch.GetElapsedTime(started)));
            current = next;
            progress?.Report(AugmentProgress.Items("compress", rows.Count, options.Steps.Count));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return new CompressionResult(ReferenceEquals(current, cloud) ? cloud.Clone() : current, rows);
    }
}
