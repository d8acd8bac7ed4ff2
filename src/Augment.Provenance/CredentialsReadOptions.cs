using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance;

/// <summary>How <see cref="ContentCredentials"/> reads and validates.</summary>
public sealed record CredentialsReadOptions
{
    /// <summary>Default options: no trust anchors (every signer is reported <c>signingCredential.untrusted</c>).</summary>
    public static CredentialsReadOptions Default { get; } = new();

    /// <summary>Certificates whose holders are trusted signers or issuers; empty means nobody is trusted.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>The time to check certificate validity at when no timestamp gives one; null means now.</summary>
    public DateTimeOffset? VerificationTime { get; init; }

    /// <summary>Largest asset read into memory, in bytes (default 2 GiB - 1).</summary>
    public long MaxAssetBytes { get; init; } = int.MaxValue;

    /// <summary>Options with the certificates of a PEM file (one or more <c>CERTIFICATE</c> blocks) as trust anchors.</summary>
    /// <param name="pemPath">Path of the PEM file.</param>
    public static CredentialsReadOptions WithTrustAnchorsFrom(string pemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pemPath);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(pemPath);
        if (collection.Count == 0)
            throw new InvalidMediaException(pemPath, -1, "no CERTIFICATE block in the trust anchor file");
        var list = new List<X509Certificate2>(collection.Count);
        foreach (var certificate in collection)
            list.Add(certificate);
        return new CredentialsReadOptions { TrustAnchors = list };
    }
}
