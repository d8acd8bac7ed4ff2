using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Containers;

/// <summary>Detects the container from its first bytes and extracts the C2PA manifest store from it.</summary>
internal static class ManifestLocator
{
    /// <summary>The container of <paramref name="asset"/>, judged by its signature bytes.</summary>
    public static AssetFormat Detect(ReadOnlySpan<byte> asset)
    {
        if (asset.Length >= 3 && asset[0] == 0xFF && asset[1] == 0xD8 && asset[2] == 0xFF)
            return AssetFormat.Jpeg;
        if (asset.Length >= 8 && asset[..8].SequenceEqual(PngManifestReader.Signature))
            return AssetFormat.Png;
        if (asset.Length >= 12 && asset[..4].SequenceEqual("RIFF"u8) && asset.Slice(8, 4).SequenceEqual("WAVE"u8))
            return AssetFormat.Wav;
        if (asset.Length >= 12 && asset[..4].SequenceEqual("RIFF"u8) && asset.Slice(8, 4).SequenceEqual("WEBP"u8))
            return AssetFormat.WebP;
        if (IsManifestStore(asset))
            return AssetFormat.Sidecar;
        if (BmffReader.LooksLikeBmff(asset))
            return AssetFormat.Bmff;
        return AssetFormat.Unknown;
    }

    /// <summary>True for the containers Augment can embed a manifest store in (the rest get a sidecar).</summary>
    public static bool CanEmbed(AssetFormat format) =>
        format is AssetFormat.Jpeg or AssetFormat.Png or AssetFormat.Wav or AssetFormat.WebP or AssetFormat.Bmff;

    /// <summary>Finds the manifest store; throws <see cref="UnsupportedFormatException"/> for an unknown container and
    /// <see cref="InvalidMediaException"/> for a damaged one or one with two stores.</summary>
    public static LocatedStore Locate(ReadOnlyMemory<byte> asset, string? source)
    {
        var format = Detect(asset.Span);
        return format switch
        {
            AssetFormat.Jpeg => JpegManifestReader.Locate(asset, source),
            AssetFormat.Png => PngManifestReader.Locate(asset, source),
            AssetFormat.Wav => WavManifestReader.Locate(asset, source),
            AssetFormat.WebP => WebpManifestReader.Locate(asset, source),
            AssetFormat.Bmff => BmffManifestReader.Locate(asset, source),
            AssetFormat.Sidecar => new LocatedStore(AssetFormat.Sidecar, asset, 0),
            _ => throw new UnsupportedFormatException($"'{source ?? "input"}' is not JPEG, PNG, WAV, WebP, MP4/MOV (ISO BMFF) or a C2PA manifest store (.c2pa)."),
        };
    }

    /// <summary>True when <paramref name="data"/> starts with a <c>jumb</c> superbox whose description names a C2PA manifest store.</summary>
    public static bool IsManifestStore(ReadOnlySpan<byte> data)
    {
        // jumb header (8) + jumd header (8) + UUID (16).
        if (data.Length < 32)
            return false;
        if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4)) != JumbfTypes.Superbox)
            return false;
        var descriptionAt = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data) == 1 ? 16 : 8;
        if (data.Length < descriptionAt + 24)
            return false;
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.Slice(descriptionAt + 4, 4)) == JumbfTypes.Description
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.Slice(descriptionAt + 8, 4)) == JumbfTypes.ManifestStoreCode;
    }

    /// <summary>The error for an asset that carries two manifest stores (C2PA 2.1, section 11.3: at most one).</summary>
    public static InvalidMediaException TwoStores(string? source, long offset) =>
        new(source, offset, "the asset carries more than one C2PA manifest store");
}
