using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance;

/// <summary>The three PEM files <see cref="DevelopmentCertificates.Create(string, C2paSigningAlgorithm, TimeSpan?, string?)"/> writes.</summary>
/// <param name="ChainPath">The signing certificate (pass to <see cref="LocalC2paSigner.FromPemFiles"/> as the chain).</param>
/// <param name="KeyPath">Its private key, PKCS#8 PEM, unencrypted: keep it out of source control.</param>
/// <param name="RootPath">The root CA certificate: the trust anchor to verify with (<see cref="CredentialsReadOptions.WithTrustAnchorsFrom"/>).</param>
public sealed record DevelopmentCertificateFiles(string ChainPath, string KeyPath, string RootPath);

/// <summary>
/// A throw-away certificate authority for development and tests: a self-signed ECDSA P-256 root (CA, keyCertSign) and
/// a signing certificate it issues with the key usages C2PA asks of claim signers (digitalSignature, nonRepudiation,
/// extended key usage emailProtection, not a CA). Files signed with it validate as Trusted only where its root is given
/// as a trust anchor — never use it for anything you publish.
/// </summary>
public static class DevelopmentCertificates
{
    /// <summary>The extended key usage written into the signing certificate: emailProtection (1.3.6.1.5.5.7.3.4), one of those C2PA accepts.</summary>
    public const string SigningEku = "1.3.6.1.5.5.7.3.4";

    /// <summary>
    /// Writes <c>chain.pem</c>, <c>key.pem</c> and <c>root.pem</c> into <paramref name="folder"/> (created when missing; each file
    /// written atomically). The signing key is ECDSA P-256 for <see cref="C2paSigningAlgorithm.Es256"/>, P-384 for Es384, P-521
    /// for Es512, and RSA 2048 for the PS algorithms.
    /// </summary>
    /// <param name="folder">Where the files go; existing files of those names are replaced.</param>
    /// <param name="algorithm">The algorithm the signer will use.</param>
    /// <param name="validity">How long the signing certificate is valid (default 180 days; the root lasts a year longer).</param>
    /// <param name="subject">The signing certificate's subject (default "CN=Augment Development Signer, O=Augment Development").</param>
    public static DevelopmentCertificateFiles Create(string folder, C2paSigningAlgorithm algorithm = C2paSigningAlgorithm.Es256, TimeSpan? validity = null, string? subject = null) =>
        Create(folder, algorithm, validity, subject, SigningEku);

    /// <summary>As the public overload, with another extended key usage (tests make wrongly issued signers with it).</summary>
    internal static DevelopmentCertificateFiles Create(string folder, C2paSigningAlgorithm algorithm, TimeSpan? validity, string? subject, string eku)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var lifetime = validity ?? TimeSpan.FromDays(180);
        if (lifetime <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "validity must be positive.");
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;

        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Augment Development Root, O=Augment Development", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.Add(lifetime).AddYears(1));

        using AsymmetricAlgorithm key = algorithm switch
        {
            C2paSigningAlgorithm.Es256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            C2paSigningAlgorithm.Es384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            C2paSigningAlgorithm.Es512 => ECDsa.Create(ECCurve.NamedCurves.nistP521),
            _ => RSA.Create(2048),
        };
        var name = subject ?? "CN=Augment Development Signer, O=Augment Development";
        var leafRequest = key is ECDsa ecdsa
            ? new CertificateRequest(name, ecdsa, HashAlgorithmName.SHA256)
            : new CertificateRequest(name, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], true));
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        // The root's ECDSA key signs the leaf whatever the leaf's own key type.
        using var leaf = leafRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddHours(-1), now.Add(lifetime), RandomNumberGenerator.GetBytes(12));

        var files = new DevelopmentCertificateFiles(Path.Combine(folder, "chain.pem"), Path.Combine(folder, "key.pem"), Path.Combine(folder, "root.pem"));
        AtomicFile.WriteAllText(files.ChainPath, leaf.ExportCertificatePem() + "\n");
        AtomicFile.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        AtomicFile.WriteAllText(files.RootPath, root.ExportCertificatePem() + "\n");
        return files;
    }
}
