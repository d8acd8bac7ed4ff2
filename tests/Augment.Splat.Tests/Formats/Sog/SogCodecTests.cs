using System.IO.Compression;
using System.Text;
using Augment.Splat.Tests.Formats.CompressedPly;

namespace Augment.Splat.Tests.Formats.Sog;

/// <summary>
/// SOG's quantisation, which the comparisons allow: positions 16 bits in sign(x) ln(|x| + 1) space (one step, times |x| + 1),
/// log-scales and DC colour one 256-entry codebook each (error at most the widest gap between neighbouring entries),
/// alpha 8 bits (1/255: splat-transform truncates; our writer rounds, 0.5/255), rotations 8 bits a component for
/// the smallest three (|q . q'| of at least 0.99), SH rest coefficients a k-means palette (RMS error at most 0.6 of the
/// coefficients' RMS: tiny.ply's coefficients are random, so 1000 vectors in a 512-entry palette lose much; splat-transform's
/// own file has 0.56, ours 0.56).
/// </summary>
public sealed class SogCodecTests
{
    private static readonly SogCodec Codec = new();

    private static GaussianCloud ReadSog(byte[] bytes, SplatReadOptions? options = null, string source = "test.sog")
    {
        using var stream = new MemoryStream(bytes);
        return Codec.Read(stream, source, options ?? SplatReadOptions.Default, TestContext.Current.CancellationToken);
    }

    private static byte[] WriteSog(GaussianCloud cloud)
    {
        using var stream = new MemoryStream();
        Codec.Write(cloud, stream, SplatWriteOptions.Default, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    private static float WidestGap(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c)
    {
        var all = new List<float>();
        foreach (var v in a)
            all.Add(v);
        foreach (var v in b)
            all.Add(v);
        foreach (var v in c)
            all.Add(v);
        var distinct = all.Distinct().Order().ToArray();
        var gap = 0f;
        for (var i = 1; i < distinct.Length; i++)
            gap = MathF.Max(gap, distinct[i] - distinct[i - 1]);
        return gap;
    }

    private static void AssertWithinQuantisation(GaussianCloud decoded, GaussianCloud reference, int[] match, float alphaTolerance)
    {
        Assert.Equal(reference.Count, decoded.Count);
        Assert.Equal(reference.ShDegree, decoded.ShDegree);
        var scaleGap = WidestGap(decoded.ScaleX, decoded.ScaleY, decoded.ScaleZ) + 1e-4f;
        var colourGap = WidestGap(decoded.ShDc(0), decoded.ShDc(1), decoded.ShDc(2)) + 1e-4f;
        // One 16-bit step in log space, scaled back by d/dv (e^|v| - 1) = |x| + 1.
        var logStep = new float[3];
        float[][] axes = [reference.X.ToArray(), reference.Y.ToArray(), reference.Z.ToArray()];
        for (var a = 0; a < 3; a++)
        {
            var logs = axes[a].Select(v => MathF.CopySign(MathF.Log(MathF.Abs(v) + 1), v)).ToArray();
            logStep[a] = ((logs.Max() - logs.Min()) / 65535f * 1.01f) + 1e-6f;
        }
        double shError = 0, shMagnitude = 0;
        for (var i = 0; i < decoded.Count; i++)
        {
            var j = match[i];
            Assert.True(MathF.Abs(decoded.X[i] - reference.X[j]) <= logStep[0] * (MathF.Abs(reference.X[j]) + 1), $"x of splat {i}: {decoded.X[i]} vs {reference.X[j]}");
            Assert.True(MathF.Abs(decoded.Y[i] - reference.Y[j]) <= logStep[1] * (MathF.Abs(reference.Y[j]) + 1), $"y of splat {i}: {decoded.Y[i]} vs {reference.Y[j]}");
            Assert.True(MathF.Abs(decoded.Z[i] - reference.Z[j]) <= logStep[2] * (MathF.Abs(reference.Z[j]) + 1), $"z of splat {i}: {decoded.Z[i]} vs {reference.Z[j]}");
            Assert.True(MathF.Abs(decoded.ScaleX[i] - reference.ScaleX[j]) <= scaleGap && MathF.Abs(decoded.ScaleY[i] - reference.ScaleY[j]) <= scaleGap && MathF.Abs(decoded.ScaleZ[i] - reference.ScaleZ[j]) <= scaleGap, $"scale of splat {i}");
            for (var c = 0; c < 3; c++)
                Assert.True(MathF.Abs(decoded.ShDc(c)[i] - reference.ShDc(c)[j]) <= colourGap, $"DC {c} of splat {i}: {decoded.ShDc(c)[i]} vs {reference.ShDc(c)[j]} (gap {colourGap})");
            Assert.True(MathF.Abs(decoded.Alpha(i) - reference.Alpha(j)) <= alphaTolerance + 1e-5f, $"alpha of splat {i}: {decoded.Alpha(i)} vs {reference.Alpha(j)}");
            Assert.True(FloatPlyFixture.RotationAgreement(decoded, i, reference, j) >= 0.99f, $"rotation of splat {i}");
            for (var c = 0; c < 3; c++)
            {
                for (var k = 0; k < decoded.ShRestCount; k++)
                {
                    var d = decoded.ShRest(c, k)[i] - reference.ShRest(c, k)[j];
                    shError += d * d;
                    shMagnitude += reference.ShRest(c, k)[j] * (double)reference.ShRest(c, k)[j];
                }
            }
        }
        Assert.True(shError <= 0.36 * shMagnitude, $"SH palette error: RMS ratio {Math.Sqrt(shError / Math.Max(shMagnitude, 1e-30))}");
    }

    [Fact]
    public void Splat_transform_sog_decodes_to_the_source_ply_within_the_quantisation()
    {
        var original = FloatPlyFixture.Read(FloatPlyFixture.DataPath("sog", "tiny.ply"));
        var decoded = ReadSog(File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "tiny.sog")));

        Assert.Equal(3, decoded.ShDegree);
        var match = FloatPlyFixture.MatchByPosition(decoded, original);
        Assert.Equal(decoded.Count, match.Distinct().Count());
        AssertWithinQuantisation(decoded, original, match, 1 / 255f);
    }

