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
        return Encode(protectedHeader, signature, null, 0);
    }

    /// <summary>Bytes of padding reserved beside a timestamp token, so that a later token a little longer or shorter
    /// (DER signatures and times vary by a few bytes) still gives a signature box of the same size. Kept in
    /// 256..65535 so that the pad's CBOR length header is always 3 bytes.</summary>
    internal const int TimestampPadReserve = 512;

    /// <summary>
    /// Signs like <see cref="SignDetached(ReadOnlySpan{byte}, IC2paSigner)"/>, then asks <paramref name="timestamp"/> for
    /// a token over (protected header, signature) and stores it in the unprotected header as
    /// <c>sigTst2 = {tstTokens: [{val: token}]}</c> (C2PA 2.1, section 14.5), with a <c>pad</c> byte string that makes the
    /// encoding exactly <paramref name="targetLength"/> bytes long (0: reserve <see cref="TimestampPadReserve"/> bytes).
    /// </summary>
    public static byte[] SignDetached(ReadOnlySpan<byte> payload, IC2paSigner signer, Func<byte[], byte[], byte[]> timestamp, int targetLength)
    {
        var protectedHeader = ProtectedHeader(signer);
        var signature = signer.Sign(SigStructure(protectedHeader, payload));
        var token = timestamp(protectedHeader, signature);
        var reserved = Encode(protectedHeader, signature, token, TimestampPadReserve);
        if (targetLength == 0)
            return reserved;
        var pad = TimestampPadReserve + (targetLength - reserved.Length);
        if (pad is < 256 or > 65535)
            throw new InvalidOperationException($"the timestamp token changed size by {TimestampPadReserve - pad} bytes between signing passes; at most 255 is absorbed.");
        var encoded = Encode(protectedHeader, signature, token, pad);
        if (encoded.Length != targetLength)
            throw new InvalidOperationException($"the signature could not be padded to {targetLength} bytes ({encoded.Length}).");
        return encoded;
    }

    private static byte[] Encode(byte[] protectedHeader, byte[] signature, byte[]? token, int pad)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        if (token is null)
        {
            writer.WriteStartMap(0);
        }
        else
        {
            // Canonical order: shorter keys first, so "pad" before "sigTst2".
            writer.WriteStartMap(2);
            writer.WriteTextString("pad");
            writer.WriteByteString(new byte[pad]);
            writer.WriteTextString("sigTst2");
            writer.WriteStartMap(1);
            writer.WriteTextString("tstTokens");
            writer.WriteStartArray(1);
            writer.WriteStartMap(1);
            writer.WriteTextString("val");
            writer.WriteByteString(token);
            writer.WriteEndMap();
            writer.WriteEndArray();
            writer.WriteEndMap();
        }
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
