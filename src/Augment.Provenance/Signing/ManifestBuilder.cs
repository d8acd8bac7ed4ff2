using System.Formats.Cbor;
using System.Security.Cryptography;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Signing;

/// <summary>
/// Builds a manifest store with one v2 manifest (C2PA 2.1, section 11): assertion store (ingredients, thumbnail,
/// <c>c2pa.actions.v2</c>, soft bindings, metadata, then the hard binding the caller gives: <c>c2pa.hash.data</c> or
/// <c>c2pa.hash.bmff.v2</c>), claim <c>c2pa.claim.v2</c> referencing them by hashed URI, and the COSE_Sign1 signature
/// (with an RFC 3161 timestamp when the definition names an authority).
/// The manifests of ingredients that carry credentials come first in the store, verbatim.
/// </summary>
internal sealed class ManifestBuilder
{
    private readonly ManifestDefinition _definition;
    private readonly IC2paSigner _signer;
    private readonly string _label;
    private readonly string _instanceId;
    private readonly ParentIngredient? _parent;

    public ManifestBuilder(ManifestDefinition definition, IC2paSigner signer, ParentIngredient? parent = null)
    {
        _definition = definition;
        _signer = signer;
        _parent = parent;
        _label = "urn:c2pa:" + Guid.NewGuid().ToString("D");
        _instanceId = "xmp:iid:" + Guid.NewGuid().ToString("D");
    }

    /// <summary>The manifest label (its URN).</summary>
    public string Label => _label;

