using System.Security.Cryptography;
using Augment.Provenance.Containers;

namespace Augment.Provenance.Signing;

/// <summary>
/// Signs in two passes: the store's size is fixed first (the exclusion range is written into the data hash
/// assertion, so it is iterated until its encoding stops changing), then the asset is hashed as it will be with the
/// store excluded, and the store rebuilt with the real hash, which has the same size. The asset is never copied to
/// do this; only the final output is written.
/// </summary>
internal static class CredentialSigner
{
    /// <summary>The framed store and where it goes.</summary>
    /// <param name="Format">The container.</param>
    /// <param name="Asset">The asset to insert into (the input, or the input without its previous store).</param>
    /// <param name="Offset">Where the framed store goes.</param>
    /// <param name="Framed">The store in its container framing (empty when <paramref name="Asset"/> already holds it: MP4/MOV).</param>
    internal readonly record struct Placement(AssetFormat Format, ReadOnlyMemory<byte> Asset, long Offset, byte[] Framed);

    public static Placement Prepare(ReadOnlyMemory<byte> input, ManifestDefinition definition, IC2paSigner signer, string? source)
    {
        var format = ManifestLocator.Detect(input.Span);
        if (!ManifestLocator.CanEmbed(format))
            throw new UnsupportedFormatException($"'{source ?? "input"}': Augment embeds Content Credentials in JPEG, PNG, WAV, WebP and MP4/MOV; sign to a sidecar (.c2pa) instead.");
        if (definition.Actions.Count == 0)
            throw new ArgumentException("a manifest needs at least one action (c2pa.created or c2pa.opened).", nameof(definition));
        var located = ManifestLocator.Locate(input, source);
        ParentIngredient? parent = null;
        var asset = input;
        if (located.Store is not null)
        {
            parent = Parent(input, located, source);
            asset = ManifestEmbedder.Strip(input, located, source);
        }
        var builder = new ManifestBuilder(definition, signer, parent);
        return format == AssetFormat.Bmff
            ? PrepareBmff(asset.Span, builder, source)
            : PrepareDataHash(format, asset, builder, source);
    }

    private static Placement PrepareDataHash(AssetFormat format, ReadOnlyMemory<byte> asset, ManifestBuilder builder, string? source)
    {
        var span = asset.Span;
        var offset = ManifestEmbedder.InsertionOffset(format, span, source);
        var placeholder = new byte[32];
        long length = 0;
        byte[] store = [];
        for (var attempt = 0; attempt < 8; attempt++)
        {
            store = builder.Build(HardBindingCbor.DataHashLabel, HardBindingCbor.DataHash((offset, length), placeholder), isSizingPass: true);
            var needed = ManifestEmbedder.ExclusionLength(format, store.Length);
            if (needed == length)
                break;
            length = needed;
        }
        var hash = ManifestEmbedder.HashAfterInsert(format, span, offset, store.Length, HashAlgorithmName.SHA256);
        var final = builder.Build(HardBindingCbor.DataHashLabel, HardBindingCbor.DataHash((offset, length), hash), isSizingPass: false);
        CheckSameSize(store, final);
        return new Placement(format, asset, offset, ManifestEmbedder.Frame(format, final, span));
    }

    /// <summary>
    /// MP4/MOV: the BMFF hash excludes the C2PA box by its extended type, not by position, so the store's size does not
    /// feed back into the assertion; but the box shifts <c>mdat</c>, so the whole output is built once (placeholder
    /// box, chunk offsets patched in place), hashed as it will be written (the hash covers every box offset), and the
    /// final box, of the same size, copied over the placeholder. The placement is then that output with nothing left
    /// to insert, which saves a second copy of a large video.
    /// </summary>
    private static Placement PrepareBmff(ReadOnlySpan<byte> asset, ManifestBuilder builder, string? source)
    {
        var exclusions = BmffExclusion.Defaults;
        var offset = BmffEmbedder.InsertionOffset(asset, source);
        var store = builder.Build(HardBindingCbor.BmffHashLabel, HardBindingCbor.BmffHash(exclusions, new byte[32]), isSizingPass: true);
        var framed = BmffEmbedder.Frame(store);
        var output = ManifestEmbedder.Insert(AssetFormat.Bmff, asset, offset, framed);
        // The table values are still the input's, so the threshold is the insertion offset in input terms.
        BmffEmbedder.ShiftChunkOffsetsInPlace(output, offset, framed.Length, source);
        var hash = BmffHasher.Hash(output, exclusions, HashAlgorithmName.SHA256, source)
            ?? throw new InvalidOperationException("the default BMFF exclusions did not parse");
        var final = builder.Build(HardBindingCbor.BmffHashLabel, HardBindingCbor.BmffHash(exclusions, hash), isSizingPass: false);
        CheckSameSize(store, final);
        BmffEmbedder.Frame(final).CopyTo(output.AsSpan((int)offset));
        return new Placement(AssetFormat.Bmff, output, output.Length, []);
    }

