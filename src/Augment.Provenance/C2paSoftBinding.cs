namespace Augment.Provenance;

/// <summary>
/// A soft binding (<c>c2pa.soft-binding</c>, C2PA 2.1, section 18.9): a value computed from the asset's content by a
/// named algorithm (an invisible watermark's payload, a fingerprint) that survives metadata stripping and re-encoding,
/// so the manifest can be found again in a repository. Augment writes one block whose scope is the whole asset.
/// <code>
/// var binding = new C2paSoftBinding(ImageWatermark.AlgorithmName, payload.ToBytes());
/// </code>
/// </summary>
/// <param name="Algorithm">The algorithm identifier (<c>alg</c>), e.g. <see cref="Watermarks.ImageWatermark.AlgorithmName"/>.</param>
/// <param name="Value">The algorithm's value for the asset (written as base64 text, as the reference reader types it).</param>
public sealed record C2paSoftBinding(string Algorithm, ReadOnlyMemory<byte> Value)
{
    /// <summary>The value as lowercase hexadecimal (how repositories index it).</summary>
    public string ValueHex => Convert.ToHexStringLower(Value.Span);

    /// <inheritdoc/>
    public bool Equals(C2paSoftBinding? other) =>
        other is not null && Algorithm == other.Algorithm && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Algorithm, ValueHex);
}
