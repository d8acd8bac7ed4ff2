namespace Augment.Provenance;

/// <summary>Claim signature algorithms Augment signs with (C2PA 2.1, section 13.2).</summary>
public enum C2paSigningAlgorithm
{
    /// <summary>ECDSA P-256 with SHA-256 (COSE -7).</summary>
    Es256,
    /// <summary>ECDSA P-384 with SHA-384 (COSE -35).</summary>
    Es384,
    /// <summary>ECDSA P-521 with SHA-512 (COSE -36).</summary>
    Es512,
    /// <summary>RSASSA-PSS with SHA-256 (COSE -37).</summary>
    Ps256,
    /// <summary>RSASSA-PSS with SHA-384 (COSE -38).</summary>
    Ps384,
    /// <summary>RSASSA-PSS with SHA-512 (COSE -39).</summary>
    Ps512,
}
