using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static Augment.Core.Tests.Models.SafeTensorsFixtures;

namespace Augment.Core.Tests.Models;

public class SafeTensorsWriterTests
{
    [Fact]
    public void Writer_output_follows_the_spec_byte_for_byte()
    {
        var bytes = new SafeTensorsWriter()
            .AddMetadata("format", "pt")
            .Add<float>("a+b", [2], [1f, -2.5f])
            .Add<short>("c", [1, 1], [-2])
            .ToArray();

        // Parse the layout by hand: u64 LE length, JSON padded with spaces to 8 bytes, then data.
        ulong n = 0;
        for (var i = 7; i >= 0; i--) n = (n << 8) | bytes[i];
        Assert.Equal(0UL, n % 8);
        var header = bytes.AsSpan(8, (int)n);
        Assert.Equal((byte)'{', header[0]);
        var json = Encoding.UTF8.GetString(header).TrimEnd(' ');
        Assert.Equal(json.Length, Encoding.UTF8.GetString(header).TrimEnd().Length);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("pt", root.GetProperty("__metadata__").GetProperty("format").GetString());
        var a = root.GetProperty("a+b");
        Assert.Equal("F32", a.GetProperty("dtype").GetString());
        Assert.Equal([2], a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([0, 8], a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        var c = root.GetProperty("c");
        Assert.Equal("I16", c.GetProperty("dtype").GetString());
        Assert.Equal([8, 10], c.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Contains("\"a+b\"", json, StringComparison.Ordinal); // readable, not \u002B

        var data = bytes.AsSpan(8 + (int)n);
        Assert.Equal(10, data.Length);
        Assert.Equal(0x3F800000u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        Assert.Equal(0xC0200000u, BinaryPrimitives.ReadUInt32LittleEndian(data[4..]));
        Assert.Equal(0xFFFE, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));
    }

    [Fact]
    public void Every_dtype_round_trips_through_a_saved_and_mapped_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("all.safetensors");
        var random = new Random(7);
        var writer = new SafeTensorsWriter().AddMetadata("name", "\"quoted\" é 漢");
        var expected = new Dictionary<string, (SafeTensorsDType DType, long[] Shape, byte[] Data)>();
        foreach (var dtype in Enum.GetValues<SafeTensorsDType>())
        {
            long[] shape = [3, 1 + (int)dtype % 3];
            var data = new byte[shape[0] * shape[1] * ElementSize(dtype)];
            random.NextBytes(data);
            var name = "t." + dtype;
            writer.Add(name, dtype, shape, data);
            expected[name] = (dtype, shape, data);
        }
        writer.Save(path);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(expected.Keys, file.Tensors.Select(t => t.Name));
        Assert.Equal("\"quoted\" é 漢", file.Metadata["name"]);
        Assert.Equal(0, file.DataStart % 8);
        foreach (var (name, (dtype, shape, data)) in expected)
        {
            var info = file.Expect(name, dtype, shape);
            Assert.Equal(data, file.GetBytes(info).ToArray());
        }
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void Writer_rejects_duplicate_or_reserved_names_and_wrong_byte_counts()
    {
        var writer = new SafeTensorsWriter().Add<float>("w", [2], [1f, 2f]);

        Assert.Throws<ArgumentException>(() => writer.Add<float>("w", [1], [3f]));
        Assert.Throws<ArgumentException>(() => writer.Add<float>("__metadata__", [1], [3f]));
        Assert.Throws<ArgumentException>(() => writer.Add<float>("x", [3], [3f]));
        Assert.Throws<ArgumentException>(() => writer.Add("y", SafeTensorsDType.BF16, [2], [1, 2, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add("z", SafeTensorsDType.U8, [-1], []));
        Assert.Equal(1, writer.Count);
    }

    private static int ElementSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 or SafeTensorsDType.U32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 or SafeTensorsDType.U16 => 2,
        _ => 1,
    };
}
