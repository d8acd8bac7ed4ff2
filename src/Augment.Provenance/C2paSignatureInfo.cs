namespace Augment.Provenance;

/// <summary>Who signed a claim, and when (from the signing certificate and the timestamp token).</summary>
/// <param name="Algorithm">The C2PA algorithm name (<c>Es256</c>, <c>Ps256</c>, ...), or the COSE id as text.</param>
/// <param name="Issuer">The signer's organisation (subject O), as the reference reader reports it.</param>
/// <param name="CommonName">The signer's subject common name.</param>
/// <param name="SerialNumber">The certificate serial number in decimal.</param>
/// <param name="Time">The time from a matching timestamp token, or null.</param>
public sealed record C2paSignatureInfo(string Algorithm, string? Issuer, string? CommonName, string SerialNumber, DateTimeOffset? Time);
