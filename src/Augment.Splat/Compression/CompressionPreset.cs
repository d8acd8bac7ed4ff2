namespace Augment.Splat.Compression;

/// <summary>
/// A named compression recipe: the in-memory steps; the file format's own quantisation happens when
/// <see cref="SplatCompression"/> writes the result (SOG, <c>.sog</c>, is the recommended format for phones).
/// </summary>
/// <param name="Name">Short name, as the CLI's <c>--preset</c> spells it.</param>
/// <param name="Options">The steps and budget.</param>
public sealed record CompressionPreset(string Name, CompressionOptions Options)
{
    /// <summary>
    /// For phones, view-dependent colour kept: drops the least important 15% of splats (alpha x volume), keeps the SH
    /// degree and vector-quantises the rest coefficients to a 4,096-entry palette (which SOG then stores exactly), Morton
    /// order. Aimed at 15x or more against the source PLY when written as SOG, with at most 1 dB PSNR drop over 16 views.
    /// </summary>
    public static CompressionPreset Mobile { get; } = new("mobile", new CompressionBuilder().PruneToFraction(0.85).QuantizeSh(4096).SortMorton().Options);

    /// <summary>
    /// Smaller still: keeps the more important 75% of splats, lowers SH to degree 1 with clamp compensation and quantises
    /// it to a 4,096-entry palette, Morton order. Aimed at 25x or more against the source PLY when written as SOG.
    /// </summary>
    public static CompressionPreset Small { get; } = new("small", new CompressionBuilder().PruneToFraction(0.75).ReduceShDegree(1).QuantizeSh(4096).SortMorton().Options);

    /// <summary>The presets by name: "mobile" and "small".</summary>
    public static IReadOnlyList<CompressionPreset> All { get; } = [Mobile, Small];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static CompressionPreset Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var preset in All)
        {
            if (string.Equals(preset.Name, name, StringComparison.OrdinalIgnoreCase))
                return preset;
        }
        throw new ArgumentException($"There is no compression preset '{name}'; use mobile or small.", nameof(name));
    }
}
