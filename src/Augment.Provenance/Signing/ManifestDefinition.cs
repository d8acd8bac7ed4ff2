namespace Augment.Provenance;

/// <summary>What a new manifest says about the asset it is embedded in.</summary>
public sealed record ManifestDefinition
{
    /// <summary>The asset's title (usually its file name), or null.</summary>
    public string? Title { get; init; }

    /// <summary>The claim generator's name (<c>claim_generator_info.name</c>).</summary>
    public string ClaimGeneratorName { get; init; } = "Augment";

    /// <summary>The claim generator's version, or null.</summary>
    public string? ClaimGeneratorVersion { get; init; } = typeof(ManifestDefinition).Assembly.GetName().Version?.ToString(3);

    /// <summary>The actions written into <c>c2pa.actions.v2</c> (at least one: C2PA requires a created or opened action).</summary>
    public IReadOnlyList<C2paAction> Actions { get; init; } = [];
}
