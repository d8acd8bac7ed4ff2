using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance;

/// <summary>
/// Signs C2PA claims. Implement it to keep the key in an HSM or a cloud KMS: Augment builds the COSE
/// <c>Sig_structure</c> and asks only for the raw signature over it.
/// </summary>
public interface IC2paSigner
{
    /// <summary>The algorithm <see cref="Sign"/> uses.</summary>
    C2paSigningAlgorithm Algorithm { get; }

    /// <summary>The signing certificate first, then its intermediates (not the root), as written to <c>x5chain</c>.</summary>
    IReadOnlyList<X509Certificate2> CertificateChain { get; }

    /// <summary>Signs <paramref name="toBeSigned"/>: ECDSA as IEEE P1363 <c>r || s</c>, RSA as RSASSA-PSS (salt = hash length).</summary>
    /// <param name="toBeSigned">The encoded COSE Sig_structure.</param>
    byte[] Sign(ReadOnlySpan<byte> toBeSigned);
}
