using System.Globalization;
using Augment.Splat.Tests.Formats.Ply;

namespace Augment.Splat.Tests.Formats.Antimatter15;

public class SplatFileCodecTests
{
    private static readonly SplatFileCodec Codec = new();

    // One u8 step of colour, alpha and rotation, in the units each attribute is stored in.
    private const float RotationStep = 1 / 128f;
    private const float DcStep = 1 / 255f / GaussianCloud.ShC0;

    private static GaussianCloud Read(byte[] bytes) =>
        Codec.Read(new MemoryStream(bytes), "test.splat", SplatReadOptions.Default, TestContext.Current.CancellationToken);

    private static byte[] Write(GaussianCloud cloud)
    {
        using var stream = new MemoryStream();
        Codec.Write(cloud, stream, SplatWriteOptions.Default, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    [Fact]
    public void Minimal_splat_decodes_like_splat_transform_within_one_quantisation_step()
    {
        var cloud = Read(File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat")));
        var lines = File.ReadAllLines(PlyTestFiles.DataPath("splat/minimal.splat.csv"));
        var columns = lines[0].Split(',');
        Assert.Equal(lines.Length - 1, cloud.Count);
        for (var i = 0; i < cloud.Count; i++)
        {
            var values = lines[i + 1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            for (var c = 0; c < columns.Length; c++)
            {
                var (actual, tolerance) = columns[c] switch
                {
                    "x" => (cloud.X[i], 0f),
                    "y" => (cloud.Y[i], 0f),
                    "z" => (cloud.Z[i], 0f),
                    "scale_0" => (cloud.ScaleX[i], 1e-6f),
                    "scale_1" => (cloud.ScaleY[i], 1e-6f),
                    "scale_2" => (cloud.ScaleZ[i], 1e-6f),
                    "rot_0" => (cloud.RotationW[i], RotationStep),
                    "rot_1" => (cloud.RotationX[i], RotationStep),
                    "rot_2" => (cloud.RotationY[i], RotationStep),
                    "rot_3" => (cloud.RotationZ[i], RotationStep),
                    "opacity" => (cloud.Opacity[i], 1e-4f),
                    "f_dc_0" => (cloud.ShDc(0)[i], 1e-5f),
                    "f_dc_1" => (cloud.ShDc(1)[i], 1e-5f),
                    "f_dc_2" => (cloud.ShDc(2)[i], 1e-5f),
                    _ => throw new InvalidOperationException(columns[c]),
                };
                Assert.True(Math.Abs(values[c] - actual) <= tolerance, $"splat {i} {columns[c]}: expected {values[c]}, got {actual}");
            }
        }
    }

    [Fact]
    public void Round_trip_stays_within_the_quantisation_steps()
    {
        var random = new Random(3);
        var cloud = GaussianCloud.Create(70_000, 2, ["nx"]); // more than one 32768-row block
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.X[i] = (random.NextSingle() * 200) - 100;
            cloud.Y[i] = random.NextSingle();
            cloud.Z[i] = -random.NextSingle();
            cloud.ScaleX[i] = (random.NextSingle() * 8) - 6;
            cloud.ScaleY[i] = (random.NextSingle() * 8) - 6;
            cloud.ScaleZ[i] = (random.NextSingle() * 8) - 6;
            cloud.Opacity[i] = (random.NextSingle() * 8) - 4;
            for (var c = 0; c < 3; c++)
                cloud.ShDc(c)[i] = (random.NextSingle() * 3.4f) - 1.7f; // colour inside 0..1
            cloud.RotationW[i] = random.NextSingle() - 0.5f;
            cloud.RotationX[i] = random.NextSingle() - 0.5f;
            cloud.RotationY[i] = random.NextSingle() - 0.5f;
            cloud.RotationZ[i] = random.NextSingle() - 0.5f;
        }
        cloud.NormalizeRotations();
        var bytes = Write(cloud);
        Assert.Equal(cloud.Count * 32, bytes.Length);
        var back = Read(bytes);
        Assert.Equal(0, back.ShDegree);
        Assert.Empty(back.ExtraNames);
        for (var i = 0; i < cloud.Count; i++)
        {
            Assert.Equal(cloud.X[i], back.X[i]);
            Assert.Equal(cloud.Z[i], back.Z[i]);
            Assert.Equal(cloud.ScaleX[i], back.ScaleX[i], 1e-5f);
            // Alpha is within half a step of 1/255.
            Assert.Equal(cloud.Alpha(i), back.Alpha(i), 0.5f / 255 + 1e-6f);
            for (var c = 0; c < 3; c++)
                Assert.Equal(cloud.ShDc(c)[i], back.ShDc(c)[i], (0.5f * DcStep) + 1e-5f);
            // The quaternion is the same rotation (up to sign) within the u8 step.
            var dot = (cloud.RotationW[i] * back.RotationW[i]) + (cloud.RotationX[i] * back.RotationX[i]) + (cloud.RotationY[i] * back.RotationY[i]) + (cloud.RotationZ[i] * back.RotationZ[i]);
            Assert.True(Math.Abs(dot) > 1 - (2 * RotationStep), $"splat {i}: rotation dot {dot}");
        }
    }

    [Fact]
    public void A_length_that_is_not_whole_splats_is_an_error()
    {
        var e = Assert.Throws<InvalidMediaException>(() => Read(new byte[70]));
        Assert.Equal(64, e.Offset);
    }

    [Fact]
    public void Non_seekable_streams_read_the_same()
    {
        var bytes = File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat"));
        var cloud = Codec.Read(new NonSeekableStream(bytes), "pipe", SplatReadOptions.Default, TestContext.Current.CancellationToken);
        PlyTestFiles.AssertBitEqual(Read(bytes), cloud);
        Assert.Throws<InvalidMediaException>(() => Codec.Read(new NonSeekableStream(bytes), "pipe", new SplatReadOptions { MaxSplats = 3 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Extreme_alpha_bytes_give_finite_logits_that_round_trip()
    {
        var bytes = File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat"));
        bytes[27] = 0;
        bytes[59] = 255;
        var cloud = Read(bytes);
        Assert.True(float.IsFinite(cloud.Opacity[0]) && float.IsFinite(cloud.Opacity[1]));
        var again = Write(cloud);
        Assert.Equal(0, again[27]);
        Assert.Equal(255, again[59]);
    }

    [Fact]
    public void Sniff_wants_a_plausible_first_splat()
    {
        var bytes = File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat"));
        Assert.True(Codec.Sniff(bytes));
        Assert.False(Codec.Sniff(bytes.AsSpan(0, 31)));
        var nan = (byte[])bytes.Clone();
        nan[3] = 0xFF;
        nan[2] = 0xFF;
        Assert.False(Codec.Sniff(nan));
        var negativeScale = (byte[])bytes.Clone();
        negativeScale[15] |= 0x80;
        Assert.False(Codec.Sniff(negativeScale));
    }

    [Fact]
    public void Splat_written_by_augment_decodes_like_splat_transform_decodes_it()
    {
        // tiny.splat.peer.ply is splat-transform 3.7.0's PLY of our tiny.splat: the peer reads our writer's bytes.
        var ours = Read(File.ReadAllBytes(PlyTestFiles.DataPath("splat/tiny.splat")));
        var peer = SplatFile.Load(PlyTestFiles.DataPath("splat/tiny.splat.peer.ply"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1000, ours.Count);
        Assert.Equal(peer.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            Assert.Equal(peer.X[i], ours.X[i]);
            Assert.Equal(peer.Z[i], ours.Z[i]);
            Assert.Equal(peer.ScaleY[i], ours.ScaleY[i], 1e-5f);
            Assert.Equal(peer.Opacity[i], ours.Opacity[i], 1e-5f);
            Assert.Equal(peer.ShDc(1)[i], ours.ShDc(1)[i], 1e-5f);
            // The peer decodes rotation bytes as b/255*2-1, we as (b-128)/128: both within one u8 step.
            Assert.Equal(peer.RotationW[i], ours.RotationW[i], RotationStep);
            Assert.Equal(peer.RotationZ[i], ours.RotationZ[i], RotationStep);
        }
    }
}
