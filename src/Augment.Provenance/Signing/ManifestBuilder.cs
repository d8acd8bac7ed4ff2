using System.Formats.Cbor;
using System.Security.Cryptography;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Signing;

/// <summary>
/// Builds a manifest store with one v2 manifest (C2PA 2.1, section 11): assertion store (<c>c2pa.actions.v2</c>,
/// the hard binding the caller gives), claim <c>c2pa.claim.v2</c> referencing them by hashed URI, and the COSE_Sign1 signature.
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
    /// <c>c2pa.hash.bmff.v2</c>, see <see cref="HardBindingCbor"/>).</summary>
    public byte[] Build(string hardBindingLabel, byte[] hardBindingCbor)
    {
        var hashData = AssertionBox(hardBindingLabel, hardBindingCbor);
        byte[] assertionStore;
        byte[] claim;
        if (_parent is null)
        {
            var actions = AssertionBox("c2pa.actions.v2", ActionsCbor(null));
            assertionStore = JumbfWriter.Superbox(JumbfTypes.AssertionStoreCode, "c2pa.assertions", actions, hashData);
            claim = ClaimCbor([(hardBindingLabel, hashData), ("c2pa.actions.v2", actions)]);
        }
        else
        {
            var ingredient = AssertionBox(IngredientLabel, IngredientCbor(_parent));
            var actions = AssertionBox("c2pa.actions.v2", ActionsCbor(SHA256.HashData(ingredient.AsSpan(8))));
            assertionStore = JumbfWriter.Superbox(JumbfTypes.AssertionStoreCode, "c2pa.assertions", ingredient, actions, hashData);
            claim = ClaimCbor([(hardBindingLabel, hashData), (IngredientLabel, ingredient), ("c2pa.actions.v2", actions)]);
        }
        var claimBox = JumbfWriter.Superbox(JumbfTypes.ClaimCode, "c2pa.claim.v2", JumbfWriter.Box(JumbfTypes.Cbor, claim));
        var signature = CoseSign1Writer.SignDetached(claim, _signer);
        var signatureBox = JumbfWriter.Superbox(JumbfTypes.SignatureCode, "c2pa.signature", JumbfWriter.Box(JumbfTypes.Cbor, signature));
        var manifest = JumbfWriter.Superbox(JumbfTypes.ManifestCode, _label, assertionStore, claimBox, signatureBox);
        // Earlier manifests come first, verbatim (their hashes must not change); the new one is last, so active.
        var manifests = new List<byte[]>();
        if (_parent is not null)
            manifests.AddRange(_parent.Manifests);
        manifests.Add(manifest);
        return JumbfWriter.Superbox(JumbfTypes.ManifestStoreCode, "c2pa", [.. manifests]);
    }

    private const string IngredientLabel = "c2pa.ingredient.v3";

    private static byte[] IngredientCbor(ParentIngredient parent)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        var fields = 4 + (parent.Title is null ? 0 : 1) + (parent.Format is null ? 0 : 1) + (parent.InstanceId is null ? 0 : 1);
        writer.WriteStartMap(fields);
        writer.WriteTextString("relationship");
        writer.WriteTextString("parentOf");
        if (parent.Title is { } title)
        {
            writer.WriteTextString("dc:title");
            writer.WriteTextString(title);
        }
        if (parent.Format is { } format)
        {
            writer.WriteTextString("dc:format");
            writer.WriteTextString(format);
        }
        if (parent.InstanceId is { } instanceId)
        {
            writer.WriteTextString("instanceID");
            writer.WriteTextString(instanceId);
        }
        writer.WriteTextString("validationResults");
        writer.WriteStartMap(1);
        writer.WriteTextString("activeManifest");
        writer.WriteStartMap(3);
        WriteStatuses(writer, "success", parent.Results.Success);
        WriteStatuses(writer, "informational", parent.Results.Informational);
        WriteStatuses(writer, "failure", parent.Results.Failure);
        writer.WriteEndMap();
        writer.WriteEndMap();
        WriteHashedUri(writer, "activeManifest", $"self#jumbf=/c2pa/{parent.ManifestLabel}", parent.ManifestHash);
        WriteHashedUri(writer, "claimSignature", $"self#jumbf=/c2pa/{parent.ManifestLabel}/c2pa.signature", parent.SignatureHash);
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

    /// <param name="ingredientHash">When re-signing: the hash of the parent ingredient assertion, which the
    /// <c>c2pa.opened</c> action must reference (C2PA 2.1, section 18.8.2; added first when the caller did not give it).</param>
    private byte[] ActionsCbor(byte[]? ingredientHash)
    {
        var actions = new List<C2paAction>(_definition.Actions);
        if (ingredientHash is not null && actions.FindIndex(a => a.Action == "c2pa.opened") < 0)
            actions.Insert(0, new C2paAction("c2pa.opened", null, null, null, null));
        var openedWritten = false;
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(1);
        writer.WriteTextString("actions");
        writer.WriteStartArray(actions.Count);
        foreach (var action in actions)
        {
            var withIngredient = ingredientHash is not null && !openedWritten && action.Action == "c2pa.opened";
            openedWritten |= withIngredient;
            var fields = 1 + (action.DigitalSourceType is null ? 0 : 1) + (action.SoftwareAgent is null ? 0 : 1) + (action.When is null ? 0 : 1) + (action.Description is null ? 0 : 1) + (withIngredient ? 1 : 0);
            writer.WriteStartMap(fields);
            writer.WriteTextString("action");
            writer.WriteTextString(action.Action);
            if (withIngredient)
            {
                writer.WriteTextString("parameters");
                writer.WriteStartMap(1);
                writer.WriteTextString("ingredients");
                writer.WriteStartArray(1);
                writer.WriteStartMap(2);
                writer.WriteTextString("url");
                writer.WriteTextString("self#jumbf=c2pa.assertions/" + IngredientLabel);
                writer.WriteTextString("hash");
                writer.WriteByteString(ingredientHash!);
                writer.WriteEndMap();
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

    private byte[] ClaimCbor(IReadOnlyList<(string Label, byte[] Box)> assertions)
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
