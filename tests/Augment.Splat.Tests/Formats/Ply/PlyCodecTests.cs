using System.Text;

namespace Augment.Splat.Tests.Formats.Ply;

public class PlyCodecTests
{
    private static readonly PlyCodec Codec = new();

    private static GaussianCloud Read(byte[] bytes, SplatReadOptions? options = null) =>
        Codec.Read(new MemoryStream(bytes), "test.ply", options ?? SplatReadOptions.Default, TestContext.Current.CancellationToken);

    private static byte[] Write(GaussianCloud cloud, PlyEncoding encoding)
    {
        using var stream = new MemoryStream();
        PlyCodec.Write(cloud, stream, encoding, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    [Fact]
    public void Tiny_ply_reads_every_value_as_a_hand_decoder_sees_it()
    {
        var path = PlyTestFiles.DataPath("ply/tiny.ply");
        var (names, rows) = PlyTestFiles.ReadFloatPlyByHand(path);
        using var stream = File.OpenRead(path);
        var cloud = Codec.Read(stream, path, SplatReadOptions.Default, TestContext.Current.CancellationToken);

        Assert.Equal(1000, cloud.Count);
        Assert.Equal(3, cloud.ShDegree);
        Assert.Equal(["nx", "ny", "nz"], cloud.ExtraNames);
        Assert.Equal(62, names.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            for (var p = 0; p < names.Length; p++)
            {
                var name = names[p];
                var actual = name switch
                {
                    "x" => cloud.X[i],
                    "y" => cloud.Y[i],
                    "z" => cloud.Z[i],
                    "opacity" => cloud.Opacity[i],
                    "scale_0" => cloud.ScaleX[i],
                    "scale_1" => cloud.ScaleY[i],
                    "scale_2" => cloud.ScaleZ[i],
                    "rot_0" => cloud.RotationW[i],
                    "rot_1" => cloud.RotationX[i],
                    "rot_2" => cloud.RotationY[i],
                    "rot_3" => cloud.RotationZ[i],
                    _ when name.StartsWith("f_dc_", StringComparison.Ordinal) => cloud.ShDc(name[5] - '0')[i],
                    _ when name.StartsWith("f_rest_", StringComparison.Ordinal) => RestValue(cloud, int.Parse(name[7..], System.Globalization.CultureInfo.InvariantCulture), i),
                    _ => cloud.Extra(name)[i],
                };
                Assert.Equal(rows[i][p], actual);
            }
        }
    }

    private static float RestValue(GaussianCloud cloud, int index, int i) => cloud.ShRest(index / 15, index % 15)[i];

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    [InlineData("ascii")]
    public void Round_trip_is_bit_exact(string format)
    {
        var encoding = format switch
        {
            "binary_little_endian" => PlyEncoding.BinaryLittleEndian,
            "binary_big_endian" => PlyEncoding.BinaryBigEndian,
            _ => PlyEncoding.Ascii,
        };
        foreach (var degree in new[] { 0, 1, 2, 3 })
        {
            var cloud = PlyTestFiles.RandomCloud(257, degree, ["nx", "my_label"], seed: degree);
            cloud.X[3] = float.NaN;
            cloud.Y[4] = float.PositiveInfinity;
            cloud.Z[5] = float.Epsilon;
            cloud.Opacity[6] = -0f;
            var back = Read(Write(cloud, encoding));
            PlyTestFiles.AssertBitEqual(cloud, back);
        }
    }

    [Fact]
    public void Tiny_ply_round_trips_through_the_writer_bit_exact()
    {
        var original = Read(File.ReadAllBytes(PlyTestFiles.DataPath("ply/tiny.ply")));
        PlyTestFiles.AssertBitEqual(original, Read(Write(original, PlyEncoding.BinaryLittleEndian)));
        PlyTestFiles.AssertBitEqual(original, Read(Write(original, PlyEncoding.Ascii)));
    }

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    [InlineData("ascii")]
    public void Shuffled_property_order_and_mixed_types_map_by_name(string format)
    {
        string[] names = ["opacity", "rot_2", "z", "f_dc_1", "scale_0", "x", "red", "rot_0", "f_dc_0", "scale_2", "y", "rot_3", "f_dc_2", "scale_1", "rot_1", "quality"];
        string[] types = ["double", "float", "float", "float", "float", "double", "uchar", "float", "float", "float", "short", "float", "float", "float", "float", "int"];
        var props = names.Select((n, i) => (types[i], n)).ToArray();
        static double Value(int row, int prop) => prop switch
        {
            6 => (row * 7) % 256,
            10 => row - 50,
            15 => (row * 1000) - 3,
            _ => ((row * 31) + prop) * 0.125,
        };
        var cloud = Read(PlyTestFiles.Build(format, props, 100, Value));
        Assert.Equal(["red", "quality"], cloud.ExtraNames);
        Assert.Equal(0, cloud.ShDegree);
        for (var r = 0; r < 100; r++)
        {
            Assert.Equal((float)Value(r, 5), cloud.X[r]);
            Assert.Equal((float)Value(r, 10), cloud.Y[r]);
            Assert.Equal((float)Value(r, 2), cloud.Z[r]);
            Assert.Equal((float)Value(r, 0), cloud.Opacity[r]);
            Assert.Equal((float)Value(r, 7), cloud.RotationW[r]);
            Assert.Equal((float)Value(r, 14), cloud.RotationX[r]);
            Assert.Equal((float)Value(r, 1), cloud.RotationY[r]);
            Assert.Equal((float)Value(r, 11), cloud.RotationZ[r]);
            Assert.Equal((float)Value(r, 4), cloud.ScaleX[r]);
            Assert.Equal((float)Value(r, 13), cloud.ScaleY[r]);
            Assert.Equal((float)Value(r, 9), cloud.ScaleZ[r]);
            Assert.Equal((float)Value(r, 8), cloud.ShDc(0)[r]);
            Assert.Equal((float)Value(r, 3), cloud.ShDc(1)[r]);
            Assert.Equal((float)Value(r, 12), cloud.ShDc(2)[r]);
            Assert.Equal((float)Value(r, 6), cloud.Extra("red")[r]);
            Assert.Equal((float)Value(r, 15), cloud.Extra("quality")[r]);
        }
    }

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    [InlineData("ascii")]
    public void Elements_before_the_vertices_are_skipped_lists_included(string format)
    {
        // Two "face" rows with lists of 3 and 4 ints, before the vertex element.
        var preamble = "element face 2\nproperty list uchar int vertex_indices\nproperty float w\n";
        byte[] preBody;
        if (format == "ascii")
        {
            preBody = Encoding.ASCII.GetBytes("3 1 2 3 0.5\n4 1 2 3 4 0.25\n");
        }
        else
        {
            var big = format == "binary_big_endian";
            var bytes = new List<byte>();
            foreach (var n in new[] { 3, 4 })
            {
                bytes.Add((byte)n);
                for (var k = 0; k < n; k++)
                {
                    var b = BitConverter.GetBytes(k);
                    if (big) Array.Reverse(b);
                    bytes.AddRange(b);
                }
                var w = BitConverter.GetBytes(0.5f);
                if (big) Array.Reverse(w);
                bytes.AddRange(w);
            }
            preBody = [.. bytes];
        }
        (string, string)[] props = [("float", "x"), ("float", "y"), ("float", "z")];
        var cloud = Read(PlyTestFiles.Build(format, props, 3, (r, p) => (r * 10) + p, preamble, preBody));
        Assert.Equal(3, cloud.Count);
        Assert.Equal([0f, 10, 20], cloud.X.ToArray());
        Assert.Equal([2f, 12, 22], cloud.Z.ToArray());
    }

    [Fact]
    public void A_file_without_scale_rotation_or_colour_gets_identity_defaults()
    {
        var cloud = Read(PlyTestFiles.Build("binary_little_endian", [("float", "x"), ("float", "y"), ("float", "z")], 2, (r, p) => r + p));
        Assert.Equal([1f, 1], cloud.RotationW.ToArray());
        Assert.Equal([0f, 0], cloud.ScaleX.ToArray());
    }

    [Fact]
    public void Large_files_stream_through_several_blocks()
    {
        // 40,001 SH3 rows are ~10 MB: about twenty 0.5 MB chunks, read in order while several workers decode, the last one partial.
        var cloud = PlyTestFiles.RandomCloud(40_001, 3, ["nx"], seed: 7);
        var bytes = Write(cloud, PlyEncoding.BinaryLittleEndian);
        PlyTestFiles.AssertBitEqual(cloud, Read(bytes, new SplatReadOptions { Budget = ComputeBudget.Default with { MaxThreads = 4 } }));
        PlyTestFiles.AssertBitEqual(cloud, Read(bytes, new SplatReadOptions { Budget = ComputeBudget.SingleThreaded }));
    }

    private static InvalidMediaException Lie(string header, byte[]? body = null)
    {
        var bytes = Encoding.ASCII.GetBytes(header).Concat(body ?? []).ToArray();
        return Assert.Throws<InvalidMediaException>(() => Read(bytes));
    }

    [Fact]
    public void A_vertex_count_beyond_the_file_size_is_refused_before_allocating()
    {
        var e = Lie("ply\nformat binary_little_endian 1.0\nelement vertex 40000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n", new byte[24]);
        Assert.Equal("test.ply", e.MediaName);
        Assert.Equal(36, e.Offset); // the element line
        Assert.Contains("40,000,000 vertices", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_data_names_the_offset_where_it_ends()
    {
        var cloud = PlyTestFiles.RandomCloud(10, 0, [], seed: 1);
        var bytes = Write(cloud, PlyEncoding.BinaryLittleEndian);
        var cut = bytes[..^10];
        // Non-seekable, so the size check cannot see the lie up front: the body read must.
        var e = Assert.Throws<InvalidMediaException>(() => Codec.Read(new NonSeekableStream(cut), "cut.ply", SplatReadOptions.Default, TestContext.Current.CancellationToken));
        Assert.Equal(cut.Length, e.Offset);
        Assert.Contains("ends inside", e.Message, StringComparison.Ordinal);
        // Seekable: refused up front.
        Assert.Throws<InvalidMediaException>(() => Read(cut));
    }

    [Fact]
    public void Truncated_ascii_is_an_error()
    {
        var bytes = Write(PlyTestFiles.RandomCloud(10, 0, [], seed: 1), PlyEncoding.Ascii);
        var e = Assert.Throws<InvalidMediaException>(() => Read(bytes[..(bytes.Length * 3 / 4)]));
        Assert.True(e.Offset > 0);
    }

    [Fact]
    public void Header_lies_are_typed_errors_with_offsets()
    {
        const string start = "ply\nformat binary_little_endian 1.0\nelement vertex 1\n";
        Assert.Contains("no 'x'", Lie(start + "property float y\nproperty float z\nend_header\n", new byte[8]).Message, StringComparison.Ordinal);
        var duplicate = Lie(start + "property float x\nproperty float y\nproperty float z\nproperty float y\nend_header\n", new byte[16]);
        Assert.Contains("declared twice", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(start.Length + 51, duplicate.Offset);
        Assert.Contains("list", Lie(start + "property float x\nproperty float y\nproperty float z\nproperty list uchar int idx\nend_header\n", new byte[32]).Message, StringComparison.Ordinal);
        Assert.Contains("10 f_rest_*", Lie(start + "property float x\nproperty float y\nproperty float z\n" + string.Concat(Enumerable.Range(0, 10).Select(k => $"property float f_rest_{k}\n")) + "end_header\n", new byte[64]).Message, StringComparison.Ordinal);
        Assert.Contains("f_rest_0..f_rest_8", Lie(start + "property float x\nproperty float y\nproperty float z\n" + string.Concat(Enumerable.Range(1, 9).Select(k => $"property float f_rest_{k}\n")) + "end_header\n", new byte[64]).Message, StringComparison.Ordinal);
        Lie("ply\nformat binary_middle_endian 1.0\nend_header\n");
        Lie("ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty float x\n");
        Lie("ply\nformat binary_little_endian 1.0\nelement vertex -3\nproperty float x\nend_header\n");
        Lie("ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty quad x\nend_header\n");
        Lie("ply\nformat binary_little_endian 1.0\nelement face 1\nproperty float x\nend_header\n");
        Lie("nope\n");
    }

    [Fact]
    public void Absurd_counts_are_refused()
    {
        var huge = Lie("ply\nformat binary_little_endian 1.0\nelement vertex 99999999999999999\nproperty float x\nproperty float y\nproperty float z\nend_header\n");
        Assert.Contains("splats", huge.Message, StringComparison.Ordinal);
        var bytes = Write(PlyTestFiles.RandomCloud(10, 0, [], seed: 1), PlyEncoding.BinaryLittleEndian);
        var limited = Assert.Throws<InvalidMediaException>(() => Read(bytes, new SplatReadOptions { MaxSplats = 9 }));
        Assert.Contains("MaxSplats", limited.Message, StringComparison.Ordinal);
        Lie("ply\nformat binary_little_endian 1.0\nelement face 9223372036854775807\nproperty double a\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n", new byte[12]);
    }

    [Fact]
    public void Memory_budget_is_honoured()
    {
        // 10,000 SH3 splats need 62 planes x 40 kB = 2.5 MB, over a 1 MB budget.
        var bytes = Write(PlyTestFiles.RandomCloud(10_000, 3, [], seed: 1), PlyEncoding.BinaryLittleEndian);
        Assert.Throws<ResourceLimitException>(() => Read(bytes, new SplatReadOptions { Budget = ComputeBudget.Default with { MaxMemoryBytes = 1 << 20 } }));
    }

    [Fact]
    public void Ascii_garbage_value_is_an_error_naming_the_vertex()
    {
        var e = Lie("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n4 five 6\n");
        Assert.Contains("vertex 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_headers_are_accepted()
    {
        var bytes = Encoding.ASCII.GetBytes("ply\r\nformat ascii 1.0\r\nelement vertex 1\r\nproperty float x\r\nproperty float y\r\nproperty float z\r\nend_header\r\n1 2 3\r\n");
        Assert.Equal(2f, Read(bytes).Y[0]);
    }

    [Fact]
    public void Writer_uses_the_3dgs_property_order_with_extras_last()
    {
        var bytes = Write(GaussianCloud.Create(1, 1, ["nx"]), PlyEncoding.BinaryLittleEndian);
        var text = Encoding.ASCII.GetString(bytes);
        var header = text[..text.IndexOf("end_header", StringComparison.Ordinal)];
        var names = header.Split('\n').Where(l => l.StartsWith("property", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToArray();
        string[] expected = ["x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", .. Enumerable.Range(0, 9).Select(k => $"f_rest_{k}"), "opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3", "nx"];
        Assert.Equal(expected, names);
        Assert.Contains("binary_little_endian", header, StringComparison.Ordinal);
    }
}
