using System.Buffers.Binary;
using Augment.Splat.Tests.Formats.Spz;

namespace Augment.Splat.Tests.Formats.Ksplat;

public class KsplatCodecTests
{
    private static readonly KsplatCodec Codec = new();

    [Fact]
    public void Minimal_mode_0_file_decodes_to_what_splat_transform_decodes()
    {
        var expected = SpzTestData.ReadCsv(SpzTestData.PathOf("ksplat", "decoded/minimal.ksplat.csv"));

        var cloud = SpzTestData.Read(Codec, "ksplat", "minimal.ksplat");

        Assert.Equal(4, cloud.Count);
        Assert.Equal(0, cloud.ShDegree);
        string[] columns = ["x", "y", "z", "rot_0", "rot_1", "rot_2", "rot_3", "scale_0", "scale_1", "scale_2", "opacity", "f_dc_0", "f_dc_1", "f_dc_2"];
        float[][] planes = [cloud.X.ToArray(), cloud.Y.ToArray(), cloud.Z.ToArray(), cloud.RotationW.ToArray(), cloud.RotationX.ToArray(), cloud.RotationY.ToArray(), cloud.RotationZ.ToArray(),
            cloud.ScaleX.ToArray(), cloud.ScaleY.ToArray(), cloud.ScaleZ.ToArray(), cloud.Opacity.ToArray(), cloud.ShDc(0).ToArray(), cloud.ShDc(1).ToArray(), cloud.ShDc(2).ToArray()];
        for (var c = 0; c < columns.Length; c++)
            Assert.True(SpzTestData.MaxDifference(expected[columns[c]], planes[c]) < 1e-5f, columns[c]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_compression_mode_with_buckets_and_sh_decodes_within_its_precision(int mode)
    {
        var random = new Random(mode);
        const int count = 37;
        var positions = new float[count * 3];
        for (var i = 0; i < positions.Length; i++)
            positions[i] = random.NextSingle() * 4;
        var sh = new float[count * 9];
        for (var i = 0; i < sh.Length; i++)
            sh[i] = (random.NextSingle() * 2) - 1;
        var bytes = KsplatFile(mode, positions, sh);

        var cloud = Codec.Read(new MemoryStream(bytes), "made.ksplat", SplatReadOptions.Default, TestContext.Current.CancellationToken);

        // 16-bit positions over a 2-unit half block: step 1/32767 units; float16 scales and rotations: 2^-11 relative.
        var positionTolerance = mode == 0 ? 1e-6f : 2.0f / 32767;
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(positions[i * 3], cloud.X[i], positionTolerance);
            Assert.Equal(positions[(i * 3) + 2], cloud.Z[i], positionTolerance);
            Assert.Equal(MathF.Log(0.05f + (0.001f * i)), cloud.ScaleY[i], 2e-3f);
            Assert.Equal(0.5f, cloud.RotationW[i], 1e-3f);
            Assert.Equal(-0.5f, cloud.RotationZ[i], 1e-3f);
            Assert.Equal(((i / 255f) - 0.5f) / GaussianCloud.ShC0, cloud.ShDc(1)[i], 1e-5f);
            for (var j = 0; j < 9; j++)
            {
                var shTolerance = mode switch { 0 => 1e-6f, 1 => 1e-3f, _ => 3f / 255 / 2 };
                Assert.Equal(sh[(i * 9) + j], cloud.ShRest(j / 3, j % 3)[i], shTolerance);
            }
        }
    }

    [Fact]
    public void Sniff_accepts_ksplat_and_rejects_other_formats()
    {
        var ksplat = File.ReadAllBytes(SpzTestData.PathOf("ksplat", "minimal.ksplat"));
        var spz = File.ReadAllBytes(SpzTestData.PathOf("spz", "minimal-raw.spz"));

        Assert.True(Codec.Sniff(ksplat.AsSpan(0, 64)));
        Assert.False(Codec.Sniff(spz.AsSpan(0, 64)));
        Assert.False(Codec.Sniff("ply\nformat binary_little_endian 1.0\nelement vertex 4\nproperty float x\n"u8));
        Assert.False(Codec.CanWrite);
    }

    [Fact]
    public void Unknown_modes_lies_and_truncation_raise_typed_errors()
    {
        var good = File.ReadAllBytes(SpzTestData.PathOf("ksplat", "minimal.ksplat"));
        var mode7 = (byte[])good.Clone();
        mode7[20] = 7;
        var moreSplats = (byte[])good.Clone();
        moreSplats[16] = 5;
        var hugeSection = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(hugeSection.AsSpan(4096 + 4), 100_000_000);

        var unsupported = Assert.Throws<UnsupportedFormatException>(() => Read(mode7));
        Assert.Contains("mode 7", unsupported.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidMediaException>(() => Read(moreSplats));
        Assert.Throws<InvalidMediaException>(() => Read(hugeSection));
        Assert.Throws<InvalidMediaException>(() => Read(good[..5000]));
        Assert.Throws<InvalidMediaException>(() => Read(good[..100]));
        var limit = Assert.Throws<InvalidMediaException>(() => Codec.Read(new MemoryStream(good), "m.ksplat", SplatReadOptions.Default with { MaxSplats = 3 }, TestContext.Current.CancellationToken));
        Assert.Equal("m.ksplat", limit.MediaName);
    }

    private static GaussianCloud Read(byte[] bytes) =>
        Codec.Read(new MemoryStream(bytes), "bad.ksplat", SplatReadOptions.Default, TestContext.Current.CancellationToken);

    /// <summary>
    /// An independent ksplat writer for the test: one section, SH degree 1, buckets of 16 splats (two full, one
    /// partial of 5) centred at (2, 2, 2) with a block size of 4, colour i, alpha 200, rotation (0.5, 0.5, 0.5, -0.5).
    /// </summary>
    private static byte[] KsplatFile(int mode, float[] positions, float[] sh)
    {
        var count = positions.Length / 3;
        var full = mode == 0 ? 4 : 2;
        var centre = 12;
        var (posBytes, scaleBytes, rotBytes, shBytes) = mode == 0 ? (12, 12, 16, 4) : (6, 6, 8, mode == 1 ? 2 : 1);
        var stride = posBytes + scaleBytes + rotBytes + 4 + (9 * shBytes);
        const int buckets = 3;
        var partial = mode == 0 ? 0 : 1;
        var storage = (centre * buckets) + (4 * partial);
        var bytes = new byte[4096 + 1024 + storage + (stride * count)];
        var span = bytes.AsSpan();
        span[1] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)mode);
        BinaryPrimitives.WriteSingleLittleEndian(span[36..], -1f);
        BinaryPrimitives.WriteSingleLittleEndian(span[40..], 2f);
        var header = span[4096..];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], buckets);
        BinaryPrimitives.WriteSingleLittleEndian(header[16..], 4f);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], (ushort)centre);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], (uint)(mode == 0 ? 0 : full));
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], (uint)partial);
        BinaryPrimitives.WriteUInt16LittleEndian(header[40..], 1);
        var data = span[(4096 + 1024)..];
        if (partial == 1)
            BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)(count - 32));
        for (var b = 0; b < buckets; b++)
        {
            for (var a = 0; a < 3; a++)
                BinaryPrimitives.WriteSingleLittleEndian(data[((4 * partial) + (12 * b) + (4 * a))..], 2f);
        }
        var records = data[storage..];
        for (var i = 0; i < count; i++)
        {
            var r = records.Slice(i * stride, stride);
            for (var a = 0; a < 3; a++)
            {
                if (mode == 0)
                    BinaryPrimitives.WriteSingleLittleEndian(r[(4 * a)..], positions[(i * 3) + a]);
                else
                    BinaryPrimitives.WriteUInt16LittleEndian(r[(2 * a)..], (ushort)MathF.Round(((positions[(i * 3) + a] - 2f) / (4f / 2 / 32767)) + 32767));
                WriteValue(r[(posBytes + (a * scaleBytes / 3))..], 0.05f + (0.001f * i), mode);
            }
            float[] rotation = [0.5f, 0.5f, 0.5f, -0.5f];
            for (var a = 0; a < 4; a++)
                WriteValue(r[(posBytes + scaleBytes + (a * rotBytes / 4))..], rotation[a], mode);
            var color = posBytes + scaleBytes + rotBytes;
            r[color] = (byte)(255 - i);
            r[color + 1] = (byte)i;
            r[color + 2] = 9;
            r[color + 3] = 200;
            for (var j = 0; j < 9; j++)
            {
                var at = r[(color + 4 + (j * shBytes))..];
                var value = sh[(i * 9) + j];
                if (mode == 0)
                    BinaryPrimitives.WriteSingleLittleEndian(at, value);
                else if (mode == 1)
                    BinaryPrimitives.WriteHalfLittleEndian(at, (Half)value);
                else
                    at[0] = (byte)MathF.Round((value + 1f) / 3f * 255f);
            }
        }
        return bytes;
    }

    private static void WriteValue(Span<byte> at, float value, int mode)
    {
        if (mode == 0)
            BinaryPrimitives.WriteSingleLittleEndian(at, value);
        else
            BinaryPrimitives.WriteHalfLittleEndian(at, (Half)value);
    }
}
