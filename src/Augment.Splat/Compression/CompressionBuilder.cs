namespace Augment.Splat.Compression;

/// <summary>
/// Fluent description of a compression run, read like the task:
/// <c>c =&gt; c.PruneToFraction(0.7).ReduceShDegree(2).QuantizeSh(4096).SortMorton()</c>. Each call appends one step
/// to <see cref="Options"/>; nothing runs until
/// <see cref="CompressionExtensions.Compress(GaussianCloud, Func{CompressionBuilder, CompressionBuilder}, IProgress{AugmentProgress}?, CancellationToken)"/>.
/// </summary>
public sealed class CompressionBuilder
{
    /// <summary>A builder that starts from <paramref name="options"/> (empty when null).</summary>
    public CompressionBuilder(CompressionOptions? options = null) => Options = options ?? new CompressionOptions();

    /// <summary>The run described so far.</summary>
    public CompressionOptions Options { get; private set; }

    /// <summary>Appends any step.</summary>
    public CompressionBuilder Add(CompressionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        step.Validate();
        Options = Options with { Steps = [.. Options.Steps, step] };
        return this;
    }

    /// <summary>Threads and memory the run may use.</summary>
    public CompressionBuilder WithBudget(ComputeBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Options = Options with { Budget = budget };
        return this;
    }

    /// <summary>
    /// Keeps the most important <paramref name="fraction"/> of the splats (0 to 1, rounded to a count): by alpha x volume,
    /// or by rendered contribution to <paramref name="views"/> when given.
    /// </summary>
    public CompressionBuilder PruneToFraction(double fraction, IReadOnlyList<PinholeCamera>? views = null) =>
        Add(new PruneStep { KeepFraction = fraction, Views = views });

    /// <summary>Keeps the <paramref name="count"/> most important splats (alpha x volume, or coverage of <paramref name="views"/>).</summary>
    public CompressionBuilder PruneToCount(int count, IReadOnlyList<PinholeCamera>? views = null) =>
        Add(new PruneStep { KeepCount = count, Views = views });

    /// <summary>Lowers the SH degree to <paramref name="degree"/> (0 to 3), refitting the kept coefficients to the clamped colour unless <paramref name="compensateClamp"/> is false.</summary>
    public CompressionBuilder ReduceShDegree(int degree, bool compensateClamp = true) =>
        Add(new ShDegreeStep(degree) { CompensateClamp = compensateClamp });

    /// <summary>Vector-quantises the SH rest coefficients to at most <paramref name="paletteSize"/> entries (k-means, <paramref name="iterations"/> Lloyd passes, k-means++ from <paramref name="seed"/>).</summary>
    public CompressionBuilder QuantizeSh(int paletteSize, int iterations = 10, int seed = 0) =>
        Add(new ShQuantizationStep(paletteSize) { Iterations = iterations, Seed = seed });

    /// <summary>Reorders the splats along the Morton curve of their centres.</summary>
    public CompressionBuilder SortMorton() => Add(new MortonOrderStep());
}
