using System.Text;

namespace Augment.Splat.Tests.Formats.CompressedPly;

/// <summary>
/// Quantisation steps of the format, which every comparison here allows: positions and log-scales half a step of
/// their chunk's range over 1023 (10 bits; x and z have 11), colour half of the chunk's colour range over 255 (divided
/// by C0 for the DC coefficient), alpha half of 1/255, rotations |q . q'| of at least 0.999 (10-bit smallest three),
/// f_rest 1/32 (one step of 8/256).
/// </summary>
public sealed class CompressedPlyCodecTests
{
    private static readonly CompressedPlyCodec Codec = new();

    private static GaussianCloud ReadCompressed(byte[] bytes, SplatReadOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        return Codec.Read(stream, "test.compressed.ply", options ?? SplatReadOptions.Default, TestContext.Current.CancellationToken);
    }

    private static byte[] WriteCompressed(GaussianCloud cloud)
    {
        using var stream = new MemoryStream();
        Codec.Write(cloud, stream, SplatWriteOptions.Default, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    /// <summary>Asserts that <paramref name="decoded"/>[i] is <paramref name="reference"/>[match[i]] within the format's steps.</summary>
    private static void AssertWithinQuantisation(GaussianCloud decoded, GaussianCloud reference, int[] match)
    {
        Assert.Equal(reference.ShDegree, decoded.ShDegree);
        for (var chunk = 0; chunk * 256 < decoded.Count; chunk++)
        {
            var first = chunk * 256;
            var n = Math.Min(256, decoded.Count - first);
            float[][] pairs = [decoded.X.ToArray(), decoded.Y.ToArray(), decoded.Z.ToArray(), decoded.ScaleX.ToArray(), decoded.ScaleY.ToArray(), decoded.ScaleZ.ToArray()];
            float[][] refs = [reference.X.ToArray(), reference.Y.ToArray(), reference.Z.ToArray(), reference.ScaleX.ToArray(), reference.ScaleY.ToArray(), reference.ScaleZ.ToArray()];
            for (var a = 0; a < pairs.Length; a++)
            {
                var range = Range(pairs[a].AsSpan(first, n));
                var tolerance = (range / (2 * 1023f)) + 1e-5f;
                for (var i = first; i < first + n; i++)
                    Assert.True(MathF.Abs(pairs[a][i] - refs[a][match[i]]) <= tolerance, $"attribute {a} of splat {i}: {pairs[a][i]} vs {refs[a][match[i]]} (step/2 {tolerance})");
            }
            for (var c = 0; c < 3; c++)
            {
                var dc = decoded.ShDc(c).ToArray();
                var range = Range(dc.AsSpan(first, n)) * GaussianCloud.ShC0;
                var tolerance = ((range / (2 * 255f)) / GaussianCloud.ShC0) + 1e-4f;
                for (var i = first; i < first + n; i++)
                    Assert.True(MathF.Abs(dc[i] - reference.ShDc(c)[match[i]]) <= tolerance, $"DC {c} of splat {i}");
            }
            for (var i = first; i < first + n; i++)
            {
                Assert.True(MathF.Abs(decoded.Alpha(i) - reference.Alpha(match[i])) <= (0.5f / 255) + 1e-5f, $"alpha of splat {i}");
                Assert.True(FloatPlyFixture.RotationAgreement(decoded, i, reference, match[i]) >= 0.999f, $"rotation of splat {i}");
                for (var c = 0; c < 3; c++)
                {
                    for (var k = 0; k < decoded.ShRestCount; k++)
                        Assert.True(MathF.Abs(decoded.ShRest(c, k)[i] - reference.ShRest(c, k)[match[i]]) <= (1 / 32f) + 1e-6f, $"f_rest {c}/{k} of splat {i}");
                }
            }
        }
    }

    private static float Range(ReadOnlySpan<float> values)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in values)
        {
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }
        return max - min;
    }

    [Fact]
    public void Splat_transform_output_decodes_to_the_source_ply_within_the_quantisation_steps()
    {
        var original = FloatPlyFixture.Read(FloatPlyFixture.DataPath("compressed-ply", "tiny.ply"));
        var decoded = ReadCompressed(File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.compressed.ply")));

        Assert.Equal(1000, decoded.Count);
        Assert.Equal(3, decoded.ShDegree);
        var match = FloatPlyFixture.MatchByPosition(decoded, original);
        Assert.Equal(decoded.Count, match.Distinct().Count());
        AssertWithinQuantisation(decoded, original, match);
    }

    [Fact]
    public void Round_trip_keeps_every_attribute_within_the_quantisation_steps_in_Morton_order()
    {
        var original = FloatPlyFixture.Read(FloatPlyFixture.DataPath("compressed-ply", "tiny.ply"));
        var bytes = WriteCompressed(original);
        FloatPlyFixture.SaveForRegeneration("ours.compressed.ply", bytes);
        var decoded = ReadCompressed(bytes);

        var order = PlayCanvasMortonOrder.Compute(original);
        AssertWithinQuantisation(decoded, original, order);
    }

    [Fact]
    public void Our_output_decoded_by_splat_transform_equals_our_own_decoding()
    {
        // ours.compressed.ply is this writer's output for tiny.ply; back.ply is `splat-transform ours.compressed.ply back.ply` (3.7.0).
        var ours = File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "ours.compressed.ply"));
        var peer = FloatPlyFixture.Read(FloatPlyFixture.DataPath("compressed-ply", "back.ply"));
        var decoded = ReadCompressed(ours);

