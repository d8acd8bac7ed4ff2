namespace Augment.Splat.Cleaning;

/// <summary>
/// A named cleaning recipe for a finished scene (e.g. straight out of training), as the CLI's <c>--preset</c> /
/// <c>--clean</c> spell it. Both start with the steps every reader of untrusted data needs (non-finite and degenerate
/// splats) and drop splats no renderer draws (alpha below 1/255, the threshold at which rasterisers skip a splat).
/// </summary>
/// <param name="Name">Short name: "standard" or "strict".</param>
/// <param name="Options">The steps.</param>
public sealed record CleaningPreset(string Name, CleaningOptions Options)
{
    /// <summary>The alpha below which a splat contributes nothing to an 8-bit render (1/255).</summary>
    public const float InvisibleAlpha = 1f / 255f;

    /// <summary>
    /// Non-finite, degenerate and invisible splats, then floaters (voxel clusters lighter than 1% of the largest,
    /// automatic voxel size). Safe for any scene: what it removes is either undrawable or detached from the scene.
    /// </summary>
    public static CleaningPreset Standard { get; } = new("standard",
        new CleaningBuilder().RemoveNonFinite().RemoveDegenerate().MinOpacity(InvisibleAlpha).RemoveFloaters().Options);

    /// <summary>
    /// <see cref="Standard"/> plus statistical outlier removal (16 neighbours, 2 standard deviations): also thins sparse
    /// haze around the scene, at the risk of removing thin real structure (wires, branches) — compare previews.
    /// </summary>
    public static CleaningPreset Strict { get; } = new("strict",
        new CleaningBuilder().RemoveNonFinite().RemoveDegenerate().MinOpacity(InvisibleAlpha).RemoveOutliers().RemoveFloaters().Options);

    /// <summary>The presets by name: "standard" and "strict".</summary>
    public static IReadOnlyList<CleaningPreset> All { get; } = [Standard, Strict];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static CleaningPreset Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var preset in All)
        {
            if (string.Equals(preset.Name, name, StringComparison.OrdinalIgnoreCase))
                return preset;
        }
        throw new ArgumentException($"There is no cleaning preset '{name}'; use standard or strict.", nameof(name));
    }
}
