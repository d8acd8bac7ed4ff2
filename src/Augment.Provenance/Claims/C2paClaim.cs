using Augment.Provenance.Cbor;

namespace Augment.Provenance.Claims;

/// <summary>A decoded claim (C2PA 2.1, section 10): v1 <c>c2pa.claim</c> or v2 <c>c2pa.claim.v2</c>.</summary>
internal sealed class C2paClaim
{
    /// <summary>1 for <c>c2pa.claim</c>, 2 for <c>c2pa.claim.v2</c>.</summary>
    public required int Version { get; init; }

    /// <summary>The claim's bytes exactly as stored (the COSE detached payload).</summary>
    public required ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>The decoded map.</summary>
    public required CborMap Map { get; init; }

    /// <summary><c>dc:title</c> (v1) or <c>title</c> (v2).</summary>
    public string? Title => Map.Text("dc:title") ?? Map.Text("title");

    /// <summary><c>dc:format</c> (v1 only).</summary>
    public string? Format => Map.Text("dc:format");

    /// <summary><c>instanceID</c>.</summary>
    public string? InstanceId => Map.Text("instanceID");

    /// <summary>The v1 <c>claim_generator</c> user-agent string.</summary>
    public string? ClaimGenerator => Map.Text("claim_generator");

    /// <summary><c>claim_generator_info</c>: a list of maps in v1, one map in v2; empty when absent.</summary>
    public IReadOnlyList<CborMap> ClaimGeneratorInfo
    {
        get
        {
            var node = Map["claim_generator_info"];
            if (node is CborMap single)
                return [single];
            var list = new List<CborMap>();
            if (node is List<object?> items)
            {
                foreach (var item in items)
                {
                    if (item is CborMap m)
                        list.Add(m);
                }
            }
            return list;
        }
    }

    /// <summary>The signature URI (<c>signature</c>), or null.</summary>
    public string? SignatureUrl => Map.Text("signature");

    /// <summary>The claim-wide default hash algorithm (<c>alg</c>); <c>sha256</c> when absent.</summary>
    public string Algorithm => Map.Text("alg") ?? "sha256";

    /// <summary>Every referenced assertion: v1 <c>assertions</c>, v2 <c>created_assertions</c> then <c>gathered_assertions</c>.</summary>
    public IReadOnlyList<HashedUri> Assertions
    {
        get
        {
            var list = new List<HashedUri>();
            Add(list, Map.Array("assertions"));
            Add(list, Map.Array("created_assertions"));
            Add(list, Map.Array("gathered_assertions"));
            return list;
        }
    }

    /// <summary>True when some assertion reference is not a well-formed hashed URI (claim.malformed).</summary>
    public bool HasMalformedReferences
    {
        get
        {
            foreach (var key in (ReadOnlySpan<string>)["assertions", "created_assertions", "gathered_assertions"])
            {
                if (Map.Array(key) is { } items)
                {
                    foreach (var item in items)
                    {
                        if (HashedUri.From(item) is null)
                            return true;
                    }
                }
            }
            return false;
        }
    }

    private static void Add(List<HashedUri> list, List<object?>? items)
    {
        if (items is null)
            return;
        foreach (var item in items)
        {
            if (HashedUri.From(item) is { } uri)
                list.Add(uri);
        }
    }

    /// <summary>Decodes the claim CBOR; throws <see cref="InvalidMediaException"/> when it is not a CBOR map.</summary>
    public static C2paClaim Parse(ReadOnlyMemory<byte> bytes, int version, string? source)
    {
        var node = CborTree.Decode(bytes, source);
        if (node is not CborMap map)
            throw new InvalidMediaException(source, 0, "claim is not a CBOR map");
        return new C2paClaim { Version = version, Bytes = bytes, Map = map };
    }
}
