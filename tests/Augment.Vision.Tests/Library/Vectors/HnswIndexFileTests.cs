using Augment.Vision.Tests.IO;
using CsCheck;

namespace Augment.Vision.Tests.Library.Vectors;

public sealed class HnswIndexFileTests
{
    private static HnswIndex Sample(int rows, int dimension, HnswOptions options, int seed)
    {
        var index = new HnswIndex(dimension, options, ComputeBudget.SingleThreaded);
        var data = HnswTestData.Gaussian(rows, dimension, seed);
        for (var r = 0; r < rows; r++)
            index.Add((r * 7919L) - 1000, data.AsSpan(r * dimension, dimension));
        return index;
    }

    private static byte[] Bytes(HnswIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Saved_and_loaded_index_gives_identical_search_results_and_bytes()
    {
        using var scratch = new ScratchFolder();
        const int dimension = 48;
        var index = Sample(3000, dimension, HnswOptions.Default.WithM(12).WithEfSearch(40).WithSeed(3), 1);
        index.Remove(-1000);
        index.Remove(7919L * 5 - 1000);
        var path = scratch.File("embeddings.aughnsw");
        index.Save(path);
        var loaded = HnswIndex.Load(path);
        Assert.Equal(dimension, loaded.Dimension);
        Assert.Equal(index.Options, loaded.Options);
        Assert.Equal(2998, loaded.Count);
        Assert.Equal(3000, loaded.NodeCount);
        var queries = HnswTestData.Gaussian(50, dimension, 2);
        for (var q = 0; q < 50; q++)
        {
            var query = queries.AsSpan(q * dimension, dimension);
            Assert.Equal(index.Search(query, 10), loaded.Search(query, 10));
            Assert.Equal(index.Search(query, 3, id => id % 2 == 0, ef: 17), loaded.Search(query, 3, id => id % 2 == 0, ef: 17));
        }
        Assert.Equal(File.ReadAllBytes(path), Bytes(loaded));

        // Growing the loaded index continues the same level sequence: it equals one built in one go.
        var extra = HnswTestData.Gaussian(1, dimension, 3);
        index.Add(42, extra);
        loaded.Add(42, extra);
        Assert.Equal(Bytes(index), Bytes(loaded));
    }

    [Fact]
    public void Header_fields_are_at_the_documented_offsets()
    {
        var index = Sample(40, 5, new HnswOptions { M = 4, EfConstruction = 33, EfSearch = 21, Seed = -9, Metric = VectorMetric.DotProduct }, 4);
        var bytes = Bytes(index);
        Assert.Equal("AUGHNS\r\n"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(5u, BitConverter.ToUInt32(bytes, 12));
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 16));
        Assert.Equal(4u, BitConverter.ToUInt32(bytes, 20));
        Assert.Equal(33u, BitConverter.ToUInt32(bytes, 24));
        Assert.Equal(21u, BitConverter.ToUInt32(bytes, 28));
        Assert.Equal(-9, BitConverter.ToInt32(bytes, 32));
        Assert.Equal(40L, BitConverter.ToInt64(bytes, 40));
        Assert.Equal(-1000L, BitConverter.ToInt64(bytes, 56));
        Assert.Equal(7919L - 1000, BitConverter.ToInt64(bytes, 64));
        var vectors = 56 + (40 * 10);
        Assert.Equal(index.Search([1, 0, 0, 0, 0], 1, ef: 100)[0].Score, Math.Max(0, MaxFirstCoordinate(bytes, vectors, 40, 5)));
        // The layer-0 count of node 0 follows the vectors; it is at most 2M.
        Assert.InRange(BitConverter.ToUInt32(bytes, vectors + (40 * 5 * 4)), 1u, 8u);
    }

    private static float MaxFirstCoordinate(byte[] bytes, int start, int rows, int dimension)
    {
        var best = float.NegativeInfinity;
        for (var r = 0; r < rows; r++)
            best = Math.Max(best, BitConverter.ToSingle(bytes, start + (r * dimension * 4)));
        return best;
    }

