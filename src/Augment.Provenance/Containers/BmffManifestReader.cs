namespace Augment.Provenance.Containers;

/// <summary>
/// C2PA in ISO BMFF (C2PA 2.1, section A.4): a top-level <c>uuid</c> box with the C2PA extended type, a FullBox
/// version/flags word, the null-terminated purpose <c>manifest</c>, a 64-bit Merkle offset, then the manifest store.
/// Boxes with purpose <c>merkle</c> (fragmented files) carry no store and are skipped.
/// </summary>
internal static class BmffManifestReader
{
    /// <summary>Bytes before the store: size (4) + 'uuid' (4) + extended type (16) + version/flags (4) + "manifest\0" (9) + Merkle offset (8).</summary>
    public const int StoreHeaderLength = 45;

    /// <summary>The manifest store's box, or null when the file has none.</summary>
    public static BmffBox? FindStoreBox(ReadOnlySpan<byte> file, string? source, out long storeOffset, out int storeLength)
    {
        storeOffset = -1;
        storeLength = 0;
        BmffBox? found = null;
        foreach (var box in BmffReader.TopLevel(file, source))
        {
            if (!BmffReader.IsC2paBox(file, box))
                continue;
            var at = box.PayloadOffset + 16 + 4;
            var purposeEnd = -1L;
            for (var i = at; i < box.End && i < at + 64; i++)
            {
                if (file[(int)i] == 0)
                {
                    purposeEnd = i;
                    break;
                }
            }
            if (purposeEnd < 0)
                throw new InvalidMediaException(source, box.Offset, "C2PA uuid box has no null-terminated purpose");
            if (!file[(int)at..(int)purposeEnd].SequenceEqual("manifest"u8))
                continue;
            var dataStart = purposeEnd + 1 + 8;
            if (dataStart > box.End)
                throw new InvalidMediaException(source, box.Offset, "C2PA uuid box is too short for its Merkle offset");
            if (found is not null)
                throw ManifestLocator.TwoStores(source, box.Offset);
            if (box.End - dataStart > Jumbf.JumbfLimits.Default.MaxStoreBytes)
                throw new InvalidMediaException(source, box.Offset, $"C2PA store of {box.End - dataStart} bytes exceeds the limit");
            found = box;
            storeOffset = dataStart;
            storeLength = (int)(box.End - dataStart);
        }
        return found;
    }

    public static LocatedStore Locate(ReadOnlyMemory<byte> asset, string? source)
    {
        if (FindStoreBox(asset.Span, source, out var offset, out var length) is null)
            return new LocatedStore(AssetFormat.Bmff, null, -1);
        return new LocatedStore(AssetFormat.Bmff, asset.Slice((int)offset, length), offset);
    }
}
