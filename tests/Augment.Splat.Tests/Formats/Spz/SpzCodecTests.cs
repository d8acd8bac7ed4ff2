using System.Buffers.Binary;
using System.IO.Compression;

namespace Augment.Splat.Tests.Formats.Spz;

public class SpzCodecTests
{
    // Quantisation steps of SPZ (fractional bits 12 in every file here): half a step is the largest rounding error.
    private const float PositionTolerance = (0.5f / 4096) + 1e-6f;
    private const float ColorTolerance = (0.5f / (0.15f * 255)) + 1e-5f;
    private const float ScaleTolerance = (0.5f / 16) + 1e-6f;
    private const float AlphaTolerance = (0.5f / 255) + 1e-6f;
    private const float ShDegree1Tolerance = 4.5f / 128;   // bucket of 8 around a rounded value
    private const float ShHigherTolerance = 8.5f / 128;    // bucket of 16 around a rounded value

    private static readonly SpzCodec Codec = new();

    [Theory]
    [InlineData("minimal-v2.spz")]
    [InlineData("minimal-v3.spz")]
    [InlineData("minimal-v4.spz")]
    [InlineData("minimal-raw.spz")]
    public void Minimal_files_of_every_version_decode_to_what_splat_transform_decodes(string file)
    {
        var expected = SpzTestData.ReadCsv(SpzTestData.PathOf("spz", $"decoded/{file}.csv"));

        var cloud = SpzTestData.Read(Codec, "spz", file);

        Assert.Equal(expected["x"].Length, cloud.Count);
        Assert.Equal(0, cloud.ShDegree);
        Assert.True(SpzTestData.MaxDifference(expected["x"], cloud.X) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(expected["y"], cloud.Y) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(expected["z"], cloud.Z) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(expected["rot_0"], cloud.RotationW) < 1e-5f);
        Assert.True(SpzTestData.MaxDifference(expected["rot_1"], cloud.RotationX) < 1e-5f);
        Assert.True(SpzTestData.MaxDifference(expected["rot_2"], cloud.RotationY) < 1e-5f);
        Assert.True(SpzTestData.MaxDifference(expected["rot_3"], cloud.RotationZ) < 1e-5f);
        Assert.True(SpzTestData.MaxDifference(expected["scale_0"], cloud.ScaleX) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(expected["scale_2"], cloud.ScaleZ) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(expected["opacity"], cloud.Opacity) < 1e-4f);
        for (var c = 0; c < 3; c++)
            Assert.True(SpzTestData.MaxDifference(expected[$"f_dc_{c}"], cloud.ShDc(c)) < 1e-5f);
    }

