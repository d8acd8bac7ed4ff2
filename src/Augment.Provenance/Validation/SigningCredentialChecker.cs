using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance.Validation;

/// <summary>
/// Signing-certificate rules (C2PA 2.1, section 14.5.1) and trust (section 14.4): the signer is an end entity
/// with digitalSignature key usage and one of the allowed extended key usages, and, when the caller gives trust
/// anchors, its chain (built from <c>x5chain</c>) reaches one of them.
/// </summary>
internal static class SigningCredentialChecker
{
    // emailProtection, documentSigning, timeStamping, OCSPSigning, C2PA claim signing (C2PA 2.1, 14.5.1).
    private static readonly string[] AllowedEku =
    [
        "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9", "1.3.6.1.4.1.62558.2.1",
    ];
    private const string AnyEku = "2.5.29.37.0";

    /// <summary>Why the signer's certificate may not sign claims, or null when it may.</summary>
    public static string? Problem(X509Certificate2 signer)
    {
        try
        {
            return Check(signer);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return "the signing certificate's extensions do not decode: " + ex.Message;
        }
    }

    private static string? Check(X509Certificate2 signer)
    {
        var hasEku = false;
        foreach (var extension in signer.Extensions)
        {
            switch (extension)
            {
                case X509BasicConstraintsExtension basic when basic.CertificateAuthority:
                    return "the signing certificate is a CA certificate";
                case X509KeyUsageExtension usage when (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0:
                    return "the signing certificate lacks the digitalSignature key usage";
                case X509EnhancedKeyUsageExtension eku:
                    hasEku = true;
                    var allowed = false;
                    foreach (var oid in eku.EnhancedKeyUsages)
                    {
                        if (oid.Value == AnyEku)
                            return "the signing certificate allows any extended key usage";
                        allowed |= Array.IndexOf(AllowedEku, oid.Value) >= 0;
                    }
                    if (!allowed)
                        return "the signing certificate has no extended key usage that C2PA allows";
                    break;
            }
        }
        return hasEku ? null : "the signing certificate has no extended key usage extension";
    }

    /// <summary>True when the chain from <paramref name="chain"/>[0] reaches one of <paramref name="anchors"/>.</summary>
    /// <param name="chain">The x5chain, signer first.</param>
    /// <param name="anchors">Trusted certificates (roots, intermediates or the signer itself).</param>
    /// <param name="at">The time to check validity at.</param>
    public static bool IsTrusted(IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset at)
    {
        if (anchors.Count == 0 || chain.Count == 0)
            return false;
        try
        {
            return BuildsToAnchor(chain, anchors, at);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static bool BuildsToAnchor(IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset at)
    {
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.VerificationTime = at.UtcDateTime;
        x509.ChainPolicy.VerificationTimeIgnored = false;
        foreach (var anchor in anchors)
            x509.ChainPolicy.CustomTrustStore.Add(anchor);
        for (var i = 1; i < chain.Count; i++)
            x509.ChainPolicy.ExtraStore.Add(chain[i]);
        if (x509.Build(chain[0]))
            return true;
        // An anchor below a root (an intermediate, or the signer itself) ends a partial chain: accept it when every
        // link that was built verified and only the missing root is reported.
        foreach (var status in x509.ChainStatus)
        {
            if (status.Status is not (X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.NoError))
                return false;
        }
        foreach (var element in x509.ChainElements)
        {
            foreach (var anchor in anchors)
            {
                if (element.Certificate.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span))
                    return true;
            }
        }
        return false;
    }
}
