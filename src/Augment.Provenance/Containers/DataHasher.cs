using System.Security.Cryptography;

namespace Augment.Provenance.Containers;

/// <summary>
/// The hard binding of <c>c2pa.hash.data</c> (C2PA 2.1, section 9.2): the digest of every asset byte outside the
/// exclusion ranges (the ranges that hold the manifest store itself).
/// </summary>
internal static class DataHasher
{
    /// <summary>Hashes <paramref name="asset"/> without the <paramref name="exclusions"/>.</summary>
    /// <returns>The digest, or null when an exclusion lies outside the asset or overlaps another (a mismatch).</returns>
    public static byte[]? Hash(ReadOnlySpan<byte> asset, IReadOnlyList<(long Start, long Length)> exclusions, HashAlgorithmName algorithm)
    {
        var sorted = new List<(long Start, long Length)>(exclusions);
        sorted.Sort((a, b) => a.Start.CompareTo(b.Start));
        using var hash = IncrementalHash.CreateHash(algorithm);
        long position = 0;
        foreach (var (start, length) in sorted)
        {
            if (start < position || length < 0 || start > asset.Length || length > asset.Length - start)
                return null;
            hash.AppendData(asset[(int)position..(int)start]);
            position = start + length;
        }
        hash.AppendData(asset[(int)position..]);
        return hash.GetHashAndReset();
    }

    /// <summary>The .NET hash for a C2PA algorithm name, or null when unsupported.</summary>
    public static HashAlgorithmName? Algorithm(string? name) => name switch
    {
        "sha256" or null => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
