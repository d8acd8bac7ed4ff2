namespace Augment.Provenance;

/// <summary>One manifest of a store, decoded for reading (its validation lives in <see cref="CredentialsReport"/>).</summary>
public sealed class C2paManifest
{
    /// <summary>The manifest label (its URN).</summary>
    public required string Label { get; init; }

    /// <summary>1 for <c>c2pa.claim</c>, 2 for <c>c2pa.claim.v2</c>; 0 when the claim could not be read.</summary>
    public required int ClaimVersion { get; init; }

    /// <summary>The v1 claim generator string, or null.</summary>
    public string? ClaimGenerator { get; init; }

    /// <summary>The claim generator entries as <c>name</c> or <c>name/version</c>.</summary>
    public IReadOnlyList<string> ClaimGeneratorInfo { get; init; } = [];

    /// <summary>The title, or null.</summary>
    public string? Title { get; init; }

    /// <summary>The media type, or null.</summary>
    public string? Format { get; init; }

    /// <summary>The instance id, or null.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The actions of every actions assertion, in order.</summary>
    public IReadOnlyList<C2paAction> Actions { get; init; } = [];

    /// <summary>The ingredients.</summary>
    public IReadOnlyList<C2paIngredient> Ingredients { get; init; } = [];

    /// <summary>The labels of every assertion in the assertion store.</summary>
    public IReadOnlyList<string> AssertionLabels { get; init; } = [];

    /// <summary>The claim thumbnail, or null.</summary>
    public C2paThumbnail? Thumbnail { get; init; }

    /// <summary>The soft bindings (<c>c2pa.soft-binding</c>): watermark payloads or fingerprints, one per block.</summary>
    public IReadOnlyList<C2paSoftBinding> SoftBindings { get; init; } = [];

    /// <summary>Authorship and rights from a <c>cawg.metadata</c> assertion, or null.</summary>
    public ManifestMetadata? Metadata { get; init; }

    /// <summary>The signer, or null when the signature could not be read.</summary>
    public C2paSignatureInfo? Signature { get; init; }

    /// <summary>Assertions shown as data in the JSON report: label, JSON text.</summary>
    internal IReadOnlyList<(string Label, string Json)> DataAssertions { get; init; } = [];

    /// <summary>Ingredient assertions as JSON text (for the report).</summary>
    internal IReadOnlyList<string> IngredientJson { get; init; } = [];
}