    [Theory]
    [InlineData("tiny.spz")]
    [InlineData("tiny_v3.spz")]
    public void Splat_transform_conversions_of_tiny_ply_decode_to_its_values_within_the_quantisation_steps(string file)
    {
        var reference = SpzTestData.CloudFromColumns(SpzTestData.ReadFloatPly(SpzTestData.PathOf("spz", "tiny.ply")));

        var cloud = SpzTestData.Read(Codec, "spz", file);

        // Same axes as the PLY: splat-transform writes SPZ without a coordinate flip, and so do we.
        AssertWithinQuantisation(reference, cloud, rotationTolerance: 2e-5f);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Writing_and_reading_back_stays_within_the_quantisation_steps_and_is_stable(int version)
    {
        var cloud = RandomCloud(3000, shDegree: 3, seed: version);
        var options = SplatWriteOptions.Default with { SpzVersion = version };

        var first = Decode(Encode(cloud, options));
        var secondBytes = Encode(first, options);
        var second = Decode(secondBytes);

        // v2 keeps 8 bits of x, y, z and derives w, which is coarse when w is near 0: |dq| <= sqrt(2 sqrt(3) / 255)
        // gives 1 - |dot| <= 7e-3; v3 and v4 keep 9 bits of the three smallest components.
        AssertWithinQuantisation(cloud, first, rotationTolerance: version == 2 ? 1e-2f : 2e-5f);
        // A decoded cloud re-encodes to the same quantised values.
        Assert.Equal(0f, SpzTestData.MaxDifference(first.X, second.X));
        Assert.Equal(0f, SpzTestData.MaxDifference(first.ScaleY, second.ScaleY));
        Assert.Equal(0f, SpzTestData.MaxDifference(first.ShDc(1), second.ShDc(1)));
        Assert.Equal(0f, SpzTestData.MaxDifference(first.ShRest(2, 14), second.ShRest(2, 14)));
        Assert.True(SpzTestData.MaxRotationError(first, second) < 1e-5f);
        Assert.Equal(version == 4 ? 0x4E : 0x1F, secondBytes[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Lower_sh_degrees_and_an_empty_cloud_round_trip(int shDegree)
    {
        foreach (var version in new[] { 2, 3, 4 })
        {
            var cloud = RandomCloud(50, shDegree, seed: 7);
            var back = Decode(Encode(cloud, SplatWriteOptions.Default with { SpzVersion = version }));
            Assert.Equal(shDegree, back.ShDegree);
            AssertWithinQuantisation(cloud, back, rotationTolerance: version == 2 ? 1e-2f : 2e-5f);

            var empty = Decode(Encode(GaussianCloud.Create(0, shDegree), SplatWriteOptions.Default with { SpzVersion = version }));
            Assert.Equal(0, empty.Count);
        }
    }

    [Theory]
    [InlineData("ours-tiny.spz", "ours-tiny.spz.ply")]
    [InlineData("ours-tiny_v3.spz", "ours-tiny_v3.spz.ply")]
    public void Splat_transform_reads_our_files_to_the_values_we_decode(string spz, string splatTransformPly)
    {
        // The .ply is splat-transform 3.7.0's conversion of our writer's .spz (Data/README.md says how).
        var theirs = SpzTestData.CloudFromColumns(SpzTestData.ReadFloatPly(SpzTestData.PathOf("spz", splatTransformPly)));
        var ours = SpzTestData.Read(Codec, "spz", spz);

        Assert.True(SpzTestData.MaxDifference(theirs.X, ours.X) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(theirs.Y, ours.Y) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(theirs.Z, ours.Z) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(theirs.ScaleZ, ours.ScaleZ) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(theirs.Opacity, ours.Opacity) < 1e-4f);
        Assert.True(SpzTestData.MaxDifference(theirs.ShDc(0), ours.ShDc(0)) < 1e-5f);
        Assert.True(SpzTestData.MaxDifference(theirs.ShRest(1, 0), ours.ShRest(1, 0)) < 1e-6f);
        Assert.True(SpzTestData.MaxDifference(theirs.ShRest(2, 14), ours.ShRest(2, 14)) < 1e-6f);
        Assert.True(SpzTestData.MaxRotationError(theirs, ours) < 1e-6f);

        // And our writer still produces those values from tiny.ply.
        var reference = SpzTestData.CloudFromColumns(SpzTestData.ReadFloatPly(SpzTestData.PathOf("spz", "tiny.ply")));
        var version = spz.Contains("_v3", StringComparison.Ordinal) ? 3 : 4;
        var again = Decode(Encode(reference, SplatWriteOptions.Default with { SpzVersion = version }));
        Assert.Equal(0f, SpzTestData.MaxDifference(again.X, ours.X));
        Assert.Equal(0f, SpzTestData.MaxDifference(again.ShRest(0, 5), ours.ShRest(0, 5)));
    }

    [Theory]
    [InlineData("minimal-v2.spz", true)]
    [InlineData("minimal-v3.spz", true)]
    [InlineData("minimal-v4.spz", true)]
    [InlineData("minimal-raw.spz", true)]
    [InlineData("tiny.spz", true)]
    [InlineData("tiny_v3.spz", true)]
    [InlineData("tiny.ply", false)]
    public void Sniff_recognises_spz_by_content(string file, bool expected)
    {
        var bytes = File.ReadAllBytes(SpzTestData.PathOf("spz", file));

        Assert.Equal(expected, Codec.Sniff(bytes.AsSpan(0, Math.Min(64, bytes.Length))));
    }

    [Fact]
    public void Sniff_rejects_a_gzip_file_that_is_not_spz()
    {
        var other = new MemoryStream();
        using (var gzip = new GZipStream(other, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write("ply\nformat binary_little_endian 1.0\n"u8);

        Assert.False(Codec.Sniff(other.ToArray()));
    }

    [Fact]
    public void A_non_seekable_stream_reads_like_a_file()
    {
        foreach (var file in new[] { "tiny.spz", "tiny_v3.spz", "minimal-raw.spz" })
        {
            var bytes = File.ReadAllBytes(SpzTestData.PathOf("spz", file));
            var fromFile = SpzTestData.Read(Codec, "spz", file);

            var fromPipe = Codec.Read(new ForwardOnlyStream(bytes), file, SplatReadOptions.Default, TestContext.Current.CancellationToken);

            Assert.Equal(0f, SpzTestData.MaxDifference(fromFile.Y, fromPipe.Y));
            Assert.Equal(0f, SpzTestData.MaxDifference(fromFile.Opacity, fromPipe.Opacity));
        }
    }

    [Fact]
    public void More_splats_than_MaxSplats_are_refused_before_decoding()
    {
        var error = Assert.Throws<InvalidMediaException>(() => SpzTestData.Read(Codec, "spz", "tiny.spz", SplatReadOptions.Default with { MaxSplats = 999 }));

        Assert.Equal(8, error.Offset);
        Assert.Contains("MaxSplats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_payload_beyond_MaxDecompressedBytes_is_refused()
    {
        var error = Assert.Throws<InvalidMediaException>(() => SpzTestData.Read(Codec, "spz", "tiny_v3.spz", SplatReadOptions.Default with { MaxDecompressedBytes = 10_000 }));

        Assert.Contains("MaxDecompressedBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_header_that_claims_more_than_deflate_can_expand_to_is_refused()
    {
        // 50 million splats declared in a file of a few dozen bytes: a gzip bomb that is refused before allocation.
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x5053474E);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 50_000_000);
        header[12] = 3;
        header[13] = 12;

        var error = Assert.Throws<InvalidMediaException>(() => Codec.Read(new MemoryStream(Gzip(header)), "bomb.spz", SplatReadOptions.Default, TestContext.Current.CancellationToken));

        Assert.Equal("bomb.spz", error.MediaName);
        Assert.Contains("50,000,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_corrupt_files_raise_typed_errors_naming_the_file()
    {
        var v3 = File.ReadAllBytes(SpzTestData.PathOf("spz", "tiny_v3.spz"));
        var v4 = File.ReadAllBytes(SpzTestData.PathOf("spz", "tiny.spz"));
        var corruptZstd = (byte[])v4.Clone();
        corruptZstd.AsSpan(200, 64).Fill(0xA5);
        var corruptGzip = (byte[])v3.Clone();
        corruptGzip.AsSpan(100, 64).Fill(0xA5);

        foreach (var bad in new[] { v3[..(v3.Length / 2)], v4[..(v4.Length / 2)], v4[..40], corruptZstd, corruptGzip, v3[..10] })
        {
            var error = Assert.Throws<InvalidMediaException>(() => Codec.Read(new MemoryStream(bad), "bad.spz", SplatReadOptions.Default, TestContext.Current.CancellationToken));
            Assert.Equal("bad.spz", error.MediaName);
        }
    }

    [Fact]
    public void Unknown_versions_and_sh_degrees_are_refused()
    {
        var raw = File.ReadAllBytes(SpzTestData.PathOf("spz", "minimal-raw.spz"));
        var version9 = (byte[])raw.Clone();
        version9[4] = 9;
        var degree4 = (byte[])raw.Clone();
        degree4[12] = 4;
        var degree9 = (byte[])raw.Clone();
        degree9[12] = 9;

        Assert.Throws<UnsupportedFormatException>(() => Codec.Read(new MemoryStream(version9), "v9.spz", SplatReadOptions.Default, TestContext.Current.CancellationToken));
        Assert.Throws<UnsupportedFormatException>(() => Codec.Read(new MemoryStream(degree4), "d4.spz", SplatReadOptions.Default, TestContext.Current.CancellationToken));
        var error = Assert.Throws<InvalidMediaException>(() => Codec.Read(new MemoryStream(degree9), "d9.spz", SplatReadOptions.Default, TestContext.Current.CancellationToken));
        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public void Writing_refuses_an_unknown_version()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode(GaussianCloud.Create(1), SplatWriteOptions.Default with { SpzVersion = 1 }));
    }

    [Fact]
    public void Non_finite_attributes_are_written_as_neutral_values()
    {
        var cloud = RandomCloud(4, 1, seed: 3);
        cloud.X[0] = float.NaN;
        cloud.Opacity[1] = float.PositiveInfinity;
        cloud.ShRest(0, 0)[2] = float.NaN;
        cloud.RotationW[3] = float.NaN;

        var back = Decode(Encode(cloud, SplatWriteOptions.Default));

        Assert.Equal(0f, back.X[0]);
        Assert.True(back.Alpha(1) > 0.99f);
        Assert.Equal(0f, back.ShRest(0, 0)[2]);
        Assert.Equal(1f, back.RotationW[3], 3);
    }

    internal static void AssertWithinQuantisation(GaussianCloud expected, GaussianCloud actual, float rotationTolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ShDegree, actual.ShDegree);
        Assert.True(SpzTestData.MaxDifference(expected.X, actual.X) <= PositionTolerance);
        Assert.True(SpzTestData.MaxDifference(expected.Y, actual.Y) <= PositionTolerance);
        Assert.True(SpzTestData.MaxDifference(expected.Z, actual.Z) <= PositionTolerance);
        Assert.True(SpzTestData.MaxDifference(expected.ScaleX, actual.ScaleX) <= ScaleTolerance);
        Assert.True(SpzTestData.MaxDifference(expected.ScaleY, actual.ScaleY) <= ScaleTolerance);
        Assert.True(SpzTestData.MaxDifference(expected.ScaleZ, actual.ScaleZ) <= ScaleTolerance);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(MathF.Abs(expected.Alpha(i) - actual.Alpha(i)) <= AlphaTolerance, $"alpha of splat {i}");
        for (var c = 0; c < 3; c++)
        {
            Assert.True(SpzTestData.MaxDifference(expected.ShDc(c), actual.ShDc(c)) <= ColorTolerance);
            for (var k = 0; k < expected.ShRestCount; k++)
                Assert.True(SpzTestData.MaxDifference(expected.ShRest(c, k), actual.ShRest(c, k)) <= (k < 3 ? ShDegree1Tolerance : ShHigherTolerance), $"SH rest {k} of channel {c}");
        }
        var rotationError = SpzTestData.MaxRotationError(expected, actual);
        Assert.True(rotationError <= rotationTolerance, $"rotation error 1 - |dot| = {rotationError}");
    }

    /// <summary>Random splats inside SPZ's representable ranges (colours, scales and SH that do not clip).</summary>
    internal static GaussianCloud RandomCloud(int count, int shDegree, int seed)
    {
        var random = new Random(seed);
        var cloud = GaussianCloud.Create(count, shDegree);
        float Uniform(float lo, float hi) => lo + ((hi - lo) * random.NextSingle());
        for (var i = 0; i < count; i++)
        {
            cloud.X[i] = Uniform(-100, 100);
            cloud.Y[i] = Uniform(-20, 20);
            cloud.Z[i] = Uniform(-100, 100);
            cloud.ScaleX[i] = Uniform(-9, 5);
            cloud.ScaleY[i] = Uniform(-9, 5);
            cloud.ScaleZ[i] = Uniform(-9, 5);
            cloud.Opacity[i] = Uniform(-6, 6);
            cloud.RotationW[i] = Uniform(-1, 1);
            cloud.RotationX[i] = Uniform(-1, 1);
            cloud.RotationY[i] = Uniform(-1, 1);
            cloud.RotationZ[i] = Uniform(-1, 1);
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = Uniform(-3, 3);
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = Uniform(-0.9f, 0.9f);
            }
        }
        cloud.NormalizeRotations();
        return cloud;
    }

    internal static byte[] Encode(GaussianCloud cloud, SplatWriteOptions options)
    {
        var stream = new MemoryStream();
        Codec.Write(cloud, stream, options, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    internal static GaussianCloud Decode(byte[] bytes) =>
        Codec.Read(new MemoryStream(bytes), "memory.spz", SplatReadOptions.Default, TestContext.Current.CancellationToken);

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>A read-only stream that cannot seek or report its length, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
