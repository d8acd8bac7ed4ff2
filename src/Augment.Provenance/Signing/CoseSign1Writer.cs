using System.Formats.Cbor;

namespace Augment.Provenance.Signing;

/// <summary>
/// Encodes a COSE_Sign1 with a detached payload (RFC 9052, section 4.2): protected header {alg, x5chain},
/// empty unprotected header, nil payload, and the signature over
/// <c>Sig_structure = ["Signature1", protected, h'', payload]</c> (section 4.4).
/// </summary>
internal static class CoseSign1Writer
{
    public static byte[] SignDetached(ReadOnlySpan<byte> payload, IC2paSigner signer)
    {
        var protectedHeader = ProtectedHeader(signer);
        var toBeSigned = SigStructure(protectedHeader, payload);
        var signature = signer.Sign(toBeSigned);
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteNull();
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>COSE algorithm id (RFC 9053).</summary>
    public static int AlgorithmId(C2paSigningAlgorithm algorithm) => algorithm switch
    {
        C2paSigningAlgorithm.Es256 => -7,
        C2paSigningAlgorithm.Es384 => -35,
        C2paSigningAlgorithm.Es512 => -36,
        C2paSigningAlgorithm.Ps256 => -37,
        C2paSigningAlgorithm.Ps384 => -38,
        C2paSigningAlgorithm.Ps512 => -39,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm"),
    };

    private static byte[] ProtectedHeader(IC2paSigner signer)
    {
        if (signer.CertificateChain.Count == 0)
            throw new ArgumentException("the signer has no certificate chain.", nameof(signer));
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2);
        writer.WriteInt32(1);
        writer.WriteInt32(AlgorithmId(signer.Algorithm));
        writer.WriteInt32(33); // x5chain (RFC 9360), protected as C2PA 2.x requires
        writer.WriteStartArray(signer.CertificateChain.Count);
        foreach (var certificate in signer.CertificateChain)
            writer.WriteByteString(certificate.RawDataMemory.Span);
        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] SigStructure(byte[] protectedHeader, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
