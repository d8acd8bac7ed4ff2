namespace Augment.Provenance;

/// <summary>A thumbnail assertion (<c>c2pa.thumbnail.claim.*</c> or <c>c2pa.thumbnail.ingredient.*</c>).</summary>
/// <param name="Label">The assertion label.</param>
/// <param name="Format">Its media type (e.g. <c>image/jpeg</c>).</param>
/// <param name="Identifier">Its JUMBF URI.</param>
/// <param name="Data">The encoded image.</param>
public sealed record C2paThumbnail(string Label, string Format, string Identifier, ReadOnlyMemory<byte> Data);
