using System.Buffers.Binary;
using Augment.Provenance.Jumbf;
using static Augment.Provenance.Tests.TestJumbf;

namespace Augment.Provenance.Tests.Jumbf;

public class JumbfReaderTests
{
    [Fact]
    public void Superbox_tree_reads_labels_uuids_and_content_payloads()
    {
        var cbor = Box("cbor", [0xA0]);
        var json = Box("json", "{}"u8.ToArray());
        var bytes = Superbox("c2pa", "c2pa", Superbox("c2ma", "urn:one", Superbox("cbor", "c2pa.actions", cbor), Superbox("json", "x.y", json)));

        var root = JumbfReader.ParseSuperbox(bytes, "test");

        Assert.Equal("c2pa", root.Label);
        Assert.True(root.Description!.Is(JumbfTypes.ManifestStoreCode));
        var manifest = Assert.Single(root.Children);
        Assert.Equal("urn:one", manifest.Label);
        Assert.True(manifest.Description!.Is(JumbfTypes.ManifestCode));
        Assert.Equal(2, manifest.Children.Count);
        Assert.Equal([0xA0], manifest.Child("c2pa.actions")!.Content(JumbfTypes.Cbor)!.Payload.ToArray());
        Assert.Equal("{}"u8.ToArray(), manifest.Child("x.y")!.Content(JumbfTypes.Json)!.Payload.ToArray());
        // The superbox payload is everything after LBox/TBox: what hashed URIs cover.
        Assert.Equal(bytes.AsSpan(8).ToArray(), root.Payload.ToArray());
    }

    [Fact]
    public void XLBox_lengths_are_read()
    {
        var payload = TestJumbf.Concat(Description("c2pa", "c2pa"), Box("cbor", [1, 2, 3]));
        var bytes = new byte[16 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 1);
        "jumb"u8.CopyTo(bytes.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), (ulong)bytes.Length);
        payload.CopyTo(bytes, 16);

        var root = JumbfReader.ParseSuperbox(bytes, "test");

        Assert.Equal(16, root.HeaderLength);
        Assert.Equal([1, 2, 3], root.Content(JumbfTypes.Cbor)!.Payload.ToArray());
    }

    [Fact]
    public void Zero_LBox_runs_to_the_end_of_the_parent()
    {
        var last = Box("cbor", [9, 9]);
        BinaryPrimitives.WriteUInt32BigEndian(last, 0);
        var root = JumbfReader.ParseSuperbox(Superbox("c2pa", "c2pa", last), "test");

        Assert.Equal([9, 9], root.Content(JumbfTypes.Cbor)!.Payload.ToArray());
    }

    [Fact]
    public void Description_with_id_hash_and_private_box_is_read()
    {
        var hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var salt = Box("c2sh", new byte[16]);
        var description = new List<byte>();
        description.AddRange("json"u8.ToArray());
        description.AddRange(Suffix);
        description.Add(0x1F);
        description.AddRange("lbl\0"u8.ToArray());
        description.AddRange(new byte[] { 0, 0, 0, 7 });
        description.AddRange(hash);
        description.AddRange(salt);
        var bytes = Box("jumb", TestJumbf.Concat(Box("jumd", description.ToArray()), Box("json", "1"u8.ToArray())));

        var root = JumbfReader.ParseSuperbox(bytes, "test");

        Assert.Equal("lbl", root.Label);
        Assert.Equal(7u, root.Description!.Id);
        Assert.Equal(hash, root.Description.Sha256);
        Assert.Equal(salt, root.Description.PrivateBox!.Value.ToArray());
    }

    [Fact]
    public void Child_length_beyond_its_parent_is_an_invalid_media_error_with_the_offset()
    {
        var child = Box("cbor", [1, 2, 3, 4]);
        BinaryPrimitives.WriteUInt32BigEndian(child, 1000);
        var bytes = Superbox("c2pa", "c2pa", child);

        var error = Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(bytes, "store.c2pa"));

        Assert.Equal("store.c2pa", error.MediaName);
        Assert.Equal(bytes.Length - child.Length, error.Offset);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3u)]
    [InlineData(7u)]
    public void Length_smaller_than_the_header_is_rejected(uint lbox)
    {
        var child = Box("cbor", [1, 2, 3, 4]);
        BinaryPrimitives.WriteUInt32BigEndian(child, lbox);

        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(Superbox("c2pa", "c2pa", child), "t"));
    }

    [Fact]
    public void Huge_XLBox_is_rejected_not_allocated()
    {
        var bytes = Superbox("c2pa", "c2pa", Box("cbor", new byte[8]));
        var child = bytes.Length - 16;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(child), 1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(child + 8), ulong.MaxValue);

        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(bytes, "t"));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        var box = Box("cbor", [0]);
        for (var i = 0; i < 40; i++)
            box = Superbox("c2pa", "l" + i, box);

        var error = Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(box, "deep"));
        Assert.Contains("deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_boxes_are_rejected()
    {
        var children = Enumerable.Range(0, 50).Select(_ => Box("cbor", [])).ToArray();

        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(Superbox("c2pa", "c2pa", children), "t", new JumbfLimits(8, 20, 1 << 20)));
    }

    [Fact]
    public void Superbox_without_description_and_unterminated_label_are_rejected()
    {
        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(Box("jumb", Box("cbor", [1])), "t"));
        var description = TestJumbf.Concat("c2pa"u8.ToArray(), Suffix, [0x03], "nolabel"u8.ToArray());
        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(Box("jumb", Box("jumd", description)), "t"));
    }

    [Fact]
    public void Stray_bytes_after_the_last_child_are_rejected()
    {
        var bytes = Box("jumb", TestJumbf.Concat(Description("c2pa", "c2pa"), [1, 2, 3]));

        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(bytes, "t"));
    }

    [Fact]
    public void Content_box_at_the_top_is_not_a_store()
    {
        Assert.Throws<InvalidMediaException>(() => JumbfReader.ParseSuperbox(Box("cbor", [0]), "t"));
    }
}