    /// <summary>
    /// A standalone manifest store (<c>.c2pa</c> sidecar) for any asset, known format or not: its
    /// <c>c2pa.hash.data</c> covers every byte of the asset (no exclusions, nothing is embedded). The asset's existing
    /// credentials — <paramref name="previousSidecar"/> when given, else a store embedded in the asset — become the
    /// new manifest's parent ingredient, as when embedding.
    /// </summary>
    public static byte[] PrepareSidecar(ReadOnlyMemory<byte> asset, ReadOnlyMemory<byte>? previousSidecar, ManifestDefinition definition, IC2paSigner signer, string? source)
    {
        if (definition.Actions.Count == 0)
            throw new ArgumentException("a manifest needs at least one action (c2pa.created or c2pa.opened).", nameof(definition));
        ParentIngredient? parent = null;
        var format = ManifestLocator.Detect(asset.Span);
        if (previousSidecar is { } previous)
        {
            if (!ManifestLocator.IsManifestStore(previous.Span))
                throw new InvalidMediaException(source + " (sidecar)", 0, "the previous sidecar is not a C2PA manifest store");
            parent = Parent(asset, new LocatedStore(format == AssetFormat.Sidecar ? AssetFormat.Unknown : format, previous, 0, External: true), source);
        }
        else if (ManifestLocator.CanEmbed(format) && ManifestLocator.Locate(asset, source) is { Store: not null } embedded)
        {
            parent = Parent(asset, embedded, source);
        }
        var builder = new ManifestBuilder(definition, signer, parent);
        return builder.Build(HardBindingCbor.DataHashLabel, HardBindingCbor.DataHash(null, SHA256.HashData(asset.Span)), isSizingPass: false);
    }

    private static void CheckSameSize(byte[] store, byte[] final)
    {
        if (final.Length != store.Length)
            throw new InvalidOperationException($"the manifest store changed size between passes ({store.Length} -> {final.Length}); the signer's signatures must have a fixed length.");
    }

    /// <summary>
    /// The asset's existing credentials as the new manifest's parent: validated first (their results are recorded in
    /// the ingredient, C2PA 2.1, section 18.15.3), then carried over box for box.
    /// </summary>
    private static ParentIngredient Parent(ReadOnlyMemory<byte> input, LocatedStore located, string? source)
    {
        var store = located.Store!.Value;
        var report = located.External ? ContentCredentials.Read(input, store, source) : ContentCredentials.Read(input, source);
        var root = Jumbf.JumbfReader.ParseSuperbox(store, source);
        var manifests = new Validation.ManifestStore(root, source);
        var activeLabel = manifests.ActiveLabel
            ?? throw new InvalidMediaException(source, located.StoreOffset, "the existing manifest store holds no manifest");
        var boxes = new List<byte[]>();
        foreach (var child in root.Children)
        {
            if (child.IsSuperbox && child.Label is { } label && manifests.Manifest(label) == child)
                boxes.Add(store.Slice((int)child.Offset, child.HeaderLength + child.Payload.Length).ToArray());
        }
        var active = manifests.Manifest(activeLabel)!;
        var signature = Validation.ManifestStore.Signature(active)
            ?? throw new InvalidMediaException(source, located.StoreOffset, "the existing active manifest has no signature");
        var info = report.ActiveManifest;
        return new ParentIngredient(info?.Title ?? source, info?.Format ?? MediaType(located.Format), info?.InstanceId, activeLabel,
            SHA256.HashData(active.Payload.Span), SHA256.HashData(signature.Payload.Span), report.Results, boxes);
    }

    private static string MediaType(AssetFormat format) => format switch
    {
        AssetFormat.Jpeg => "image/jpeg",
        AssetFormat.Png => "image/png",
        AssetFormat.WebP => "image/webp",
        AssetFormat.Bmff => "video/mp4",
        _ => "audio/wav",
    };
}