    [Fact]
    public void An_empty_index_round_trips()
    {
        var bytes = Bytes(new HnswIndex(7));
        Assert.Equal(56, bytes.Length);
        var loaded = HnswIndex.Load(new MemoryStream(bytes));
        Assert.Equal(0, loaded.Count);
        Assert.Empty(loaded.Search(new float[] { 1, 0, 0, 0, 0, 0, 0 }, 2));
        loaded.Add(5, [1, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(5, loaded.Search([1, 0, 0, 0, 0, 0, 0], 1)[0].Id);
    }

    [Fact]
    public void Every_truncation_names_an_offset_inside_the_file()
    {
        var bytes = Bytes(Sample(30, 4, HnswOptions.Default.WithM(4), 5));
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var error = Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(bytes[..cut]), "cut.aughnsw"));
            Assert.InRange(error.Offset, 0, cut);
            Assert.Contains("cut.aughnsw", error.Message);
        }
    }

    [Fact]
    public void A_truncated_non_seekable_stream_names_the_offset_where_it_ends()
    {
        var bytes = Bytes(Sample(10, 4, HnswOptions.Default.WithM(4), 6));
        var cut = 56 + 100 + 37;
        var error = Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new ForwardOnlyStream(bytes[..cut])));
        Assert.Equal(cut, error.Offset);
        Assert.Contains("vector", error.Message);
    }

    [Theory]
    [InlineData(0, 0x41, 0L)]    // magic
    [InlineData(8, 2, 8L)]       // version
    [InlineData(12, 0, 12L)]     // dimension 0
    [InlineData(16, 9, 16L)]     // metric
    [InlineData(20, 1, 20L)]     // M = 1
    [InlineData(24, 0, 24L)]     // efConstruction 0
    [InlineData(28, 0, 28L)]     // efSearch 0
    [InlineData(36, 1, 36L)]     // reserved
    [InlineData(48, 99, 48L)]    // entry point beyond the nodes
    [InlineData(52, 40, 52L)]    // top layer above 31
    public void Corrupt_header_fields_name_their_offset(int at, byte value, long offset)
    {
        var bytes = Bytes(Sample(8, 4, HnswOptions.Default.WithM(4), 7));
        Array.Clear(bytes, at, 4);
        bytes[at] = value;
        var error = Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(bytes)));
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Bad_levels_flags_ids_values_and_links_name_their_offset()
    {
        const int n = 8;
        const int dimension = 4;
        var bytes = Bytes(Sample(n, dimension, HnswOptions.Default.WithM(4), 8));
        var levels = 56 + (n * 8);
        var flags = levels + n;
        var vectors = flags + n;
        var links = vectors + (n * dimension * 4);

        var level = (byte[])bytes.Clone();
        level[levels + 3] = 32;
        Assert.Equal(levels + 3, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(level))).Offset);

        var flag = (byte[])bytes.Clone();
        flag[flags + 5] = 2;
        Assert.Equal(flags + 5, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(flag))).Offset);

        var duplicate = (byte[])bytes.Clone();
        Array.Copy(duplicate, 56, duplicate, 56 + 16, 8);
        Assert.Equal(56 + 16, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(duplicate))).Offset);

        var removedDuplicate = (byte[])duplicate.Clone();
        removedDuplicate[flags + 2] = 1;
        Assert.Equal(n - 1, HnswIndex.Load(new MemoryStream(removedDuplicate)).Count);

        var nan = (byte[])bytes.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(nan, vectors + 20);
        Assert.Equal(vectors + 20, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(nan))).Offset);

        var tooMany = (byte[])bytes.Clone();
        BitConverter.GetBytes(9u).CopyTo(tooMany, links);
        Assert.Equal(links, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(tooMany))).Offset);

        var self = (byte[])bytes.Clone();
        Assert.True(BitConverter.ToUInt32(self, links) >= 1);
        BitConverter.GetBytes(0).CopyTo(self, links + 4); // node 0 linking to itself
        Assert.Equal(links + 4, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(self))).Offset);

        var outside = (byte[])bytes.Clone();
        BitConverter.GetBytes(n).CopyTo(outside, links + 4);
        Assert.Equal(links + 4, Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(outside))).Offset);
    }

    [Fact]
    public void A_huge_declared_count_fails_before_allocating()
    {
        var bytes = Bytes(Sample(2, 4, HnswOptions.Default, 9));
        BitConverter.GetBytes((long)int.MaxValue - 1).CopyTo(bytes, 40);
        var error = Assert.Throws<InvalidMediaException>(() => HnswIndex.Load(new MemoryStream(bytes)));
        Assert.Contains("ends early", error.Message);
    }

    [Fact]
    public void A_declared_size_above_the_budget_raises_ResourceLimitException()
    {
        var bytes = Bytes(Sample(50, 4096, HnswOptions.Default, 10));
        Assert.Throws<ResourceLimitException>(() =>
            HnswIndex.Load(new MemoryStream(bytes), budget: ComputeBudget.Default with { MaxMemoryBytes = 1 << 20 }));
    }

    [Fact]
    public void Fuzzed_files_either_load_and_search_or_fail_with_InvalidMediaException()
    {
        var valid = Bytes(Sample(12, 3, HnswOptions.Default.WithM(2), 11));
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, valid.Length - 1].Array[0, 6], Gen.Byte.Array[6], Gen.Bool)
            .Sample((cut, positions, values, truncate) =>
            {
                var bytes = (byte[])valid.Clone();
                for (var i = 0; i < positions.Length; i++)
                    bytes[positions[i]] = values[i];
                if (truncate)
                    bytes = bytes[..cut];
                HnswIndex index;
                try
                {
                    index = HnswIndex.Load(new MemoryStream(bytes));
                }
                catch (InvalidMediaException error)
                {
                    Assert.InRange(error.Offset, 0, bytes.Length);
                    return;
                }
                Assert.InRange(index.Count, 0, 12);
                // Whatever loads must be searchable without throwing or looping.
                if (index.Dimension == 3)
                    Assert.InRange(index.Search([1, 2, 3], 4).Length, 0, 4);
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
