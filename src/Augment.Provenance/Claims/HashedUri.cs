namespace Augment.Provenance.Claims;

/// <summary>A C2PA hashed URI: a JUMBF URI, the hash of the box it points at, and optionally the hash algorithm.</summary>
/// <param name="Url">The URI, e.g. <c>self#jumbf=c2pa.assertions/c2pa.hash.data</c>.</param>
/// <param name="Algorithm">The hash algorithm name (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>), or null for the claim's default.</param>
/// <param name="Hash">The expected digest.</param>
internal sealed record HashedUri(string Url, string? Algorithm, byte[] Hash)
{
    /// <summary>Reads a <c>{url, alg?, hash}</c> map; null when the map lacks a url or hash.</summary>
    public static HashedUri? From(object? node)
    {
        if (node is not Cbor.CborMap map)
            return null;
        var url = map.Text("url");
        var hash = map.Bytes("hash");
        return url is null || hash is null ? null : new HashedUri(url, map.Text("alg"), hash);
    }
}
