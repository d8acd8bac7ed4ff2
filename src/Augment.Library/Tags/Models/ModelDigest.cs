using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Augment.Library;

/// <summary>SHA-256 digests (lower-case hex) that analyser versions are built from.</summary>
internal static class ModelDigest
{
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Digest of a list of strings; each is length-prefixed so that ["ab","c"] and ["a","bc"] differ.</summary>
    public static string OfStrings(IReadOnlyList<string> values)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>An analyser version: a kind prefix and the digest of everything its results depend on.</summary>
    public static string Version(string kind, params string[] parts) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{OfStrings(parts)[..32]}");
}
