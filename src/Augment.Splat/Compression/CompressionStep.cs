namespace Augment.Splat.Compression;

/// <summary>One step of a compression run (prune, reduce SH degree, quantise SH, reorder); <see cref="CompressionBuilder"/> makes them.</summary>
public abstract record CompressionStep
{
    /// <summary>The step and its parameters, as the report shows it.</summary>
    public abstract string Name { get; }

    /// <summary>Throws <see cref="ArgumentException"/> when a parameter is out of range; runs before any step does.</summary>
    internal abstract void Validate();

    /// <summary>Runs the step on <paramref name="cloud"/> and returns the new cloud, with a short note for the report.</summary>
    internal abstract GaussianCloud Apply(GaussianCloud cloud, CompressionContext context, out string detail);
}
