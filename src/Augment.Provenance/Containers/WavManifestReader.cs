using System.Buffers.Binary;

namespace Augment.Provenance.Containers;

/// <summary>C2PA in WAV (C2PA 2.1, section A.3.6, RIFF): the manifest store is the data of a top-level <c>C2PA</c> chunk.</summary>
internal static class WavManifestReader
{
    private const uint C2pa = 0x43325041;

    public static LocatedStore Locate(ReadOnlyMemory<byte> asset, string? source)
    {
        var span = asset.Span;
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(4, 4));
        // A RIFF size that overstates the file is common in truncated recordings; read what is there.
        var end = (int)Math.Min(span.Length, 8L + riffSize);
        var position = 12;
        ReadOnlyMemory<byte>? store = null;
        long storeOffset = -1;
        while (position + 8 <= end)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(position, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(position + 4, 4));
            if (position + 8L + size > end)
                throw new InvalidMediaException(source, position, $"RIFF chunk '{Jumbf.JumbfTypes.ToText(id)}' declares {size} bytes, beyond the file");
            if (id == C2pa)
            {
                if (store is not null)
                    throw ManifestLocator.TwoStores(source, position);
                store = asset.Slice(position + 8, (int)size);
                storeOffset = position + 8;
            }
            // Chunks are padded to an even size (RIFF).
            position += 8 + (int)size + (int)(size & 1);
        }
        return new LocatedStore(AssetFormat.Wav, store, storeOffset);
    }
}
