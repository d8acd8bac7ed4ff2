using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance.Cose;

/// <summary>What the COSE_Sign1 of a claim holds, decoded but not yet trusted.</summary>
internal sealed class ClaimSignature : IDisposable
{
    /// <summary>The COSE algorithm id from the protected header.</summary>
    public required long AlgorithmId { get; init; }

    /// <summary>The certificates of <c>x5chain</c>, signer first.</summary>
    public required IReadOnlyList<X509Certificate2> Chain { get; init; }

    /// <summary>The raw protected header bytes (input of the timestamp's countersignature structure).</summary>
    public required byte[] ProtectedHeader { get; init; }

    /// <summary>The signature bytes.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>Timestamp tokens from <c>sigTst</c> (v1: over the claim) and <c>sigTst2</c> (v2: over the signature).</summary>
    public required IReadOnlyList<(byte[] Token, bool OverSignature)> TimestampTokens { get; init; }

    /// <summary>The signer's certificate.</summary>
    public X509Certificate2 Signer => Chain[0];

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var certificate in Chain)
            certificate.Dispose();
    }
}
