using System.Formats.Cbor;
using Augment.Provenance.Cbor;
using Augment.Provenance.Claims;

namespace Augment.Provenance.Tests.Cbor;

public class CborTreeTests
{
    [Fact]
    public void Decodes_maps_arrays_and_scalars_in_file_order()
    {
        // {"b": [1, -2, h'0102', "x", true, null, 1.5], "a": {1: "one"}}
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteTextString("b");
        writer.WriteStartArray(7);
        writer.WriteInt32(1);
        writer.WriteInt32(-2);
        writer.WriteByteString([1, 2]);
        writer.WriteTextString("x");
        writer.WriteBoolean(true);
        writer.WriteNull();
        writer.WriteDouble(1.5);
        writer.WriteEndArray();
        writer.WriteTextString("a");
        writer.WriteStartMap(1);
        writer.WriteInt32(1);
        writer.WriteTextString("one");
        writer.WriteEndMap();
        writer.WriteEndMap();

        var map = Assert.IsType<CborMap>(CborTree.Decode(writer.Encode(), "t"));

        Assert.Equal(["b", "a"], map.Entries.Select(e => (string)e.Key));
        Assert.Equal(new object?[] { 1L, -2L, new byte[] { 1, 2 }, "x", true, null, 1.5 }, map.Array("b")!);
        Assert.Equal("one", map.Map("a")!.Get(1));
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_an_invalid_media_error()
    {
        var deep = Enumerable.Repeat((byte)0x81, 100).Append((byte)0x00).ToArray(); // [[[...0]]]
        var shallow = Enumerable.Repeat((byte)0x81, 30).Append((byte)0x00).ToArray();

        Assert.Throws<InvalidMediaException>(() => CborTree.Decode(deep, "deep"));
        Assert.Throws<InvalidMediaException>(() => CborTree.Decode(shallow, "shallow", maxDepth: 20));
        Assert.NotNull(CborTree.Decode(shallow, "shallow", maxDepth: 40));
    }

    [Theory]
    [InlineData(new byte[] { 0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // array of 2^64-1 items
    [InlineData(new byte[] { 0x5B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // byte string longer than the data
    [InlineData(new byte[] { 0xA1, 0x01 })] // map missing its value
    [InlineData(new byte[] { 0x1C })] // reserved additional info
    [InlineData(new byte[] { 0x01, 0x02 })] // trailing bytes
    [InlineData(new byte[] { })]
    public void Malformed_cbor_is_an_invalid_media_error(byte[] bytes)
    {
        Assert.Throws<InvalidMediaException>(() => CborTree.Decode(bytes, "bad"));
    }

    [Fact]
    public void Item_budget_stops_huge_documents()
    {
        var writer = new CborWriter();
        writer.WriteStartArray(5000);
        for (var i = 0; i < 5000; i++)
            writer.WriteInt32(i);
        writer.WriteEndArray();

        Assert.Throws<InvalidMediaException>(() => CborTree.Decode(writer.Encode(), "big", maxItems: 1000));
    }

    [Theory]
    [InlineData("self#jumbf=c2pa.assertions/c2pa.hash.data", null, "c2pa.assertions/c2pa.hash.data")]
    [InlineData("self#jumbf=/c2pa/urn:uuid:1/c2pa.assertions/c2pa.actions", "urn:uuid:1", "c2pa.assertions/c2pa.actions")]
    [InlineData("self#jumbf=/c2pa/urn:uuid:1", "urn:uuid:1", "")]
    public void Jumbf_uris_split_into_manifest_and_path(string url, string? manifest, string path)
    {
        Assert.True(JumbfUri.TryParse(url, out var label, out var segments));
        Assert.Equal(manifest, label);
        Assert.Equal(path, string.Join('/', segments));
    }

    [Theory]
    [InlineData("http://example.com/x")]
    [InlineData("self#jumbf=/other/x")]
    [InlineData("self#jumbf=")]
    public void Foreign_uris_do_not_resolve(string url)
    {
        Assert.False(JumbfUri.TryParse(url, out _, out _));
    }

    [Theory]
    [InlineData("c2pa.ingredient__2", "c2pa.ingredient")]
    [InlineData("c2pa.ingredient.v3__10", "c2pa.ingredient.v3")]
    [InlineData("c2pa.actions", "c2pa.actions")]
    [InlineData("a__b", "a__b")]
    public void Instance_suffix_is_dropped_from_labels(string label, string expected)
    {
        Assert.Equal(expected, JumbfUri.BaseLabel(label));
    }
}
