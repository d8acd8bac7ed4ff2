using System.Text.Json;

namespace Augment.Splat;

/// <summary>
/// SOG's <c>meta.json</c>, version 2 (splat-transform 1.x and later): splat count, log-space position range, the
/// codebooks of scales, DC colour and (optionally) the spherical-harmonic palette, and the WebP file of each attribute.
/// </summary>
internal sealed class SogMeta
{
    /// <summary>Splats in the scene.</summary>
    public int Count { get; init; }

    /// <summary>Minimum of sign(x) ln(|x| + 1) per axis.</summary>
    public float[] MeansMin { get; init; } = [];

    /// <summary>Maximum of sign(x) ln(|x| + 1) per axis.</summary>
    public float[] MeansMax { get; init; } = [];

    /// <summary>means_l and means_u file names.</summary>
    public string[] MeansFiles { get; init; } = [];

    /// <summary>Log-scale codebook (up to 256 entries).</summary>
    public float[] ScalesCodebook { get; init; } = [];

    /// <summary>The scales image.</summary>
    public string ScalesFile { get; init; } = "";

    /// <summary>The quaternions image.</summary>
    public string QuatsFile { get; init; } = "";

    /// <summary>DC coefficient codebook (up to 256 entries).</summary>
    public float[] Sh0Codebook { get; init; } = [];

    /// <summary>The DC colour + opacity image.</summary>
    public string Sh0File { get; init; } = "";

    /// <summary>SH degree of the palette, 0 when there is none.</summary>
    public int ShBands { get; init; }

    /// <summary>Palette entries.</summary>
    public int ShCount { get; init; }

    /// <summary>Codebook of the palette's coefficients (up to 256 entries).</summary>
    public float[] ShCodebook { get; init; } = [];

    /// <summary>shN_centroids and shN_labels file names.</summary>
    public string[] ShFiles { get; init; } = [];

