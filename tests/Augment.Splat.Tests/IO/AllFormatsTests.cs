using Augment.Splat.Tests.Formats.Ply;

namespace Augment.Splat.Tests.IO;

/// <summary>Every registered codec behind the one entry point: detection from content and conversion between formats.</summary>
public sealed class AllFormatsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("augment-splat-formats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("ply/tiny.ply", SplatFormat.Ply, 1000)]
    [InlineData("compressed-ply/tiny.compressed.ply", SplatFormat.CompressedPly, 1000)]
    [InlineData("spz/tiny.spz", SplatFormat.Spz, 1000)]
    [InlineData("spz/tiny_v3.spz", SplatFormat.Spz, 1000)]
    [InlineData("spz/minimal-v2.spz", SplatFormat.Spz, 4)]
    [InlineData("sog/tiny.sog", SplatFormat.Sog, 1000)]
    [InlineData("ksplat/minimal.ksplat", SplatFormat.Ksplat, 4)]
    [InlineData("splat/minimal.splat", SplatFormat.Splat, 4)]
    public void Every_fixture_is_recognised_by_content_under_a_meaningless_extension(string fixture, SplatFormat format, int count)
    {
        var path = Path.Combine(_folder, "scene.bin");
        File.Copy(PlyTestFiles.DataPath(fixture), path, overwrite: true);

        Assert.Equal(format, SplatFile.DetectFormat(path));
        Assert.Equal(count, GaussianCloud.Load(path, cancellationToken: TestContext.Current.CancellationToken).Count);
    }

    [Theory]
    [InlineData(".ply", 0.0)]
    [InlineData(".compressed.ply", 0.01)]
    [InlineData(".spz", 0.001)]
    [InlineData(".sog", 0.01)]
    [InlineData(".splat", 0.0)]
    public void Tiny_ply_converted_to_each_writable_format_reads_back_with_the_same_splats(string extension, double positionTolerance)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = GaussianCloud.Load(PlyTestFiles.DataPath("ply/tiny.ply"), cancellationToken: ct);
        var path = Path.Combine(_folder, "scene" + extension);

        source.Save(path, cancellationToken: ct);
        var back = GaussianCloud.Load(path, cancellationToken: ct);

        Assert.Equal(source.Count, back.Count);
        // Formats that reorder splats (Morton order) are compared as sets of positions via nearest match on x.
        var expected = Sorted(source);
        var actual = Sorted(back);
        var (min, max) = source.Bounds();
        var extent = Math.Max(max.X - min.X, Math.Max(max.Y - min.Y, max.Z - min.Z));
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= (positionTolerance * extent) + 1e-6, $"{extension}: sorted x[{i}] {actual[i]} vs {expected[i]}");
    }

    private static float[] Sorted(GaussianCloud cloud)
    {
        var x = cloud.X.ToArray();
        Array.Sort(x);
        return x;
    }
}
