using System.Text;
using System.Text.Json;

namespace Augment.Provenance.Validation;

/// <summary>Writes a <see cref="CredentialsReport"/> in the shape of the reference reader's JSON.</summary>
internal static class ReportJsonWriter
{
    public static string Write(CredentialsReport report, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (report.ActiveManifestLabel is { } active)
                json.WriteString("active_manifest", active);
            json.WriteStartObject("manifests");
            foreach (var manifest in report.Manifests)
            {
                json.WriteStartObject(manifest.Label);
                WriteManifest(json, manifest);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            if (report.State != CredentialsState.NoManifest)
            {
                json.WriteStartObject("validation_results");
                json.WriteStartObject("activeManifest");
                WriteResults(json, report.Results);
                json.WriteEndObject();
                json.WriteStartArray("ingredientDeltas");
                foreach (var delta in report.IngredientDeltas)
                {
                    json.WriteStartObject();
                    json.WriteString("ingredientAssertionURI", delta.IngredientAssertionUri);
                    json.WriteStartObject("validationDeltas");
                    WriteResults(json, delta.Results);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (report.RecoveredBy is { } binding)
            {
                // Not part of the reference reader's shape: how the manifest was found when the asset carried none.
                json.WriteStartObject("recovered");
                json.WriteString("soft_binding_alg", binding.Algorithm);
                json.WriteString("soft_binding_value", binding.ValueHex);
                WriteOptional(json, "source", report.RecoveredFrom);
                json.WriteEndObject();
            }
            json.WriteString("validation_state", report.State.ToString());
            json.WriteString("summary", report.Summary);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteManifest(Utf8JsonWriter json, C2paManifest manifest)
    {
        json.WriteNumber("claim_version", manifest.ClaimVersion);
        if (manifest.ClaimGenerator is { } generator)
            json.WriteString("claim_generator", generator);
        json.WriteStartArray("claim_generator_info");
        foreach (var info in manifest.ClaimGeneratorInfo)
        {
            var slash = info.IndexOf('/', StringComparison.Ordinal);
            json.WriteStartObject();
            json.WriteString("name", slash < 0 ? info : info[..slash]);
            if (slash >= 0)
                json.WriteString("version", info[(slash + 1)..]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteOptional(json, "title", manifest.Title);
        WriteOptional(json, "format", manifest.Format);
        WriteOptional(json, "instance_id", manifest.InstanceId);
        if (manifest.Thumbnail is { } thumbnail)
        {
            json.WriteStartObject("thumbnail");
            json.WriteString("format", thumbnail.Format);
            json.WriteString("identifier", thumbnail.Identifier);
            json.WriteEndObject();
        }
        json.WriteStartArray("ingredients");
        for (var i = 0; i < manifest.Ingredients.Count; i++)
        {
            var ingredient = manifest.Ingredients[i];
            json.WriteStartObject();
            WriteOptional(json, "title", ingredient.Title);
            WriteOptional(json, "format", ingredient.Format);
            WriteOptional(json, "document_id", ingredient.DocumentId);
            WriteOptional(json, "instance_id", ingredient.InstanceId);
            json.WriteString("relationship", ingredient.Relationship);
            WriteOptional(json, "active_manifest", ingredient.ManifestLabel);
            json.WriteString("label", ingredient.Label);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("assertions");
        foreach (var (label, data) in manifest.DataAssertions)
        {
            json.WriteStartObject();
            json.WriteString("label", label);
            json.WritePropertyName("data");
            WriteRawOrString(json, data);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("actions");
        foreach (var action in manifest.Actions)
        {
            json.WriteStartObject();
            json.WriteString("action", action.Action);
            WriteOptional(json, "digitalSourceType", action.DigitalSourceType);
            WriteOptional(json, "softwareAgent", action.SoftwareAgent);
            WriteOptional(json, "when", action.When);
            WriteOptional(json, "description", action.Description);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (manifest.Signature is { } signature)
        {
            json.WriteStartObject("signature_info");
            json.WriteString("alg", signature.Algorithm);
            WriteOptional(json, "issuer", signature.Issuer);
            WriteOptional(json, "common_name", signature.CommonName);
            json.WriteString("cert_serial_number", signature.SerialNumber);
            if (signature.Time is { } time)
                json.WriteString("time", time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        json.WriteString("label", manifest.Label);
    }

    private static void WriteRawOrString(Utf8JsonWriter json, string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteStringValue(data);
        }
    }

    private static void WriteResults(Utf8JsonWriter json, ValidationResults results)
    {
        WriteList(json, "success", results.Success);
        WriteList(json, "informational", results.Informational);
        WriteList(json, "failure", results.Failure);
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<ValidationStatus> list)
    {
        json.WriteStartArray(name);
        foreach (var status in list)
        {
            json.WriteStartObject();
            json.WriteString("code", status.Code);
            WriteOptional(json, "url", status.Url);
            WriteOptional(json, "explanation", status.Explanation);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
            json.WriteString(name, value);
    }
}