    /// <summary>The store, with <paramref name="hardBindingCbor"/> as its hard-binding assertion (<c>c2pa.hash.data</c> or
    /// <c>c2pa.hash.bmff.v2</c>, see <see cref="HardBindingCbor"/>). <paramref name="isSizingPass"/> marks a pass
    /// whose hash is still a placeholder (only the store's size matters): with a time-stamping authority it reuses the
    /// first token instead of asking again.</summary>
    public byte[] Build(string hardBindingLabel, byte[] hardBindingCbor, bool isSizingPass)
    {
        var hashData = AssertionBox(hardBindingLabel, hardBindingCbor);
        var content = ContentAssertions();
        // Store order: ingredients, thumbnail, actions, the rest, then the hard binding; the claim lists the hard binding first.
        var stored = new List<byte[]>(content.Count + 1);
        var referenced = new List<(string Label, byte[] Box)>(content.Count + 1) { (hardBindingLabel, hashData) };
        foreach (var (label, box) in content)
        {
            stored.Add(box);
            referenced.Add((label, box));
        }
        stored.Add(hashData);
        var assertionStore = JumbfWriter.Superbox(JumbfTypes.AssertionStoreCode, "c2pa.assertions", [.. stored]);
        var claim = ClaimCbor(referenced);
        var claimBox = JumbfWriter.Superbox(JumbfTypes.ClaimCode, "c2pa.claim.v2", JumbfWriter.Box(JumbfTypes.Cbor, claim));
        var signature = SignClaim(claim, isSizingPass);
        var signatureBox = JumbfWriter.Superbox(JumbfTypes.SignatureCode, "c2pa.signature", JumbfWriter.Box(JumbfTypes.Cbor, signature));
        var manifest = JumbfWriter.Superbox(JumbfTypes.ManifestCode, _label, assertionStore, claimBox, signatureBox);
        // Earlier manifests come first, verbatim (their hashes must not change); the new one is last, so active.
        // A manifest reached through two ingredients is carried once.
        var manifests = new List<byte[]>();
        var carried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ingredient in Ingredients())
        {
            if (ingredient.ManifestLabel is null)
                continue;
            for (var i = 0; i < ingredient.Manifests.Count; i++)
            {
                if (carried.Add(ManifestLabelOf(ingredient.Manifests[i])))
                    manifests.Add(ingredient.Manifests[i]);
            }
        }
        manifests.Add(manifest);
        return JumbfWriter.Superbox(JumbfTypes.ManifestStoreCode, "c2pa", [.. manifests]);
    }

    private const string IngredientLabel = "c2pa.ingredient.v3";

    private List<IngredientSource>? _ingredients;
    private List<(string Label, byte[] Box)>? _content;
    private byte[]? _sizingToken;
    private int _signatureLength;

    /// <summary>The parent (when re-signing) first, then the definition's ingredients; read once.</summary>
    private List<IngredientSource> Ingredients()
    {
        if (_ingredients is not null)
            return _ingredients;
        var list = new List<IngredientSource>();
        if (_parent is not null)
            list.Add(IngredientSource.From(_parent));
        foreach (var ingredient in _definition.Ingredients)
            list.Add(IngredientReader.Read(ingredient));
        return _ingredients = list;
    }

    /// <summary>Every assertion but the hard binding, in store order; they do not depend on the asset's hash, so they
    /// are built once.</summary>
    private List<(string Label, byte[] Box)> ContentAssertions()
    {
        if (_content is not null)
            return _content;
        var content = new List<(string, byte[])>();
        var references = new List<(IngredientSource Ingredient, string Label, byte[] Hash)>();
        var ingredients = Ingredients();
        for (var i = 0; i < ingredients.Count; i++)
        {
            // Later instances of a label take a __N suffix (C2PA 2.1, section 6.3).
            var label = i == 0 ? IngredientLabel : $"{IngredientLabel}__{i}";
            var box = AssertionBox(label, IngredientCbor(ingredients[i]));
            content.Add((label, box));
            references.Add((ingredients[i], label, SHA256.HashData(box.AsSpan(8))));
        }
        if (_definition.Thumbnail is { } thumbnail)
        {
            var label = "c2pa.thumbnail.claim." + thumbnail.Extension;
            content.Add((label, EmbeddedFileBox.Create(label, thumbnail.Format, thumbnail.Data.Span)));
        }
        content.Add(("c2pa.actions.v2", AssertionBox("c2pa.actions.v2", ActionsCbor(references))));
        for (var i = 0; i < _definition.SoftBindings.Count; i++)
        {
            var label = i == 0 ? "c2pa.soft-binding" : $"c2pa.soft-binding__{i}";
            content.Add((label, AssertionBox(label, SoftBindingCbor(_definition.SoftBindings[i]))));
        }
        if (_definition.Metadata is { IsEmpty: false } metadata)
            content.Add(("cawg.metadata", JsonAssertionBox("cawg.metadata", MetadataJson.Write(metadata, _definition.Title))));
        return _content = content;
    }

    /// <summary>
    /// The COSE_Sign1 over the claim. With a time-stamping authority the first pass fixes the signature's length
    /// (token plus reserved padding); passes that only size the store (placeholder hash) reuse that first token
    /// rather than calling the authority again, and the final pass gets a real token padded to the same length.
    /// </summary>
    private byte[] SignClaim(byte[] claim, bool isSizingPass)
    {
        if (_definition.TimestampAuthority is not { } authority)
            return CoseSign1Writer.SignDetached(claim, _signer);
        var signature = CoseSign1Writer.SignDetached(claim, _signer, (protectedHeader, signatureBytes) =>
        {
            if (isSizingPass && _sizingToken is not null)
                return _sizingToken;
            // The token covers the countersignature structure whose payload is the signature as a CBOR byte string
            // (sigTst2, C2PA 2.1, section 14.5; as the reference implementation builds and checks it).
            var message = Cose.TimestampVerifier.CounterSignatureStructure(protectedHeader, Cose.TimestampVerifier.Sig2Payload(signatureBytes));
            var token = authority.RequestToken(SHA256.HashData(message), HashAlgorithmName.SHA256);
            if (token is null || token.Length == 0)
                throw new InvalidOperationException("the time-stamping authority returned no token.");
            _sizingToken ??= token;
            return token;
        }, _signatureLength);
        if (_signatureLength == 0)
            _signatureLength = signature.Length;
        return signature;
    }

    /// <summary>The label of a carried-over manifest superbox (from its description box; the boxes were parsed when
    /// they were read, so the layout is known to be sound).</summary>
    private static string ManifestLabelOf(byte[] manifest)
    {
        // jumb header (8, or 16 with an XLBox), jumd header (8), UUID (16), toggles (1), then the null-terminated label.
        var header = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(manifest) == 1 ? 16 : 8;
        var span = manifest.AsSpan(Math.Min(manifest.Length, header + 25));
        var end = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    private static byte[] IngredientCbor(IngredientSource ingredient)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        var hasManifest = ingredient.ManifestLabel is not null && ingredient.ManifestHash is not null && ingredient.SignatureHash is not null;
        var fields = 1 + (ingredient.Title is null ? 0 : 1) + (ingredient.Format is null ? 0 : 1) + (ingredient.InstanceId is null ? 0 : 1)
            + (hasManifest ? 3 : 0);
        writer.WriteStartMap(fields);
        writer.WriteTextString("relationship");
        writer.WriteTextString(ingredient.Relationship);
        if (ingredient.Title is { } title)
        {
            writer.WriteTextString("dc:title");
            writer.WriteTextString(title);
        }
        if (ingredient.Format is { } format)
        {
            writer.WriteTextString("dc:format");
            writer.WriteTextString(format);
        }
        if (ingredient.InstanceId is { } instanceId)
        {
            writer.WriteTextString("instanceID");
            writer.WriteTextString(instanceId);
        }
        if (hasManifest)
        {
            var results = ingredient.Results ?? ValidationResults.Empty;
            writer.WriteTextString("validationResults");
            writer.WriteStartMap(1);
            writer.WriteTextString("activeManifest");
            writer.WriteStartMap(3);
            WriteStatuses(writer, "success", results.Success);
            WriteStatuses(writer, "informational", results.Informational);
            WriteStatuses(writer, "failure", results.Failure);
            writer.WriteEndMap();
            writer.WriteEndMap();
            WriteHashedUri(writer, "activeManifest", $"self#jumbf=/c2pa/{ingredient.ManifestLabel}", ingredient.ManifestHash!);
            WriteHashedUri(writer, "claimSignature", $"self#jumbf=/c2pa/{ingredient.ManifestLabel}/c2pa.signature", ingredient.SignatureHash!);
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteStatuses(CborWriter writer, string name, IReadOnlyList<ValidationStatus> statuses)
    {
        writer.WriteTextString(name);
        writer.WriteStartArray(statuses.Count);
        foreach (var status in statuses)
        {
            writer.WriteStartMap(1 + (status.Url is null ? 0 : 1) + (status.Explanation is null ? 0 : 1));
            writer.WriteTextString("code");
            writer.WriteTextString(status.Code);
            if (status.Url is { } url)
            {
                writer.WriteTextString("url");
                writer.WriteTextString(url);
            }
            if (status.Explanation is { } explanation)
            {
                writer.WriteTextString("explanation");
                writer.WriteTextString(explanation);
            }
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
    }

    private static void WriteHashedUri(CborWriter writer, string name, string url, byte[] hash)
    {
        writer.WriteTextString(name);
        writer.WriteStartMap(3);
        writer.WriteTextString("url");
        writer.WriteTextString(url);
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteEndMap();
    }

    private static byte[] AssertionBox(string label, byte[] cbor) =>
        JumbfWriter.Superbox(JumbfTypes.Cbor, label, JumbfWriter.Box(JumbfTypes.Cbor, cbor));

    private static byte[] JsonAssertionBox(string label, byte[] json) =>
        JumbfWriter.Superbox(JumbfTypes.Json, label, JumbfWriter.Box(JumbfTypes.Json, json));

    /// <summary>
    /// <c>c2pa.actions.v2</c>. A parentOf ingredient is referenced by a <c>c2pa.opened</c> action (C2PA 2.1, section
    /// 18.8.2; added first when the caller did not give it); each componentOf ingredient by a <c>c2pa.placed</c> action
    /// appended after the caller's actions.
    /// </summary>
    private byte[] ActionsCbor(List<(IngredientSource Ingredient, string Label, byte[] Hash)> ingredients)
    {
        var entries = new List<(C2paAction Action, List<(string Label, byte[] Hash)> References)>();
        foreach (var action in _definition.Actions)
            entries.Add((action, []));
        foreach (var (ingredient, label, hash) in ingredients)
        {
            if (ingredient.Relationship == "parentOf")
            {
                var opened = entries.FindIndex(e => e.Action.Action == "c2pa.opened");
                if (opened < 0)
                {
                    entries.Insert(0, (new C2paAction("c2pa.opened", null, null, null, null), []));
                    opened = 0;
                }
                entries[opened].References.Add((label, hash));
            }
            else if (ingredient.Relationship == "componentOf")
            {
                entries.Add((new C2paAction("c2pa.placed", null, null, null, null), [(label, hash)]));
            }
        }
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(1);
        writer.WriteTextString("actions");
        writer.WriteStartArray(entries.Count);
        foreach (var (action, references) in entries)
        {
            var fields = 1 + (action.DigitalSourceType is null ? 0 : 1) + (action.SoftwareAgent is null ? 0 : 1) + (action.When is null ? 0 : 1) + (action.Description is null ? 0 : 1) + (references.Count > 0 ? 1 : 0);
            writer.WriteStartMap(fields);
            writer.WriteTextString("action");
            writer.WriteTextString(action.Action);
            if (references.Count > 0)
            {
                writer.WriteTextString("parameters");
                writer.WriteStartMap(1);
                writer.WriteTextString("ingredients");
                writer.WriteStartArray(references.Count);
                foreach (var (label, hash) in references)
                {
                    writer.WriteStartMap(2);
                    writer.WriteTextString("url");
                    writer.WriteTextString("self#jumbf=c2pa.assertions/" + label);
                    writer.WriteTextString("hash");
                    writer.WriteByteString(hash);
                    writer.WriteEndMap();
                }
                writer.WriteEndArray();
                writer.WriteEndMap();
            }
            if (action.DigitalSourceType is { } source)
            {
                writer.WriteTextString("digitalSourceType");
                writer.WriteTextString(source);
            }
            if (action.SoftwareAgent is { } agent)
            {
                // v2 softwareAgent is a generator-info map.
                writer.WriteTextString("softwareAgent");
                writer.WriteStartMap(1);
                writer.WriteTextString("name");
                writer.WriteTextString(agent);
                writer.WriteEndMap();
            }
            if (action.When is { } when)
            {
                writer.WriteTextString("when");
                writer.WriteTextString(when);
            }
            if (action.Description is { } description)
            {
                writer.WriteTextString("description");
                writer.WriteTextString(description);
            }
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// <c>c2pa.soft-binding</c> (C2PA 2.1, section 18.9): <c>{alg, blocks: [{scope: {}, value}]}</c>; an empty scope
    /// covers the whole asset. The value is base64 text: the reference implementation types it as a string.
    /// </summary>
    private static byte[] SoftBindingCbor(C2paSoftBinding binding)
    {
        ArgumentException.ThrowIfNullOrEmpty(binding.Algorithm);
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(2);
        writer.WriteTextString("alg");
        writer.WriteTextString(binding.Algorithm);
        writer.WriteTextString("blocks");
        writer.WriteStartArray(1);
        writer.WriteStartMap(2);
        writer.WriteTextString("scope");
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteTextString("value");
        writer.WriteTextString(Convert.ToBase64String(binding.Value.Span));
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private byte[] ClaimCbor(List<(string Label, byte[] Box)> assertions)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        var fields = 6 + (_definition.Title is null ? 0 : 1);
        writer.WriteStartMap(fields);
        writer.WriteTextString("instanceID");
        writer.WriteTextString(_instanceId);
        writer.WriteTextString("claim_generator_info");
        writer.WriteStartMap(_definition.ClaimGeneratorVersion is null ? 1 : 2);
        writer.WriteTextString("name");
        writer.WriteTextString(_definition.ClaimGeneratorName);
        if (_definition.ClaimGeneratorVersion is { } version)
        {
            writer.WriteTextString("version");
            writer.WriteTextString(version);
        }
        writer.WriteEndMap();
        writer.WriteTextString("signature");
        writer.WriteTextString($"self#jumbf=/c2pa/{_label}/c2pa.signature");
        writer.WriteTextString("created_assertions");
        writer.WriteStartArray(assertions.Count);
        foreach (var (label, box) in assertions)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("url");
            writer.WriteTextString("self#jumbf=c2pa.assertions/" + label);
            writer.WriteTextString("hash");
            // The hashed URI covers the superbox without its LBox/TBox (C2PA 2.1, section 8.4.2.3).
            writer.WriteByteString(SHA256.HashData(box.AsSpan(8)));
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteTextString("gathered_assertions");
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        if (_definition.Title is { } title)
        {
            writer.WriteTextString("dc:title");
            writer.WriteTextString(title);
        }
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteEndMap();
        return writer.Encode();
    }
}
