using System.Formats.Cbor;
using Augment.Provenance.Containers;

namespace Augment.Provenance.Signing;

/// <summary>The CBOR of the hard-binding assertions Augment writes: <c>c2pa.hash.data</c> (C2PA 2.1, section 18.5)
/// and <c>c2pa.hash.bmff.v2</c> without a Merkle tree (section 18.6).</summary>
internal static class HardBindingCbor
{
    /// <summary>The label of the data hash assertion.</summary>
    public const string DataHashLabel = "c2pa.hash.data";

    /// <summary>The label of the BMFF hash assertion Augment writes.</summary>
    public const string BmffHashLabel = "c2pa.hash.bmff.v2";

    /// <summary><c>c2pa.hash.data</c> over everything but <paramref name="exclusion"/> (none for a sidecar: the whole asset is hashed).</summary>
    public static byte[] DataHash((long Start, long Length)? exclusion, ReadOnlySpan<byte> hash)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(5);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusion is null ? 0 : 1);
        if (exclusion is { } range)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("start");
            writer.WriteInt64(range.Start);
            writer.WriteTextString("length");
            writer.WriteInt64(range.Length);
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteTextString("name");
        writer.WriteTextString("jumbf manifest");
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        // The reference reader requires the field; the two-pass size fixing leaves nothing to pad.
        writer.WriteTextString("pad");
        writer.WriteByteString([]);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary><c>c2pa.hash.bmff.v2</c> with <paramref name="exclusions"/> (only the fields each one sets are written).</summary>
    public static byte[] BmffHash(IReadOnlyList<BmffExclusion> exclusions, ReadOnlySpan<byte> hash)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(4);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusions.Count);
        foreach (var exclusion in exclusions)
        {
            var fields = 1 + (exclusion.Length is null ? 0 : 1) + (exclusion.Data is null ? 0 : 1) + (exclusion.Subset is null ? 0 : 1)
                + (exclusion.Version is null ? 0 : 1) + (exclusion.Flags is null ? 0 : 2);
            writer.WriteStartMap(fields);
            writer.WriteTextString("xpath");
            writer.WriteTextString(exclusion.Xpath);
            if (exclusion.Length is { } length)
            {
                writer.WriteTextString("length");
                writer.WriteInt64(length);
            }
            if (exclusion.Data is { } data)
            {
                writer.WriteTextString("data");
                writer.WriteStartArray(data.Count);
                foreach (var (offset, value) in data)
                {
                    writer.WriteStartMap(2);
                    writer.WriteTextString("offset");
                    writer.WriteInt64(offset);
                    writer.WriteTextString("value");
                    writer.WriteByteString(value);
                    writer.WriteEndMap();
                }
                writer.WriteEndArray();
            }
            if (exclusion.Subset is { } subset)
            {
                writer.WriteTextString("subset");
                writer.WriteStartArray(subset.Count);
                foreach (var (offset, count) in subset)
                {
                    writer.WriteStartMap(2);
                    writer.WriteTextString("offset");
                    writer.WriteInt64(offset);
                    writer.WriteTextString("length");
                    writer.WriteInt64(count);
                    writer.WriteEndMap();
                }
                writer.WriteEndArray();
            }
            if (exclusion.Version is { } version)
            {
                writer.WriteTextString("version");
                writer.WriteInt32(version);
            }
            if (exclusion.Flags is { } flags)
            {
                writer.WriteTextString("flags");
                writer.WriteByteString(flags);
                writer.WriteTextString("exact");
                writer.WriteBoolean(exclusion.Exact);
            }
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("name");
        writer.WriteTextString("jumbf manifest");
        writer.WriteEndMap();
        return writer.Encode();
    }
}