    [Fact]
    public void Round_trip_keeps_every_attribute_within_the_quantisation_in_Morton_order()
    {
        var original = FloatPlyFixture.Read(FloatPlyFixture.DataPath("sog", "tiny.ply"));
        var bytes = WriteSog(original);
        FloatPlyFixture.SaveForRegeneration("ours.sog", bytes);
        var decoded = ReadSog(bytes);

        AssertWithinQuantisation(decoded, original, PlayCanvasMortonOrder.Compute(original), 0.5f / 255);
    }

    [Fact]
    public void Our_sog_decoded_by_splat_transform_equals_our_own_decoding()
    {
        // ours.sog is this writer's output for tiny.ply; back.ply is `splat-transform -g cpu ours.sog back.ply` (3.7.0).
        var decoded = ReadSog(File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "ours.sog")));
        var peer = FloatPlyFixture.Read(FloatPlyFixture.DataPath("sog", "back.ply"));

        Assert.Equal(decoded.Count, peer.Count);
        Assert.Equal(decoded.ShDegree, peer.ShDegree);
        for (var p = 0; p < decoded.Planes.Length; p++)
        {
            for (var i = 0; i < decoded.Count; i++)
            {
                var expected = peer.Planes[p][i];
                Assert.True(MathF.Abs(decoded.Planes[p][i] - expected) <= 1e-5f * MathF.Max(1, MathF.Abs(expected)), $"plane {p} splat {i}: {decoded.Planes[p][i]} vs {expected}");
            }
        }
    }

    [Fact]
    public void Writer_is_deterministic_and_matches_the_committed_cross_check_fixture()
    {
        var original = FloatPlyFixture.Read(FloatPlyFixture.DataPath("sog", "tiny.ply"));
        Assert.Equal(File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "ours.sog")), WriteSog(original));
    }

    [Fact]
    public void Folder_form_reads_the_same_as_the_zip()
    {
        var zipBytes = File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "tiny.sog"));
        var folder = Directory.CreateTempSubdirectory("aug-sog-");
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
                zip.ExtractToDirectory(folder.FullName);
            var metaPath = Path.Combine(folder.FullName, "meta.json");
            var fromFolder = ReadSog(File.ReadAllBytes(metaPath), source: metaPath);
            var fromZip = ReadSog(zipBytes);
            var viaFolderHook = Codec.ReadFolder(folder.FullName, SplatReadOptions.Default, TestContext.Current.CancellationToken);
            for (var p = 0; p < fromZip.Planes.Length; p++)
            {
                Assert.Equal(fromZip.Planes[p], fromFolder.Planes[p]);
                Assert.Equal(fromZip.Planes[p], viaFolderHook.Planes[p]);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Degree_zero_cloud_round_trips_without_a_palette()
    {
        var cloud = GaussianCloud.Create(50);
        for (var i = 0; i < 50; i++)
        {
            cloud.X[i] = i - 25;
            cloud.Y[i] = i * 0.1f;
            cloud.ScaleY[i] = -i * 0.05f;
            cloud.Opacity[i] = (i % 9) - 4;
            cloud.ShDc(2)[i] = i * 0.02f;
            (cloud.RotationW[i], cloud.RotationX[i]) = (MathF.Cos(i * 0.1f), MathF.Sin(i * 0.1f));
        }
        var bytes = WriteSog(cloud);
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
            Assert.Null(zip.GetEntry("shN_labels.webp"));
        var decoded = ReadSog(bytes);
        AssertWithinQuantisation(decoded, cloud, PlayCanvasMortonOrder.Compute(cloud), 0.5f / 255);
    }

    [Fact]
    public void Empty_cloud_round_trips()
    {
        Assert.Equal(0, ReadSog(WriteSog(GaussianCloud.Create(0))).Count);
    }

    [Fact]
    public void Sniff_accepts_zips_and_meta_json_and_rejects_ply()
    {
        Assert.True(Codec.Sniff(File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "tiny.sog")).AsSpan(0, 64)));
        Assert.True(Codec.Sniff("{\"version\":2,\"asset\":{}}"u8));
        Assert.False(Codec.Sniff("ply\nformat binary_little_endian 1.0\n"u8));
    }

    [Fact]
    public void Zip_bomb_member_stops_at_the_decompression_limit()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var meta = zip.CreateEntry("meta.json").Open())
                meta.Write(ExtractMember("meta.json"));
            using var bomb = zip.CreateEntry("means_l.webp", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
                bomb.Write(zeros);
        }
        Assert.True(buffer.Length < 1 << 20);
        var error = Assert.Throws<InvalidMediaException>(() => ReadSog(buffer.ToArray(), SplatReadOptions.Default with { MaxDecompressedBytes = 8 << 20 }));
        Assert.Contains("means_l.webp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Total_decompressed_bytes_are_limited_across_members()
    {
        Assert.Throws<InvalidMediaException>(() => ReadSog(File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "tiny.sog")), SplatReadOptions.Default with { MaxDecompressedBytes = 30000 }));
    }

    [Fact]
    public void Count_beyond_the_image_size_is_refused()
    {
        var bytes = ReplaceMeta(m => m.Replace("\"count\":1000,", "\"count\":100000,", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidMediaException>(() => ReadSog(bytes));
        Assert.Contains("texels", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidMediaException>(() => ReadSog(ReplaceMeta(m => m.Replace("\"count\":1000,", "\"count\":2000000000,", StringComparison.Ordinal))));
    }

    [Fact]
    public void Malformed_meta_and_archives_are_typed_errors()
    {
        Assert.Throws<UnsupportedFormatException>(() => ReadSog(ReplaceMeta(m => m.Replace("\"version\":2,", "", StringComparison.Ordinal))));
        Assert.Throws<InvalidMediaException>(() => ReadSog(ReplaceMeta(m => m[..100])));
        Assert.Throws<InvalidMediaException>(() => ReadSog(ReplaceMeta(m => m.Replace("means_l.webp", "../etc/passwd", StringComparison.Ordinal))));
        Assert.Throws<InvalidMediaException>(() => ReadSog(ReplaceMeta(m => m.Replace("\"bands\":3", "\"bands\":7", StringComparison.Ordinal))));
        var bytes = File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "tiny.sog"));
        Assert.Throws<InvalidMediaException>(() => ReadSog(bytes[..(bytes.Length / 2)]));
        Assert.Throws<InvalidMediaException>(() => ReadSog("PK\x03\x04garbage"u8.ToArray()));
    }

    private static byte[] ExtractMember(string name)
    {
        using var zip = new ZipArchive(File.OpenRead(FloatPlyFixture.DataPath("sog", "tiny.sog")), ZipArchiveMode.Read);
        using var input = zip.GetEntry(name)!.Open();
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] ReplaceMeta(Func<string, string> edit)
    {
        using var buffer = new MemoryStream();
        using (var source = new ZipArchive(File.OpenRead(FloatPlyFixture.DataPath("sog", "tiny.sog")), ZipArchiveMode.Read))
        using (var target = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var copy = new MemoryStream();
                input.CopyTo(copy);
                var bytes = entry.Name == "meta.json" ? Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(copy.ToArray()))) : copy.ToArray();
                using var output = target.CreateEntry(entry.Name).Open();
                output.Write(bytes);
            }
        }
        return buffer.ToArray();
    }
}
