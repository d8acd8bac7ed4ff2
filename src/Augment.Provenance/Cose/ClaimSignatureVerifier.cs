using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using Augment.Provenance.Cbor;

namespace Augment.Provenance.Cose;

/// <summary>
/// Decodes and verifies the COSE_Sign1 claim signature (C2PA 2.1, section 13.2): detached payload = the claim bytes,
/// no external AAD, the signer's certificate chain in <c>x5chain</c> (label 33) in the protected or unprotected header.
/// </summary>
internal static class ClaimSignatureVerifier
{
    private static readonly CoseHeaderLabel X5Chain = new(33);
    private static readonly CoseHeaderLabel X5ChainText = new("x5chain");
    private static readonly CoseHeaderLabel SigTst = new("sigTst");
    private static readonly CoseHeaderLabel SigTst2 = new("sigTst2");

    /// <summary>Decodes the signature box; null with a reason when it is not a usable COSE_Sign1.</summary>
    public static ClaimSignature? Decode(ReadOnlyMemory<byte> coseBytes, out CoseSign1Message? message, out string? problem)
    {
        message = null;
        problem = null;
        try
        {
            message = CoseMessage.DecodeSign1(coseBytes.Span);
        }
        catch (CryptographicException ex)
        {
            problem = "COSE_Sign1 does not decode: " + ex.Message;
            return null;
        }
        catch (ArgumentException ex)
        {
            problem = "COSE_Sign1 does not decode: " + ex.Message;
            return null;
        }
        catch (InvalidOperationException ex)
        {
            problem = "COSE_Sign1 does not decode: " + ex.Message;
            return null;
        }
        long algorithm;
        try
        {
            if (!message.ProtectedHeaders.TryGetValue(CoseHeaderLabel.Algorithm, out var algValue))
            {
                problem = "protected header has no algorithm";
                return null;
            }
            algorithm = algValue.GetValueAsInt32();
        }
        catch (Exception ex) when (ex is InvalidOperationException or CryptographicException or System.Formats.Cbor.CborContentException)
        {
            problem = "algorithm header is not an integer";
            return null;
        }

        var chain = new List<X509Certificate2>();
        if (!TryReadChain(message, chain, out problem))
        {
            foreach (var c in chain)
                c.Dispose();
            return null;
        }

        var tokens = new List<(byte[], bool)>();
        ReadTokens(message, SigTst, false, tokens);
        ReadTokens(message, SigTst2, true, tokens);
        return new ClaimSignature
        {
            AlgorithmId = algorithm,
            Chain = chain,
            ProtectedHeader = message.RawProtectedHeaders.ToArray(),
            Signature = message.Signature.ToArray(),
            TimestampTokens = tokens,
        };
    }

    /// <summary>Verifies the signature over the detached claim with the signer's public key.</summary>
    /// <returns>True when it verifies; false on a mismatch; null when the algorithm or key is not supported here.</returns>
    public static bool? Verify(CoseSign1Message message, ClaimSignature signature, ReadOnlySpan<byte> claimBytes)
    {
        AsymmetricAlgorithm? key = null;
        try
        {
            if (CoseAlgorithms.IsEcdsa(signature.AlgorithmId))
                key = signature.Signer.GetECDsaPublicKey();
            else if (CoseAlgorithms.IsRsaPss(signature.AlgorithmId))
                key = signature.Signer.GetRSAPublicKey() ?? RsaPssKey(signature.Signer);
            else
                return null; // EdDSA: .NET has no Ed25519 in the base library.
            if (key is null)
                return false;
            return message.VerifyDetached(key, claimBytes);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
        finally
        {
            key?.Dispose();
        }
    }

    /// <summary>
    /// The key of a certificate whose SubjectPublicKeyInfo says id-RSASSA-PSS (RFC 4055) rather than rsaEncryption:
    /// .NET's <c>GetRSAPublicKey</c> returns null for it, but the key bits are the same RSAPublicKey structure.
    /// </summary>
    private static RSA? RsaPssKey(X509Certificate2 certificate)
    {
        if (certificate.PublicKey.Oid.Value != "1.2.840.113549.1.1.10")
            return null;
        var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(certificate.PublicKey.EncodedKeyValue.RawData, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    private static bool TryReadChain(CoseSign1Message message, List<X509Certificate2> chain, out string? problem)
    {
        problem = null;
        if (!message.ProtectedHeaders.TryGetValue(X5Chain, out var value)
            && !message.UnprotectedHeaders.TryGetValue(X5Chain, out value)
            && !message.ProtectedHeaders.TryGetValue(X5ChainText, out value)
            && !message.UnprotectedHeaders.TryGetValue(X5ChainText, out value))
        {
            problem = "no x5chain header";
            return false;
        }
        object? node;
        try
        {
            node = CborTree.Decode(value.EncodedValue, "x5chain");
        }
        catch (InvalidMediaException ex)
        {
            problem = ex.Message;
            return false;
        }
        var items = node switch
        {
            byte[] one => [one],
            List<object?> many => many,
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            problem = "x5chain is neither a certificate nor a list of certificates";
            return false;
        }
        foreach (var item in items)
        {
            if (item is not byte[] der)
            {
                problem = "x5chain holds a non-bytes item";
                return false;
            }
            try
            {
                chain.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException ex)
            {
                problem = "x5chain certificate does not parse: " + ex.Message;
                return false;
            }
        }
        return true;
    }

    private static void ReadTokens(CoseSign1Message message, CoseHeaderLabel label, bool overSignature, List<(byte[], bool)> tokens)
    {
        if (!message.UnprotectedHeaders.TryGetValue(label, out var value) && !message.ProtectedHeaders.TryGetValue(label, out value))
            return;
        try
        {
            // {"tstTokens": [{"val": bstr}, ...]} (C2PA 2.1, section 10.3.2.5).
            if (CborTree.Decode(value.EncodedValue, label.ToString()) is CborMap map && map.Array("tstTokens") is { } list)
            {
                foreach (var item in list)
                {
                    if (item is CborMap token && token.Bytes("val") is { } der)
                        tokens.Add((der, overSignature));
                }
            }
        }
        catch (InvalidMediaException)
        {
            tokens.Add(([], overSignature)); // present but malformed: reported as timeStamp.malformed
        }
    }
}
