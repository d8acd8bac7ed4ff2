using System.Security.Cryptography;
using Augment.Provenance.Containers;
using Augment.Provenance.Jumbf;
using Augment.Provenance.Validation;

namespace Augment.Provenance.Signing;

/// <summary>
/// Reads a <see cref="ManifestIngredient"/>: an asset without credentials (or in a container Augment does not read)
/// becomes an ingredient of unknown provenance; one with credentials is validated first (its results go into the
/// ingredient, C2PA 2.1, section 18.15.3) and its manifests are carried over box for box.
/// </summary>
internal static class IngredientReader
{
    public static IngredientSource Read(ManifestIngredient ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        var asset = ingredient.Asset;
        var format = ManifestLocator.Detect(asset.Span);
        var mediaType = MediaType(format);
        if (format == AssetFormat.Unknown)
            return new IngredientSource(ingredient.Title, null, null, ingredient.RelationshipText, null, null, null, null, []);
        var located = ManifestLocator.Locate(asset, ingredient.Title);
        if (located.Store is not { } store)
            return new IngredientSource(ingredient.Title, mediaType, null, ingredient.RelationshipText, null, null, null, null, []);

        var report = ContentCredentials.Read(asset, ingredient.Title);
        var root = JumbfReader.ParseSuperbox(store, ingredient.Title);
        var manifests = new ManifestStore(root, ingredient.Title);
        var activeLabel = manifests.ActiveLabel
            ?? throw new InvalidMediaException(ingredient.Title, located.StoreOffset, "the ingredient's manifest store holds no manifest");
        var boxes = new List<byte[]>();
        foreach (var child in root.Children)
        {
            if (child.IsSuperbox && child.Label is { } label && manifests.Manifest(label) == child)
                boxes.Add(store.Slice((int)child.Offset, child.HeaderLength + child.Payload.Length).ToArray());
        }
        var active = manifests.Manifest(activeLabel)!;
        var signature = ManifestStore.Signature(active)
            ?? throw new InvalidMediaException(ingredient.Title, located.StoreOffset, "the ingredient's active manifest has no signature");
        var info = report.ActiveManifest;
        return new IngredientSource(ingredient.Title, info?.Format ?? mediaType, info?.InstanceId, ingredient.RelationshipText, activeLabel,
            SHA256.HashData(active.Payload.Span), SHA256.HashData(signature.Payload.Span), report.Results, boxes);
    }

    private static string? MediaType(AssetFormat format) => format switch
    {
        AssetFormat.Jpeg => "image/jpeg",
        AssetFormat.Png => "image/png",
        AssetFormat.Wav => "audio/wav",
        AssetFormat.WebP => "image/webp",
        AssetFormat.Bmff => "video/mp4",
        AssetFormat.Sidecar => "application/c2pa",
        _ => null,
    };
}