    /// <summary>Parses and validates meta.json.</summary>
    /// <exception cref="InvalidMediaException">Malformed JSON or missing/ill-typed fields.</exception>
    /// <exception cref="UnsupportedFormatException">A version other than 2.</exception>
    public static SogMeta Parse(ReadOnlySpan<byte> json, string source, int maxSplats)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(source, "meta.json is not a JSON object");
            if (!root.TryGetProperty("version", out var version))
                throw new UnsupportedFormatException($"{source}: SOG version 1 (meta.json without 'version') is not supported; re-save it with splat-transform.");
            if (version.ValueKind != JsonValueKind.Number || version.GetDouble() != 2)
                throw new UnsupportedFormatException($"{source}: SOG meta.json version {version} is not supported (2 is).");
            var count = Int(root, "count", source);
            if (count < 0 || count > maxSplats)
                throw Bad(source, $"meta.json declares {count:N0} splats; the limit is {maxSplats:N0}");
            var means = Object(root, "means", source);
            var scales = Object(root, "scales", source);
            var quats = Object(root, "quats", source);
            var sh0 = Object(root, "sh0", source);
            var meta = new SogMeta
            {
                Count = count,
                MeansMin = Floats(means, "mins", source, 3, 3),
                MeansMax = Floats(means, "maxs", source, 3, 3),
                MeansFiles = Strings(means, "files", source, 2),
                ScalesCodebook = Floats(scales, "codebook", source, 1, 256),
                ScalesFile = Strings(scales, "files", source, 1)[0],
                QuatsFile = Strings(quats, "files", source, 1)[0],
                Sh0Codebook = Floats(sh0, "codebook", source, 1, 256),
                Sh0File = Strings(sh0, "files", source, 1)[0],
            };
            if (root.TryGetProperty("shN", out var shN) && shN.ValueKind == JsonValueKind.Object)
            {
                var bands = Int(shN, "bands", source);
                if (bands is < 0 or > 3)
                    throw Bad(source, $"shN.bands is {bands}; 1 to 3 are valid");
                if (bands > 0)
                {
                    var paletteCount = Int(shN, "count", source);
                    if (paletteCount is < 1 or > 65536)
                        throw Bad(source, $"shN.count is {paletteCount}; 1 to 65536 are valid (labels are 16-bit)");
                    return new SogMeta
                    {
                        Count = meta.Count, MeansMin = meta.MeansMin, MeansMax = meta.MeansMax, MeansFiles = meta.MeansFiles,
                        ScalesCodebook = meta.ScalesCodebook, ScalesFile = meta.ScalesFile, QuatsFile = meta.QuatsFile,
                        Sh0Codebook = meta.Sh0Codebook, Sh0File = meta.Sh0File,
                        ShBands = bands,
                        ShCount = paletteCount,
                        ShCodebook = Floats(shN, "codebook", source, 1, 256),
                        ShFiles = Strings(shN, "files", source, 2),
                    };
                }
            }
            return meta;
        }
        catch (JsonException e)
        {
            throw Bad(source, $"meta.json is not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reports invalid UTF-8 inside a string this way.
            throw Bad(source, $"meta.json holds invalid text ({e.Message})");
        }
    }

    private static InvalidMediaException Bad(string source, string reason) => new(source, 0, reason);

    private static JsonElement Object(JsonElement parent, string name, string source) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Bad(source, $"meta.json lacks object '{name}'");

    private static int Int(JsonElement parent, string name, string source) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Bad(source, $"meta.json field '{name}' is not an integer");

    private static float[] Floats(JsonElement parent, string name, string source, int minLength, int maxLength)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"meta.json field '{name}' is not an array");
        var length = array.GetArrayLength();
        if (length < minLength || length > maxLength)
            throw Bad(source, $"meta.json field '{name}' has {length} entries; {minLength} to {maxLength} are valid");
        var values = new float[length];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
                throw Bad(source, $"meta.json field '{name}' holds a non-number");
            var v = (float)item.GetDouble();
            if (!float.IsFinite(v))
                throw Bad(source, $"meta.json field '{name}' holds a non-finite number");
            values[i++] = v;
        }
        return values;
    }

    private static string[] Strings(JsonElement parent, string name, string source, int length)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() < length)
            throw Bad(source, $"meta.json field '{name}' needs {length} file names");
        var values = new string[length];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (i == length)
                break;
            values[i++] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Bad(source, $"meta.json field '{name}' holds a non-string");
        }
        return values;
    }

    /// <summary>Serialises in splat-transform's field order.</summary>
    public byte[] ToJson(string generator)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 2);
            writer.WriteStartObject("asset");
            writer.WriteString("generator", generator);
            writer.WriteEndObject();
            writer.WriteNumber("count", Count);
            writer.WriteStartObject("means");
            WriteFloats(writer, "mins", MeansMin);
            WriteFloats(writer, "maxs", MeansMax);
            WriteStrings(writer, "files", MeansFiles);
            writer.WriteEndObject();
            writer.WriteStartObject("scales");
            WriteFloats(writer, "codebook", ScalesCodebook);
            WriteStrings(writer, "files", [ScalesFile]);
            writer.WriteEndObject();
            writer.WriteStartObject("quats");
            WriteStrings(writer, "files", [QuatsFile]);
            writer.WriteEndObject();
            writer.WriteStartObject("sh0");
            WriteFloats(writer, "codebook", Sh0Codebook);
            WriteStrings(writer, "files", [Sh0File]);
            writer.WriteEndObject();
            if (ShBands > 0)
            {
                writer.WriteStartObject("shN");
                writer.WriteNumber("count", ShCount);
                writer.WriteNumber("bands", ShBands);
                WriteFloats(writer, "codebook", ShCodebook);
                WriteStrings(writer, "files", ShFiles);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteFloats(Utf8JsonWriter writer, string name, float[] values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
            writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, string[] values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
            writer.WriteStringValue(v);
        writer.WriteEndArray();
    }
}
