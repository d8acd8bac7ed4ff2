using System.Buffers.Binary;

namespace Augment.Provenance.Containers;

/// <summary>C2PA in PNG (C2PA 2.1, section A.3.3): the manifest store is the data of one <c>caBX</c> chunk.</summary>
internal static class PngManifestReader
{
    /// <summary>The 8-byte PNG signature.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const uint CaBx = 0x63614258;
    private const uint Iend = 0x49454E44;

    public static LocatedStore Locate(ReadOnlyMemory<byte> asset, string? source)
    {
        var span = asset.Span;
        var position = 8;
        ReadOnlyMemory<byte>? store = null;
        long storeOffset = -1;
        while (position + 12 <= span.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(position, 4));
            var type = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(position + 4, 4));
            if (length > int.MaxValue || position + 12L + length > span.Length)
                throw new InvalidMediaException(source, position, $"PNG chunk '{Jumbf.JumbfTypes.ToText(type)}' declares {length} bytes, beyond the file");
            if (type == CaBx)
            {
                if (store is not null)
                    throw ManifestLocator.TwoStores(source, position);
                store = asset.Slice(position + 8, (int)length);
                storeOffset = position + 8;
            }
            position += 12 + (int)length;
            if (type == Iend)
                break;
        }
        return new LocatedStore(AssetFormat.Png, store, storeOffset);
    }
}
