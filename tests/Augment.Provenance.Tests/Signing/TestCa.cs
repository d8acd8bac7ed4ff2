using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance.Tests.Signing;

/// <summary>Makes a root CA + signing certificate (C2PA EKUs) with .NET's CertificateRequest, written as PEM.</summary>
internal static class TestCa
{
    public static (string ChainPem, string KeyPem, string RootPem) Create(string folder, C2paSigningAlgorithm algorithm, string eku = "1.3.6.1.5.5.7.3.4")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Augment Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        AsymmetricAlgorithm key = algorithm switch
        {
            C2paSigningAlgorithm.Es256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            C2paSigningAlgorithm.Es384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            _ => RSA.Create(2048),
        };
        using (key)
        {
            var leafRequest = key is ECDsa ecdsa
                ? new CertificateRequest("CN=Augment Test Signer, O=Augment Tests", ecdsa, HashAlgorithmName.SHA256)
                : new CertificateRequest("CN=Augment Test Signer, O=Augment Tests", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], true));
            // The root's ECDSA key signs the leaf whatever the leaf's key type.
            using var leaf = leafRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(6), RandomNumberGenerator.GetBytes(12));
            var chain = Path.Combine(folder, "chain.pem");
            var keyPath = Path.Combine(folder, "key.pem");
            var rootPath = Path.Combine(folder, "root.pem");
            File.WriteAllText(chain, leaf.ExportCertificatePem() + "\n");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
            File.WriteAllText(rootPath, root.ExportCertificatePem() + "\n");
            return (chain, keyPath, rootPath);
        }
    }
}
