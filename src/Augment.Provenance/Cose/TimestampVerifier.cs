using System.Formats.Asn1;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Augment.Provenance.Cose;

/// <summary>
/// RFC 3161 timestamp tokens in the claim signature's unprotected header. The timestamped message is the COSE
/// countersignature structure <c>["CounterSignature", protected, h'', payload]</c> (RFC 9052, section 4.4 without
/// sign_protected), as the reference implementation builds it; the payload is the claim for <c>sigTst</c> and the
/// signature as a CBOR byte string for <c>sigTst2</c>. Trust in the time-stamping authority is not evaluated (no TSA trust list): a token
/// that matches is <c>timeStamp.validated</c> and, like the reference without a TSA list, <c>timeStamp.untrusted</c>.
/// </summary>
internal static class TimestampVerifier
{
    /// <summary>The outcome for one token.</summary>
    internal enum Outcome
    {
        /// <summary>The token does not decode.</summary>
        Malformed,
        /// <summary>The imprint or the token's own signature does not match.</summary>
        Mismatch,
        /// <summary>The imprint matches and the token's CMS signature verifies.</summary>
        Validated,
    }

    /// <summary>Checks one token against the message it should timestamp.</summary>
    /// <param name="token">DER TimeStampToken.</param>
    /// <param name="protectedHeader">The COSE protected header bytes.</param>
    /// <param name="payload">The claim (v1 token) or the signature (v2 token).</param>
    /// <param name="time">The token's genTime when it decodes.</param>
    /// <param name="authority">The TSA certificate's subject common name, when present.</param>
    public static Outcome Check(byte[] token, byte[] protectedHeader, ReadOnlySpan<byte> payload, out DateTimeOffset? time, out string? authority)
    {
        time = null;
        authority = null;
        var decoded = Decode(token);
        if (decoded is null)
            return Outcome.Malformed;
        time = decoded.TokenInfo.Timestamp;
        var message = CounterSignatureStructure(protectedHeader, payload);
        try
        {
            if (!decoded.VerifySignatureForData(message, out var signer))
                return Outcome.Mismatch;
            authority = signer?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
            signer?.Dispose();
            return Outcome.Validated;
        }
        catch (CryptographicException)
        {
            return Outcome.Mismatch;
        }
    }

    /// <summary>
    /// Decodes a TimeStampToken, or a whole TimeStampResp (RFC 3161, section 2.4.2: status, then the token), which is
    /// what the reference implementation stores in <c>val</c>.
    /// </summary>
    internal static Rfc3161TimestampToken? Decode(byte[] der)
    {
        if (der.Length == 0)
            return null;
        try
        {
            if (Rfc3161TimestampToken.TryDecode(der, out var token, out _))
                return token;
            var response = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var status = response.ReadSequence();
            // PKIStatus 0 (granted) or 1 (grantedWithMods) carry a token.
            if (!status.TryReadInt32(out var code) || code > 1 || !response.HasData)
                return null;
            var tokenBytes = response.ReadEncodedValue();
            return Rfc3161TimestampToken.TryDecode(tokenBytes, out token, out _) ? token : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The payload a <c>sigTst2</c> token covers: the claim signature encoded as a CBOR byte string (header
    /// included), which is how the reference implementation (c2pa-rs <c>V2_sigTst2_CTT</c>) builds and checks it.</summary>
    internal static byte[] Sig2Payload(ReadOnlySpan<byte> signature)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteByteString(signature);
        return writer.Encode();
    }

    /// <summary>The CBOR countersignature structure that the token's message imprint covers.</summary>
    internal static byte[] CounterSignatureStructure(byte[] protectedHeader, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartArray(4);
        writer.WriteTextString("CounterSignature");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
