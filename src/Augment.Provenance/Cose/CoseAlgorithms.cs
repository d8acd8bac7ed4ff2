using System.Security.Cryptography;

namespace Augment.Provenance.Cose;

/// <summary>COSE algorithm identifiers that C2PA allows for claim signatures (C2PA 2.1, section 13.2; RFC 9053).</summary>
internal static class CoseAlgorithms
{
    /// <summary>The C2PA name (<c>Es256</c>, <c>Ps256</c>, ...) of a COSE algorithm id, or null for one C2PA does not allow.</summary>
    public static string? Name(long id) => id switch
    {
        -7 => "Es256",
        -35 => "Es384",
        -36 => "Es512",
        -37 => "Ps256",
        -38 => "Ps384",
        -39 => "Ps512",
        -8 => "Ed25519",
        _ => null,
    };

    /// <summary>The hash an algorithm signs with.</summary>
    public static HashAlgorithmName Hash(long id) => id switch
    {
        -35 or -38 => HashAlgorithmName.SHA384,
        -36 or -39 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    /// <summary>True for the ECDSA family.</summary>
    public static bool IsEcdsa(long id) => id is -7 or -35 or -36;

    /// <summary>True for RSASSA-PSS.</summary>
    public static bool IsRsaPss(long id) => id is -37 or -38 or -39;
}
