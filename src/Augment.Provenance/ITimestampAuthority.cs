using System.Security.Cryptography;

namespace Augment.Provenance;

/// <summary>
/// An RFC 3161 time-stamping authority, called once the claim is signed. Augment builds the message (the COSE
/// countersignature structure over the claim signature, C2PA 2.1, section 14.5 <c>sigTst2</c>) and asks for a token
/// over its digest; how the request reaches the TSA (HTTP, a local service, an offline test authority) is up to the
/// implementation. With <see cref="System.Security.Cryptography.Pkcs.Rfc3161TimestampRequest"/> an HTTP client is a few lines:
/// <code>
/// var request = Rfc3161TimestampRequest.CreateFromHash(imprint, hashAlgorithm, requestSignerCertificates: true);
/// using var content = new ByteArrayContent(request.Encode());
/// content.Headers.ContentType = new("application/timestamp-query");
/// var response = http.Send(new HttpRequestMessage(HttpMethod.Post, tsaUrl) { Content = content });
/// return request.ProcessResponse(response.Content.ReadAsByteArrayAsync().Result, out _).AsSignedCms().Encode();
/// </code>
/// </summary>
public interface ITimestampAuthority
{
    /// <summary>A DER-encoded <c>TimeStampToken</c> (a CMS SignedData over a TSTInfo) whose message imprint is
    /// <paramref name="messageImprint"/>.</summary>
    /// <param name="messageImprint">The digest of the message to timestamp.</param>
    /// <param name="hashAlgorithm">The digest algorithm (SHA-256).</param>
    byte[] RequestToken(ReadOnlyMemory<byte> messageImprint, HashAlgorithmName hashAlgorithm);
}
