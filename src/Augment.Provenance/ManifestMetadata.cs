namespace Augment.Provenance;

/// <summary>
/// Who made the asset and who holds its rights, written as the CAWG metadata assertion (<c>cawg.metadata</c>, JSON-LD
/// with Dublin Core, XMP Rights and Photoshop terms). C2PA 2.x deprecates <c>stds.schema-org.CreativeWork</c> and
/// limits <c>c2pa.metadata</c> to capture metadata; authorship and rights go to this assertion instead.
/// </summary>
public sealed record ManifestMetadata
{
    /// <summary>The creators' names (<c>dc:creator</c>).</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The copyright notice (<c>dc:rights</c>), or null.</summary>
    public string? Copyright { get; init; }

    /// <summary>The credit line (<c>photoshop:Credit</c>), or null.</summary>
    public string? Credit { get; init; }

    /// <summary>A web page about the work or its rights (<c>xmpRights:WebStatement</c>), or null.</summary>
    public Uri? Url { get; init; }

    /// <summary>True when no field is set (nothing is written).</summary>
    public bool IsEmpty => Authors.Count == 0 && Copyright is null && Credit is null && Url is null;
}