        Assert.Equal(decoded.Count, peer.Count);
        Assert.Equal(decoded.ShDegree, peer.ShDegree);
        var planes = decoded.Planes;
        var peerPlanes = peer.Planes;
        for (var p = 0; p < planes.Length; p++)
        {
            for (var i = 0; i < decoded.Count; i++)
            {
                var tolerance = p == 10 ? 1e-3f : 1e-5f; // opacity: splat-transform leaves alpha 0/1 as +-infinity, we clamp
                if (float.IsInfinity(peerPlanes[p][i]))
                    continue;
                Assert.True(MathF.Abs(planes[p][i] - peerPlanes[p][i]) <= tolerance * MathF.Max(1, MathF.Abs(peerPlanes[p][i])), $"plane {p} splat {i}: {planes[p][i]} vs {peerPlanes[p][i]}");
            }
        }
    }

    [Fact]
    public void Writer_is_deterministic_and_matches_the_committed_cross_check_fixture()
    {
        var original = FloatPlyFixture.Read(FloatPlyFixture.DataPath("compressed-ply", "tiny.ply"));
        Assert.Equal(File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "ours.compressed.ply")), WriteCompressed(original));
    }

    [Fact]
    public void Sniff_accepts_a_header_whose_first_element_is_chunk_and_rejects_a_plain_ply()
    {
        Assert.True(Codec.Sniff("ply\nformat binary_little_endian 1.0\nelement chunk 4\n"u8));
        Assert.True(Codec.Sniff(File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.compressed.ply")).AsSpan(0, 512)));
        Assert.False(Codec.Sniff(File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.ply")).AsSpan(0, 512)));
        Assert.False(Codec.Sniff("PK\x03\x04"u8));
    }

    [Fact]
    public void Degree_zero_cloud_round_trips_without_an_sh_element()
    {
        var cloud = GaussianCloud.Create(300);
        for (var i = 0; i < 300; i++)
        {
            cloud.X[i] = i * 0.01f;
            cloud.Y[i] = -i * 0.02f;
            cloud.Z[i] = MathF.Sin(i);
            cloud.ScaleX[i] = -3 + (i % 7 * 0.1f);
            cloud.Opacity[i] = (i % 11) - 5;
            cloud.ShDc(1)[i] = (i % 5) * 0.3f;
        }
        var bytes = WriteCompressed(cloud);
        Assert.DoesNotContain("element sh", Encoding.ASCII.GetString(bytes, 0, 700), StringComparison.Ordinal);
        var decoded = ReadCompressed(bytes);
        Assert.Equal(0, decoded.ShDegree);
        AssertWithinQuantisation(decoded, cloud, PlayCanvasMortonOrder.Compute(cloud));
    }

    [Fact]
    public void Empty_cloud_round_trips()
    {
        Assert.Equal(0, ReadCompressed(WriteCompressed(GaussianCloud.Create(0, 2))).Count);
    }

    [Fact]
    public void Truncated_file_is_an_invalid_media_error_naming_the_offset()
    {
        var bytes = File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.compressed.ply"));
        var error = Assert.Throws<InvalidMediaException>(() => ReadCompressed(bytes[..(bytes.Length - 100)]));
        Assert.Equal(bytes.Length - 100, error.Offset);
        Assert.Equal("test.compressed.ply", error.MediaName);
        Assert.Throws<InvalidMediaException>(() => ReadCompressed(bytes[..200]));
    }

    [Fact]
    public void Non_seekable_truncated_stream_fails_with_invalid_media_not_end_of_stream()
    {
        var bytes = File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.compressed.ply"))[..20000];
        using var stream = new NonSeekable(bytes);
        Assert.Throws<InvalidMediaException>(() => Codec.Read(stream, "pipe", SplatReadOptions.Default, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Header_lies_are_refused_before_allocating()
    {
        var bytes = File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.compressed.ply"));
        var text = Encoding.ASCII.GetString(bytes);
        var end = text.IndexOf("end_header", StringComparison.Ordinal);
        byte[] Patch(string from, string to) => [.. Encoding.ASCII.GetBytes(text[..end].Replace(from, to, StringComparison.Ordinal)), .. bytes[end..]];

        Assert.Throws<InvalidMediaException>(() => ReadCompressed(Patch("element vertex 1000", "element vertex 2000000000")));
        Assert.Throws<InvalidMediaException>(() => ReadCompressed(Patch("element sh 1000", "element sh 999")));
        Assert.Throws<InvalidMediaException>(() => ReadCompressed(Patch("element chunk 4", "element chunk 3")));
        Assert.Throws<InvalidMediaException>(() => ReadCompressed(Patch("property uint packed_scale", "property float packed_scale")));
        Assert.Throws<UnsupportedFormatException>(() => ReadCompressed(Patch("binary_little_endian", "binary_big_endian")));
        Assert.Throws<InvalidMediaException>(() => ReadCompressed(bytes, SplatReadOptions.Default with { MaxSplats = 999 }));
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
