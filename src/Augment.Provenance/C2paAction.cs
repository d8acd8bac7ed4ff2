namespace Augment.Provenance;

/// <summary>One entry of a <c>c2pa.actions</c> / <c>c2pa.actions.v2</c> assertion (C2PA 2.1, section 18.8).</summary>
/// <param name="Action">The action, e.g. <c>c2pa.created</c>, <c>c2pa.color_adjustments</c>.</param>
/// <param name="DigitalSourceType">The IPTC digital source type URI, e.g.
/// <c>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia</c>, or null.</param>
/// <param name="SoftwareAgent">The software that performed it (name, or name and version), or null.</param>
/// <param name="When">The time it was performed as written (ISO 8601), or null.</param>
/// <param name="Description">A free-text description, or null.</param>
public sealed record C2paAction(string Action, string? DigitalSourceType, string? SoftwareAgent, string? When, string? Description)
{
    /// <summary>The last segment of <see cref="DigitalSourceType"/> (e.g. <c>trainedAlgorithmicMedia</c>), or null.</summary>
    public string? DigitalSourceTypeName => DigitalSourceType is null ? null : DigitalSourceType[(DigitalSourceType.LastIndexOf('/') + 1)..];
}
