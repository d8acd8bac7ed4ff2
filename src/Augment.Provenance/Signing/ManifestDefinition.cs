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

    /// <summary>Soft bindings (<c>c2pa.soft-binding</c>): watermark payloads or fingerprints by which the manifest can be
    /// found again after the asset's metadata is stripped.</summary>
    public IReadOnlyList<C2paSoftBinding> SoftBindings { get; init; } = [];

    /// <summary>The claim thumbnail (<c>c2pa.thumbnail.claim.jpeg</c>/<c>.png</c>), or null for none.</summary>
    public ManifestThumbnail? Thumbnail { get; init; }

    /// <summary>Authorship and rights (<c>cawg.metadata</c>), or null for none.</summary>
    public ManifestMetadata? Metadata { get; init; }

    /// <summary>Other assets placed into this one (<c>componentOf</c>) or used to make it (<c>inputTo</c>); each gets a
    /// <c>c2pa.ingredient.v3</c> assertion and a <c>c2pa.placed</c> action that references it.</summary>
    public IReadOnlyList<ManifestIngredient> Ingredients { get; init; } = [];

    /// <summary>When set, an RFC 3161 timestamp of the claim signature is requested from it and stored in the COSE
    /// unprotected header (<c>sigTst2</c>); the authority is called twice per signature (once to size the signature, once
    /// for the final token).</summary>
    public ITimestampAuthority? TimestampAuthority { get; init; }
}
