using System.Text.Json;

namespace Augment.Provenance.Signing;

/// <summary>
/// The CAWG metadata assertion (<c>cawg.metadata</c>, CAWG Metadata Assertion 1.0): a JSON-LD object whose context
/// declares the XMP namespaces it uses. Written from and read back into <see cref="ManifestMetadata"/>.
/// </summary>
internal static class MetadataJson
{
    private const string Dc = "http://purl.org/dc/elements/1.1/";
    private const string XmpRights = "http://ns.adobe.com/xap/1.0/rights/";
    private const string Photoshop = "http://ns.adobe.com/photoshop/1.0/";

    public static byte[] Write(ManifestMetadata metadata, string? title)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("@context");
            json.WriteString("dc", Dc);
            json.WriteString("xmpRights", XmpRights);
            json.WriteString("photoshop", Photoshop);
            json.WriteEndObject();
            if (title is not null)
                json.WriteString("dc:title", title);
            if (metadata.Authors.Count > 0)
            {
                json.WriteStartArray("dc:creator");
                foreach (var author in metadata.Authors)
                    json.WriteStringValue(author);
                json.WriteEndArray();
            }
            if (metadata.Copyright is { } copyright)
                json.WriteString("dc:rights", copyright);
            if (metadata.Credit is { } credit)
                json.WriteString("photoshop:Credit", credit);
            if (metadata.Url is { } url)
                json.WriteString("xmpRights:WebStatement", url.ToString());
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The fields Augment writes, from a <c>cawg.metadata</c> JSON text; null when it is not such an object.</summary>
    public static ManifestMetadata? Read(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            var authors = new List<string>();
            if (root.TryGetProperty("dc:creator", out var creator))
            {
                if (creator.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in creator.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String)
                            authors.Add(item.GetString()!);
                    }
                }
                else if (creator.ValueKind == JsonValueKind.String)
                {
                    authors.Add(creator.GetString()!);
                }
            }
            var url = Text(root, "xmpRights:WebStatement");
            return new ManifestMetadata
            {
                Authors = authors,
                Copyright = Text(root, "dc:rights"),
                Credit = Text(root, "photoshop:Credit"),
                Url = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
