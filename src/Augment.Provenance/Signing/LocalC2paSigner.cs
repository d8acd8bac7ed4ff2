using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance;

/// <summary>An <see cref="IC2paSigner"/> over a key held in memory (PEM files or a PKCS#12/PFX file).</summary>
public sealed class LocalC2paSigner : IC2paSigner, IDisposable
{
    private readonly AsymmetricAlgorithm _key;
    private readonly List<X509Certificate2> _chain;

    private LocalC2paSigner(AsymmetricAlgorithm key, List<X509Certificate2> chain, C2paSigningAlgorithm algorithm)
    {
        _key = key;
        _chain = chain;
        Algorithm = algorithm;
    }

    /// <inheritdoc/>
    public C2paSigningAlgorithm Algorithm { get; }

    /// <inheritdoc/>
    public IReadOnlyList<X509Certificate2> CertificateChain => _chain;

    /// <summary>Loads a certificate chain (PEM, signer first) and its private key (PEM, PKCS#8 or SEC1/PKCS#1).</summary>
    /// <param name="certificateChainPemPath">The chain file.</param>
    /// <param name="privateKeyPemPath">The key file.</param>
    /// <param name="rsaAlgorithm">The PSS variant for an RSA key (ECDSA keys pick the algorithm from their curve).</param>
    public static LocalC2paSigner FromPemFiles(string certificateChainPemPath, string privateKeyPemPath, C2paSigningAlgorithm rsaAlgorithm = C2paSigningAlgorithm.Ps256)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificateChainPemPath);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPemPath);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(certificateChainPemPath);
        if (collection.Count == 0)
            throw new InvalidMediaException(certificateChainPemPath, -1, "no CERTIFICATE block");
        var chain = new List<X509Certificate2>(collection.Count);
        foreach (var certificate in collection)
            chain.Add(certificate);
        var pem = File.ReadAllText(privateKeyPemPath);
        var leafKey = chain[0].PublicKey.Oid.Value;
        if (leafKey == "1.2.840.10045.2.1")
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            var algorithm = ecdsa.KeySize switch
            {
                256 => C2paSigningAlgorithm.Es256,
                384 => C2paSigningAlgorithm.Es384,
                521 => C2paSigningAlgorithm.Es512,
                _ => throw new InvalidMediaException(privateKeyPemPath, -1, $"ECDSA key of {ecdsa.KeySize} bits; C2PA allows P-256, P-384 and P-521"),
            };
            return new LocalC2paSigner(ecdsa, chain, algorithm);
        }
        if (rsaAlgorithm is not (C2paSigningAlgorithm.Ps256 or C2paSigningAlgorithm.Ps384 or C2paSigningAlgorithm.Ps512))
            throw new ArgumentOutOfRangeException(nameof(rsaAlgorithm), rsaAlgorithm, "an RSA key signs with PS256, PS384 or PS512.");
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new LocalC2paSigner(rsa, chain, rsaAlgorithm);
    }

    /// <summary>
    /// Loads a PKCS#12 (.pfx/.p12) file: the certificate with a private key is the signer, the other certificates in the
    /// file are its chain (ordered signer first by following issuers; a self-signed root is left out, as C2PA asks).
    /// </summary>
    /// <param name="pfxPath">The PKCS#12 file.</param>
    /// <param name="password">Its password, or null when it has none.</param>
    /// <param name="rsaAlgorithm">The PSS variant for an RSA key (ECDSA keys pick the algorithm from their curve).</param>
    /// <exception cref="InvalidMediaException">The file holds no certificate with a private key, or a key C2PA does not allow.</exception>
    public static LocalC2paSigner FromPfxFile(string pfxPath, string? password = null, C2paSigningAlgorithm rsaAlgorithm = C2paSigningAlgorithm.Ps256)
    {
        ArgumentException.ThrowIfNullOrEmpty(pfxPath);
        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(pfxPath, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidMediaException(pfxPath, -1, $"not a readable PKCS#12 file ({e.Message})");
        }
        X509Certificate2? leaf = null;
        foreach (var certificate in collection)
        {
            if (certificate.HasPrivateKey)
            {
                leaf = certificate;
                break;
            }
        }
        if (leaf is null)
            throw new InvalidMediaException(pfxPath, -1, "no certificate with a private key");
        var chain = new List<X509Certificate2> { leaf };
        var current = leaf;
        while (chain.Count <= collection.Count)
        {
            X509Certificate2? issuer = null;
            foreach (var candidate in collection)
            {
                if (!chain.Contains(candidate) && candidate.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData))
                    issuer = candidate;
            }
            if (issuer is null || issuer.SubjectName.RawData.AsSpan().SequenceEqual(issuer.IssuerName.RawData))
                break;
            chain.Add(issuer);
            current = issuer;
        }
        if (leaf.GetECDsaPrivateKey() is { } ecdsa)
        {
            var algorithm = ecdsa.KeySize switch
            {
                256 => C2paSigningAlgorithm.Es256,
                384 => C2paSigningAlgorithm.Es384,
                521 => C2paSigningAlgorithm.Es512,
                _ => throw new InvalidMediaException(pfxPath, -1, $"ECDSA key of {ecdsa.KeySize} bits; C2PA allows P-256, P-384 and P-521"),
            };
            return new LocalC2paSigner(ecdsa, chain, algorithm);
        }
        if (leaf.GetRSAPrivateKey() is { } rsa)
        {
            if (rsaAlgorithm is not (C2paSigningAlgorithm.Ps256 or C2paSigningAlgorithm.Ps384 or C2paSigningAlgorithm.Ps512))
                throw new ArgumentOutOfRangeException(nameof(rsaAlgorithm), rsaAlgorithm, "an RSA key signs with PS256, PS384 or PS512.");
            return new LocalC2paSigner(rsa, chain, rsaAlgorithm);
        }
        throw new InvalidMediaException(pfxPath, -1, "the private key is neither ECDSA nor RSA (Ed25519 is not supported by .NET)");
    }

    /// <inheritdoc/>
    public byte[] Sign(ReadOnlySpan<byte> toBeSigned)
    {
        var hash = Algorithm switch
        {
            C2paSigningAlgorithm.Es384 or C2paSigningAlgorithm.Ps384 => HashAlgorithmName.SHA384,
            C2paSigningAlgorithm.Es512 or C2paSigningAlgorithm.Ps512 => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        return _key switch
        {
            ECDsa ecdsa => ecdsa.SignData(toBeSigned, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            RSA rsa => rsa.SignData(toBeSigned.ToArray(), hash, RSASignaturePadding.Pss),
            _ => throw new InvalidOperationException("unsupported key type"),
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _key.Dispose();
        foreach (var certificate in _chain)
            certificate.Dispose();
    }
}
