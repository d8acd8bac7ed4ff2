using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance.Tests.Signing;

/// <summary>
/// An offline RFC 3161 time-stamping authority for tests: a throw-away CA issues a certificate with the critical
/// timeStamping EKU, and each request gets a real TimeStampToken (CMS SignedData, RFC 5652, over a DER TSTInfo written
/// here from RFC 3161, section 2.4.2, with the ESS signing-certificate-v2 attribute that RFC 5816 requires).
/// </summary>
internal sealed class TestTimestampAuthority : ITimestampAuthority, IDisposable
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private readonly ECDsa _key;
    private long _serial = 1;

    public TestTimestampAuthority(DateTimeOffset? time = null, bool corruptImprint = false)
    {
        // Whole seconds a minute ago: never in the future, and every token of this authority has the same length.
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        Time = time ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        CorruptImprint = corruptImprint;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Augment Test TSA Root, O=Augment Tests", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Root = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(5));
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Augment Test TSA, O=Augment Tests", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(TimeStampingEku)], critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // The C2PA certificate profile (2.1, section 14.5.1) wants an authority key identifier on every issued certificate.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(Root, DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(4), [1, 2, 3, 4, 5, 6, 7, 9]);
        Certificate = issued.CopyWithPrivateKey(_key);
    }

    public X509Certificate2 Root { get; }
    public X509Certificate2 Certificate { get; }
    public DateTimeOffset Time { get; }
    public bool CorruptImprint { get; }
    public int Requests { get; private set; }

    public byte[] RequestToken(ReadOnlyMemory<byte> messageImprint, HashAlgorithmName hashAlgorithm)
    {
        Assert.Equal(HashAlgorithmName.SHA256, hashAlgorithm);
        Requests++;
        var imprint = messageImprint.ToArray();
        if (CorruptImprint)
            imprint[0] ^= 0xFF;
        var content = new ContentInfo(new Oid(TstInfoContentType), TstInfo(imprint, _serial++));
        var cms = new SignedCms(content, detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Certificate)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(SigningCertificateV2), SigningCertificateV2Value()));
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    /// <summary>TSTInfo ::= SEQUENCE { version 1, policy, messageImprint, serialNumber, genTime } (RFC 3161, section 2.4.2).</summary>
    private byte[] TstInfo(byte[] imprint, long serial)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteObjectIdentifier("1.3.6.1.4.1.99999.1.1");
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Sha256Oid);
                    writer.WriteNull();
                }
                writer.WriteOctetString(imprint);
            }
            writer.WriteInteger(serial);
            writer.WriteGeneralizedTime(Time, omitFractionalSeconds: true);
        }
        return writer.Encode();
    }

    /// <summary>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256 default) } } (RFC 5035).</summary>
    private byte[] SigningCertificateV2Value()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                    writer.WriteOctetString(SHA256.HashData(Certificate.RawData));
            }
        }
        return writer.Encode();
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Root.Dispose();
        _key.Dispose();
    }
}
