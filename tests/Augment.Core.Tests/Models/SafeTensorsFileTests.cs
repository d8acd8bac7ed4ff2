using System.Security.Cryptography;
using System.Text;
using static Augment.Core.Tests.Models.SafeTensorsFixtures;

namespace Augment.Core.Tests.Models;

public class SafeTensorsFileTests
{
    [Fact]
    public void Hand_built_F32_file_gives_the_floats_its_bytes_encode()
    {
        const string Json = """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        // 1.0f = 0x3F800000 and -2.5f = 0xC0200000, little-endian.
        var bytes = Build(Json, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0);

        using var file = SafeTensorsFile.FromBytes(bytes, "fixture");

        var w = Assert.Single(file.Tensors);
        Assert.Equal("w", w.Name);
        Assert.Equal(SafeTensorsDType.F32, w.DType);
        Assert.Equal([2L], w.Shape);
        Assert.Equal(2, w.ElementCount);
        Assert.Equal(8, w.ByteLength);
        Assert.Equal(8 + Json.Length, file.DataStart);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([1.0f, -2.5f], file.GetSpan<float>("w").ToArray());
        Assert.Equal(bytes[^8..], file.GetBytes("w").ToArray());
        Assert.Equal([1.0f, -2.5f], file.ReadSingles("w"));
    }

    [Fact]
    public void Hand_built_F16_BF16_and_I64_tensors_read_as_their_bit_patterns_say()
    {
        const string Json = """
            {"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]},
             "b":{"dtype":"BF16","shape":[2,2],"data_offsets":[10,18]},
             "n":{"dtype":"I64","shape":[],"data_offsets":[18,26]}}
            """;
        byte[] data =
        [
            0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, 0xFF, 0x7B, 0x01, 0x00, // F16 1, -2, 0.5, 65504, 2^-24
            0x80, 0x3F, 0x20, 0xC0, 0x49, 0x40, 0x80, 0x7F,             // BF16 1, -2.5, 3.140625, +inf
            0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,             // I64 -3
        ];
        using var file = SafeTensorsFile.FromBytes(Build(Json, data));

        Assert.Equal(["h", "b", "n"], file.Tensors.Select(t => t.Name));
        Assert.Equal([1f, -2f, 0.5f, 65504f, MathF.Pow(2, -24)], file.ReadSingles("h"));
        Assert.Equal((Half)0.5f, file.GetSpan<Half>("h")[2]);
        Assert.Equal([1f, -2.5f, 3.140625f, float.PositiveInfinity], file.ReadSingles("b"));
        Assert.Equal([0x3F80, 0xC020, 0x4049, 0x7F80], file.GetSpan<ushort>("b").ToArray());
        Assert.Equal([2L, 2L], file.GetTensor("b").Shape);
        Assert.Empty(file.GetTensor("n").Shape);
        Assert.Equal(1, file.GetTensor("n").ElementCount);
        Assert.Equal(-3L, file.GetSpan<long>("n")[0]);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Mapped_file_reads_in_place_and_is_never_modified()
    {
        using var folder = new TempFolder();
        var path = folder.File("weights.safetensors");
        var values = Enumerable.Range(0, 1000).Select(i => i * 0.25f - 7f).ToArray();
        new SafeTensorsWriter()
            .AddMetadata("adapter", "test")
            .Add<float>("layer.weight", [10, 100], values)
            .Add<sbyte>("layer.scale", [3], [-1, 0, 1])
            .Save(path);
        var hashBefore = SHA256.HashData(File.ReadAllBytes(path));
        var stamp = File.GetLastWriteTimeUtc(path);

        var file = SafeTensorsFile.Open(path);
        using (var second = SafeTensorsFile.Open(path))
        {
            Assert.Equal(values, file.GetSpan<float>("layer.weight").ToArray());
            Assert.Equal(values, second.ReadSingles("layer.weight"));
            Assert.Equal([-1, 0, 1], file.GetSpan<sbyte>("layer.scale").ToArray());
            Assert.Equal("test", file.Metadata["adapter"]);
            Assert.Equal(path, file.SourceName);
        }
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.GetBytes("layer.scale").Length);
        Assert.Equal(hashBefore, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        File.Delete(path); // the mapping is released
    }

    [Fact]
    public void Files_shorter_than_the_length_prefix_are_invalid_whether_mapped_or_in_memory()
    {
        using var folder = new TempFolder();
        for (var length = 0; length < 8; length++)
        {
            var bytes = new byte[length];
            var path = folder.File($"short{length}.safetensors");
            File.WriteAllBytes(path, bytes);

            var mapped = Assert.Throws<InvalidModelException>(() => SafeTensorsFile.Open(path));
            var memory = Assert.Throws<InvalidModelException>(() => SafeTensorsFile.FromBytes(bytes, "mem"));

            Assert.Contains(path, mapped.Message, StringComparison.Ordinal);
            Assert.Contains("shorter than the 8-byte header length", mapped.Message, StringComparison.Ordinal);
            Assert.Contains("'mem'", memory.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, byte[], string, long> MalformedFiles()
    {
        const string Good = """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        var four = new byte[4];
        var eight = new byte[8];
        var data = new TheoryData<string, byte[], string, long>();
        void Add(string label, string json, byte[] payload, string reason, string? marker, int occurrence = 0)
        {
            var at = marker is null ? 0 : 8 + Encoding.UTF8.GetByteCount(json[..IndexOf(json, marker, occurrence)]);
            data.Add(label, Build(json, payload), reason, at);
        }

        data.Add("length past end", WithLength(1000, Encoding.UTF8.GetBytes(Good), four), "runs past the end", 0);
        data.Add("length over limit", WithLength(200_000_000, Encoding.UTF8.GetBytes(Good), four), "exceeds the limit", 0);
        data.Add("length u64 max", WithLength(ulong.MaxValue, Encoding.UTF8.GetBytes(Good), four), "exceeds the limit", 0);
        data.Add("bad utf8", Build([.. "{\"a"u8, 0xFF, .. "\":1}"u8], []), "not valid UTF-8", 11);
        Add("not an object", "[1,2]", [], "does not start with '{'", null);
        Add("leading space", " {}", [], "does not start with '{'", null);
        Add("truncated json", """{"a":{"dtype":"F32",""", four, "not valid JSON", null);
        Add("junk after object", """{} x""", [], "not valid JSON", null);
        Add("lone surrogate", """{"\ud800":{}}""", [], "invalid string", "\"\\ud800\"");
        Add("unknown dtype", """{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,4]}}""", four, "unknown or unsupported dtype 'F128'", "\"a\"");
        Add("negative dim", """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", four, "negative", "-1");
        Add("fractional dim", """{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", four, "not an integer", "1.5");
        Add("count overflow", """{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}""", four, "overflows", "\"a\"");
        Add("bytes overflow", """{"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]}}""", eight, "overflows", "\"a\"");
        Add("three offsets", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", four, "more than 2 values", "8]");
        Add("one offset", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}}""", four, "has 1 values, not 2", "\"data_offsets\"");
        Add("descending", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", four, "are not ascending", "\"a\"");
        Add("past buffer", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", four, "past the end of the 4-byte data buffer", "\"a\"");
        Add("size mismatch", """{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,4]}}""", four, "holds 4 bytes but F16 [1] needs 2", "\"a\"");
        Add("overlap", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F16","shape":[2],"data_offsets":[2,6]}}""", eight, "overlaps tensor 'a'", null);
        Add("hole", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", eight, "data bytes 0..4 belong to no tensor", null);
        Add("trailing bytes", Good, eight, "last 4 bytes of the 8-byte data buffer belong to no tensor", null);
        Add("duplicate name", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}""", [1, 2], "tensor 'a' appears twice", "\"a\"", 1);
        Add("metadata number", """{"__metadata__":{"k":1}}""", [], "metadata value of 'k' is not a string", "1}");
        Add("metadata twice", """{"__metadata__":{},"__metadata__":{}}""", [], "'__metadata__' appears twice", "\"__metadata__\"", 1);
        Add("entry not object", """{"a":[1]}""", [], "tensor 'a' is not an object", "[1]");
        Add("missing dtype", """{"a":{"shape":[0],"data_offsets":[0,0]}}""", [], "has no dtype", "\"a\"");
        Add("unknown field", """{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0],"scale":2}}""", [], "unknown field 'scale'", "\"scale\"");
        Add("rank over 64", "{\"a\":{\"dtype\":\"U8\",\"shape\":[" + string.Join(",", Enumerable.Repeat("1", 65)) + "],\"data_offsets\":[0,1]}}", [7], "more than 64 values", null);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Malformed_files_raise_InvalidModelException_naming_source_offset_and_reason(string label, byte[] bytes, string reason, long offset)
    {
        var error = Assert.Throws<InvalidModelException>(() => SafeTensorsFile.FromBytes(bytes, label));

        Assert.Contains($"'{label}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        if (offset > 0 || label.StartsWith("length", StringComparison.Ordinal))
            Assert.Contains($"at byte {offset}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_header_zero_size_tensors_and_space_padding_are_valid()
    {
        using (var empty = SafeTensorsFile.FromBytes(Build("{}   ")))
            Assert.Empty(empty.Tensors);

        const string Json = """
            {"empty":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},
             "x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},
             "tail":{"dtype":"BOOL","shape":[0],"data_offsets":[2,2]}}
            """;
        using var file = SafeTensorsFile.FromBytes(Build(Json, 4, 5));
        Assert.Equal(0, file.GetTensor("empty").ElementCount);
        Assert.Empty(file.ReadSingles("empty"));
        Assert.True(file.GetBytes("tail").IsEmpty);
        Assert.Equal([4, 5], file.GetSpan<byte>("x").ToArray());
    }

    [Fact]
    public void Expect_names_the_missing_tensor_dtype_rank_or_dimension()
    {
        using var file = SafeTensorsFile.FromBytes(new SafeTensorsWriter().Add<float>("w", [2, 3], new float[6]).ToArray(), "adapter");

        Assert.Same(file.GetTensor("w"), file.Expect("w", SafeTensorsDType.F32, 2, 3));
        Assert.Same(file.GetTensor("w"), file.Expect("w", SafeTensorsDType.F32, -1, 3));

        var missing = Assert.Throws<ModelSignatureException>(() => file.Expect("lora_A", SafeTensorsDType.F32, 2, 3));
        Assert.Contains("no tensor 'lora_A'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'adapter'", missing.Message, StringComparison.Ordinal);
        var dtype = Assert.Throws<ModelSignatureException>(() => file.Expect("w", SafeTensorsDType.BF16, 2, 3));
        Assert.Contains("dtype F32, expected BF16", dtype.Message, StringComparison.Ordinal);
        var rank = Assert.Throws<ModelSignatureException>(() => file.Expect("w", SafeTensorsDType.F32, 6));
        Assert.Contains("rank 2 (shape [2, 3]), expected rank 1", rank.Message, StringComparison.Ordinal);
        var dim = Assert.Throws<ModelSignatureException>(() => file.Expect("w", SafeTensorsDType.F32, 2, 4));
        Assert.Contains("dimension 1 of size 3, expected 4", dim.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_views_and_conversions_refuse_a_dtype_that_does_not_match()
    {
        var bytes = new SafeTensorsWriter()
            .Add<long>("ids", [2], [1, 2])
            .Add("b", SafeTensorsDType.BF16, [1], [0x80, 0x3F])
            .ToArray();
        using var file = SafeTensorsFile.FromBytes(bytes);

        Assert.Throws<ModelSignatureException>(() => file.GetSpan<int>("ids").Length);
        Assert.Throws<ModelSignatureException>(() => file.GetSpan<float>("b").Length);
        Assert.Throws<ModelSignatureException>(() => file.ReadSingles("ids"));
        Assert.Throws<ModelSignatureException>(() => file.GetBytes("nope").Length);
        Assert.Throws<ArgumentException>(() => file.ReadSingles("b", Span<float>.Empty));
        Assert.Equal([1f], file.ReadSingles("b"));
    }

    [Fact]
    public void Stream_variant_reads_seekable_and_forward_only_streams_within_the_budget()
    {
        var values = Enumerable.Range(0, 300_000).Select(i => (float)i).ToArray(); // 1.2 MB of data
        var bytes = new SafeTensorsWriter().Add<float>("v", [values.Length], values).ToArray();

        using (var seekable = SafeTensorsFile.FromStream(new MemoryStream(bytes)))
            Assert.Equal(values, seekable.ReadSingles("v"));
        using (var forwardOnly = SafeTensorsFile.FromStream(new ForwardOnlyStream(bytes), "pipe"))
            Assert.Equal(values, forwardOnly.ReadSingles("v"));

        var tight = new ComputeBudget { MaxMemoryBytes = 1L << 20 };
        Assert.Throws<ResourceLimitException>(() => SafeTensorsFile.FromStream(new MemoryStream(bytes), budget: tight));
        Assert.Throws<ResourceLimitException>(() => SafeTensorsFile.FromStream(new ForwardOnlyStream(bytes), budget: tight));
        var truncated = Assert.Throws<InvalidModelException>(() => SafeTensorsFile.FromStream(new ForwardOnlyStream(bytes[..1000]), "pipe"));
        Assert.Contains("'pipe'", truncated.Message, StringComparison.Ordinal);
    }

    private static int IndexOf(string text, string marker, int occurrence)
    {
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        for (var i = 0; i < occurrence; i++)
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
        return index;
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Short reads on purpose, like a pipe.
            var n = Math.Min(Math.Min(count, 4096), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
