using Augment.Vision.Tests.IO;
using CsCheck;

namespace Augment.Vision.Tests.Library.Vectors;

public sealed class VectorIndexFileTests
{
    private static VectorIndex Sample(int rows, int dimension, VectorMetric metric, int seed)
    {
        var random = new Random(seed);
        var index = new VectorIndex(dimension, metric);
        var vector = new float[dimension];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < dimension; i++)
                vector[i] = (float)((random.NextDouble() * 2) - 1);
            index.Add((r * 7919L) - 1000, vector);
        }
        return index;
    }

    private static byte[] Bytes(VectorIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Saved_and_loaded_index_gives_identical_search_results()
    {
        using var scratch = new ScratchFolder();
        var index = Sample(700, 33, VectorMetric.Cosine, 1);
        index.Remove(-1000);
        var path = scratch.File("embeddings.augvec");
        index.Save(path);
        Assert.Equal(32 + (699 * 8) + (699 * 33 * 4), new FileInfo(path).Length);
        var loaded = VectorIndex.Load(path);
        Assert.Equal(33, loaded.Dimension);
        Assert.Equal(VectorMetric.Cosine, loaded.Metric);
        Assert.Equal(699, loaded.Count);
        var query = new float[33];
        query[3] = 1;
        query[20] = -0.5f;
        Assert.Equal(index.Search(query, 10, cancellationToken: TestContext.Current.CancellationToken),
            loaded.Search(query, 10, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(Bytes(index), File.ReadAllBytes(path));
    }

    [Fact]
    public void Header_fields_are_at_the_documented_offsets()
    {
        var bytes = Bytes(Sample(3, 5, VectorMetric.DotProduct, 2));
        Assert.Equal("AUGVEC\r\n"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(5u, BitConverter.ToUInt32(bytes, 12));
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 16));
        Assert.Equal(3L, BitConverter.ToInt64(bytes, 24));
        Assert.Equal(-1000L, BitConverter.ToInt64(bytes, 32));
        Assert.Equal(7919L - 1000, BitConverter.ToInt64(bytes, 40));
    }

    [Fact]
    public void A_truncated_file_names_the_offset_where_it_ends()
    {
        var bytes = Bytes(Sample(10, 4, VectorMetric.Cosine, 3));
        var error = Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new MemoryStream(bytes[..100]), "cut.augvec"));
        Assert.Equal(100, error.Offset);
        Assert.Contains("cut.augvec", error.Message);
        var header = Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new MemoryStream(bytes[..20])));
        Assert.Equal(20, header.Offset);
    }

    [Fact]
    public void A_truncated_non_seekable_stream_names_the_offset_inside_the_vectors()
    {
        var bytes = Bytes(Sample(10, 4, VectorMetric.Cosine, 3));
        var error = Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new ForwardOnlyStream(bytes[..150])));
        Assert.Equal(150, error.Offset);
        Assert.Contains("vector 2", error.Message);
    }

    [Theory]
    [InlineData(0, 0x41, 0L)]   // magic
    [InlineData(8, 2, 8L)]      // version
    [InlineData(12, 0, 12L)]    // dimension 0
    [InlineData(16, 9, 16L)]    // metric
    [InlineData(20, 1, 20L)]    // reserved
    public void Corrupt_header_fields_name_their_offset(int at, byte value, long offset)
    {
        var bytes = Bytes(Sample(4, 4, VectorMetric.Cosine, 4));
        Array.Clear(bytes, at, 4);
        bytes[at] = value;
        var error = Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new MemoryStream(bytes)));
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Duplicate_ids_and_NaN_values_name_their_offset()
    {
        var bytes = Bytes(Sample(4, 4, VectorMetric.Cosine, 5));
        var duplicate = (byte[])bytes.Clone();
        Array.Copy(duplicate, 32, duplicate, 48, 8);
        Assert.Equal(48, Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new MemoryStream(duplicate))).Offset);
        var nan = (byte[])bytes.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(nan, 32 + 32 + 20);
        Assert.Equal(84, Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new MemoryStream(nan))).Offset);
    }

    [Fact]
    public void A_huge_declared_count_fails_before_allocating()
    {
        var bytes = Bytes(Sample(2, 4, VectorMetric.Cosine, 6));
        BitConverter.GetBytes((long)int.MaxValue).CopyTo(bytes, 24);
        var error = Assert.Throws<InvalidMediaException>(() => VectorIndex.Load(new MemoryStream(bytes)));
        Assert.Contains("ends early", error.Message);
    }

    [Fact]
    public void Fuzzed_files_either_load_or_fail_with_InvalidMediaException()
    {
        var valid = Bytes(Sample(6, 3, VectorMetric.Cosine, 7));
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, valid.Length - 1].Array[0, 6], Gen.Byte.Array[6], Gen.Bool)
            .Sample((cut, positions, values, truncate) =>
            {
                var bytes = (byte[])valid.Clone();
                for (var i = 0; i < positions.Length; i++)
                    bytes[positions[i]] = values[i];
                if (truncate)
                    bytes = bytes[..cut];
                try
                {
                    var index = VectorIndex.Load(new MemoryStream(bytes));
                    Assert.InRange(index.Count, 0, 6);
                }
                catch (InvalidMediaException error)
                {
                    Assert.InRange(error.Offset, 0, bytes.Length);
                }
            }, iter: 3000);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
