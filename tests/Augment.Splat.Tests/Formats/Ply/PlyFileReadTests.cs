using System.Security.Cryptography;

namespace Augment.Splat.Tests.Formats.Ply;

/// <summary>
/// Binary PLYs read from a file (positioned reads, decoded in parallel) must equal the same bytes read from a plain
/// stream, bit for bit, and fail the same typed way.
/// </summary>
public sealed class PlyFileReadTests : IDisposable
{
    private static readonly PlyCodec Codec = new();
    private static readonly ComputeBudget FourThreads = ComputeBudget.Default with { MaxThreads = 4 };
    private readonly string _folder = Directory.CreateTempSubdirectory("augment-ply-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Temp(string name) => Path.Combine(_folder, name);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static PlyEncoding EncodingOf(string format) => format switch
    {
        "binary_little_endian" => PlyEncoding.BinaryLittleEndian,
        "binary_big_endian" => PlyEncoding.BinaryBigEndian,
        _ => PlyEncoding.Ascii,
    };

    private static byte[] Write(GaussianCloud cloud, PlyEncoding encoding)
    {
        using var stream = new MemoryStream();
        PlyCodec.Write(cloud, stream, encoding, Token);
        return stream.ToArray();
    }

    private static GaussianCloud ReadStream(byte[] bytes, ComputeBudget budget) =>
        Codec.Read(new NonSeekableStream(bytes), "stream.ply", new SplatReadOptions { Budget = budget }, Token);

    private static GaussianCloud LoadFile(string path, ComputeBudget budget) =>
        SplatFile.Load(path, new SplatReadOptions { Budget = budget }, Token);

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    [InlineData("ascii")]
    public void File_load_equals_stream_load_bit_for_bit(string format)
    {
        foreach (var degree in new[] { 0, 1, 2, 3 })
        {
            // SH 3 rows with two extras are 244 bytes: 20,001 of them span ten chunks, the last one partial.
            var cloud = PlyTestFiles.RandomCloud(degree == 3 ? 20_001 : 3_001, degree, ["nx", "my_label"], seed: degree);
            cloud.X[3] = float.NaN;
            cloud.Y[4] = float.PositiveInfinity;
            cloud.Z[5] = float.Epsilon;
            cloud.Opacity[6] = -0f;
            var bytes = Write(cloud, EncodingOf(format));
            var path = Temp($"{format}-{degree}.ply");
            File.WriteAllBytes(path, bytes);
            foreach (var budget in new[] { ComputeBudget.SingleThreaded, FourThreads })
            {
                var fromFile = LoadFile(path, budget);
                PlyTestFiles.AssertBitEqual(cloud, fromFile);
                PlyTestFiles.AssertBitEqual(ReadStream(bytes, budget), fromFile);
            }
        }
    }

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    public void Mixed_types_in_any_order_after_a_list_element_read_the_same_from_a_file(string format)
    {
        string[] names = ["opacity", "rot_2", "z", "f_dc_1", "scale_0", "x", "red", "rot_0", "f_dc_0", "scale_2", "y", "rot_3", "f_dc_2", "scale_1", "rot_1", "quality"];
        string[] types = ["double", "float", "float", "float", "float", "double", "uchar", "float", "float", "float", "short", "float", "float", "float", "float", "int"];
        var props = new (string, string)[names.Length];
        for (var i = 0; i < names.Length; i++)
            props[i] = (types[i], names[i]);
        static double Value(int row, int prop) => prop switch
        {
            6 => (row * 7) % 256,
            10 => (row % 20_000) - 10_000,
            15 => (row * 1000) - 3,
            _ => ((row * 31) + prop) * 0.125,
        };
        // One face row with a 3-item list before the vertices, so the rows start after a skipped element.
        var big = format == "binary_big_endian";
        byte[] face = big ? [3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3] : [3, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
        // 67-byte rows: 30,000 of them span four chunks.
        var bytes = PlyTestFiles.Build(format, props, 30_000, Value, "element face 1\nproperty list uchar int vertex_indices\n", face);
        var path = Temp("mixed.ply");
        File.WriteAllBytes(path, bytes);
        var fromFile = LoadFile(path, FourThreads);
        PlyTestFiles.AssertBitEqual(ReadStream(bytes, ComputeBudget.SingleThreaded), fromFile);
        Assert.Equal(["red", "quality"], fromFile.ExtraNames);
        Assert.Equal((float)Value(29_999, 5), fromFile.X[29_999]);
        Assert.Equal((float)Value(12_345, 15), fromFile.Extra("quality")[12_345]);
    }

    [Fact]
    public void A_file_without_scale_rotation_or_colour_gets_identity_defaults()
    {
        var path = Temp("xyz.ply");
        File.WriteAllBytes(path, PlyTestFiles.Build("binary_little_endian", [("float", "x"), ("float", "y"), ("float", "z")], 20_000, (r, p) => r + p));
        var cloud = LoadFile(path, FourThreads);
        Assert.Equal(19_999f + 2, cloud.Z[19_999]);
        Assert.All(cloud.RotationW.ToArray(), w => Assert.Equal(1f, w));
        Assert.All(cloud.ScaleX.ToArray(), s => Assert.Equal(0f, s));
        Assert.All(cloud.ShDc(2).ToArray(), s => Assert.Equal(0f, s));
    }

    [Fact]
    public void A_file_stream_positioned_inside_a_file_reads_from_there_and_is_left_after_the_rows()
    {
        var cloud = PlyTestFiles.RandomCloud(20_001, 3, [], seed: 5);
        var ply = Write(cloud, PlyEncoding.BinaryLittleEndian);
        var path = Temp("embedded.bin");
        File.WriteAllBytes(path, [.. new byte[1000], .. ply, .. new byte[77]]);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.Position = 1000;
        var back = Codec.Read(stream, path, new SplatReadOptions { Budget = FourThreads }, Token);
        PlyTestFiles.AssertBitEqual(cloud, back);
        Assert.Equal(1000 + ply.Length, stream.Position);
    }

    [Fact]
    public void A_truncated_file_is_refused_naming_the_file_and_the_vertex_line_and_stays_unlocked()
    {
        var bytes = Write(PlyTestFiles.RandomCloud(20_001, 3, [], seed: 2), PlyEncoding.BinaryLittleEndian);
        var path = Temp("cut.ply");
        File.WriteAllBytes(path, bytes[..^1000]);
        var e = Assert.Throws<InvalidMediaException>(() => LoadFile(path, FourThreads));
        Assert.Equal(path, e.MediaName);
        Assert.Equal(bytes.AsSpan().IndexOf("element vertex"u8), e.Offset);
        Assert.Contains("20,001 vertices", e.Message, StringComparison.Ordinal);
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
    }

    [Fact]
    public void A_file_that_ends_during_the_parallel_read_names_the_offset_where_it_ends()
    {
        // The size check before the read sees a whole file; here the rows are read from a shorter one, as when the
        // file shrinks after that check.
        const int Count = 20_001;
        var bytes = Write(PlyTestFiles.RandomCloud(Count, 3, [], seed: 3), PlyEncoding.BinaryLittleEndian);
        using var reader = new PlyStreamReader(new MemoryStream(bytes), "header");
        var header = PlyHeader.Read(reader);
        var vertex = header.Find("vertex")!;
        var layout = PlyVertexLayout.Create(vertex, "header");
        var rows = new PlyBinaryRows(vertex, bigEndian: false, layout.Targets);
        var cut = bytes[..(int)(header.BodyOffset + (15_000L * rows.RowBytes) + 100)];
        var path = Temp("shrunk.ply");
        File.WriteAllBytes(path, cut);
        var cloud = GaussianCloud.Create(Count, layout.ShDegree, layout.ExtraNames);
        using var file = File.OpenHandle(path);
        foreach (var budget in new[] { ComputeBudget.SingleThreaded, FourThreads })
        {
            var e = Assert.Throws<InvalidMediaException>(() => PlyVertexDecoder.ReadBinary(file, header.BodyOffset, path, header.BodyOffset, rows, cloud.Planes, Count, budget, Token));
            Assert.Equal(path, e.MediaName);
            Assert.Equal(cut.Length, e.Offset);
            Assert.Contains("ends inside vertex 15000 of 20001", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_truncated_stream_read_by_several_workers_is_one_typed_error_where_it_ends()
    {
        var bytes = Write(PlyTestFiles.RandomCloud(20_001, 3, [], seed: 4), PlyEncoding.BinaryLittleEndian);
        var cut = bytes[..^1000];
        var e = Assert.Throws<InvalidMediaException>(() => ReadStream(cut, FourThreads));
        Assert.Equal(cut.Length, e.Offset);
        Assert.Contains("ends inside", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_leaves_the_file_unchanged_and_unlocked()
    {
        var bytes = Write(PlyTestFiles.RandomCloud(20_001, 3, ["nx"], seed: 6), PlyEncoding.BinaryLittleEndian);
        var path = Temp("keep.ply");
        File.WriteAllBytes(path, bytes);
        var written = File.GetLastWriteTimeUtc(path);
        LoadFile(path, FourThreads);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        // No handle is left open: an exclusive open and a delete both succeed.
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
        File.Delete(path);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_cancelled_load_throws_operation_cancelled_not_an_aggregate()
    {
        var bytes = Write(PlyTestFiles.RandomCloud(20_001, 3, [], seed: 8), PlyEncoding.BinaryLittleEndian);
        var path = Temp("cancel.ply");
        File.WriteAllBytes(path, bytes);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var options = new SplatReadOptions { Budget = FourThreads };
        Assert.ThrowsAny<OperationCanceledException>(() => SplatFile.Load(path, options, cancel.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Codec.Read(new NonSeekableStream(bytes), "stream.ply", options, cancel.Token));
    }
}
