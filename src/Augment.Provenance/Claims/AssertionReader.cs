using System.Text;
using Augment.Provenance.Cbor;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Claims;

/// <summary>Decodes the assertion kinds Augment understands; everything else is kept as raw CBOR or JSON.</summary>
internal static class AssertionReader
{
    /// <summary>The decoded content of an assertion superbox: a CBOR tree, a JSON string, or null (binary).</summary>
    public static object? Content(JumbfBox assertion, string uri)
    {
        if (assertion.Content(JumbfTypes.Cbor) is { } cbor)
            return CborTree.Decode(cbor.Payload, uri);
        if (assertion.Content(JumbfTypes.Json) is { } json)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(json.Payload.Span);
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidMediaException(uri, 0, "JSON assertion is not UTF-8");
            }
        }
        return null;
    }

    /// <summary>The actions of a <c>c2pa.actions</c> map.</summary>
    public static List<C2paAction> Actions(CborMap map)
    {
        var list = new List<C2paAction>();
        if (map.Array("actions") is not { } actions)
            return list;
        foreach (var item in actions)
        {
            if (item is not CborMap action || action.Text("action") is not { } name)
                continue;
            var agent = action["softwareAgent"] switch
            {
                string s => s,
                CborMap m when m.Text("name") is { } n => m.Text("version") is { } v ? $"{n}/{v}" : n,
                _ => null,
            };
            list.Add(new C2paAction(name, action.Text("digitalSourceType"), agent, action.Text("when"), action.Text("description")));
        }
        return list;
    }

    /// <summary>The exclusions, algorithm and hash of a <c>c2pa.hash.data</c> map; false when malformed.</summary>
    public static bool TryDataHash(CborMap map, out List<(long Start, long Length)> exclusions, out string? algorithm, out byte[] hash)
    {
        exclusions = [];
        algorithm = map.Text("alg");
        hash = map.Bytes("hash") ?? [];
        if (hash.Length == 0)
            return false;
        if (map["exclusions"] is List<object?> items)
        {
            foreach (var item in items)
            {
                if (item is not CborMap range || range.Integer("start") is not { } start || range.Integer("length") is not { } length || start < 0 || length < 0)
                    return false;
                exclusions.Add((start, length));
            }
        }
        return true;
    }

    /// <summary>The ingredient fields of a <c>c2pa.ingredient</c> (v1/v2/v3) map and the hashed URI of its manifest.</summary>
    public static (C2paIngredient Ingredient, HashedUri? Manifest) Ingredient(string label, CborMap map) =>
        (new C2paIngredient(label, map.Text("dc:title") ?? map.Text("title"), map.Text("dc:format") ?? map.Text("format"),
            map.Text("documentID"), map.Text("instanceID"), map.Text("relationship") ?? "componentOf", null),
         HashedUri.From(map["c2pa_manifest"]) ?? HashedUri.From(map["activeManifest"]));

    /// <summary>The media type of an embedded-file assertion (<c>bfdb</c>) and its bytes (<c>bidb</c>), or null.</summary>
    public static (string Format, ReadOnlyMemory<byte> Data)? EmbeddedFile(JumbfBox assertion)
    {
        if (assertion.Content(JumbfTypes.EmbeddedFileDescription) is not { } description || assertion.Content(JumbfTypes.EmbeddedFileData) is not { } data)
            return null;
        // bfdb: toggles (1 byte), media type (null-terminated), optional file name.
        var span = description.Payload.Span;
        if (span.Length < 2)
            return null;
        var end = span[1..].IndexOf((byte)0);
        var format = Encoding.UTF8.GetString(end < 0 ? span[1..] : span.Slice(1, end));
        return (format, data.Payload);
    }
}
