using System.Text;
using Augment.Splat.Tests.Formats.Ply;

namespace Augment.Splat.Tests.IO;

public sealed class SplatFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("augment-splat-io-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Temp(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Load_detects_ply_from_content_not_extension()
    {
        var path = Temp("scene.bin");
        File.Copy(PlyTestFiles.DataPath("ply/tiny.ply"), path);
        var cloud = GaussianCloud.Load(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1000, cloud.Count);
        Assert.Equal(3, cloud.ShDegree);
        Assert.Equal(SplatFormat.Ply, SplatFile.DetectFormat(path));
    }

    [Fact]
    public void Load_detects_antimatter15_splat_from_content()
    {
        var path = Temp("scene.data");
        File.Copy(PlyTestFiles.DataPath("splat/minimal.splat"), path);
        Assert.Equal(SplatFormat.Splat, SplatFile.DetectFormat(path));
        Assert.Equal(4, GaussianCloud.Load(path, cancellationToken: TestContext.Current.CancellationToken).Count);
    }

    [Fact]
    public void A_ply_with_a_chunk_element_is_compressed_ply()
    {
        var path = Temp("x.ply");
        File.WriteAllText(path, "ply\nformat binary_little_endian 1.0\ncomment a long comment that pushes the chunk element past the first 64 bytes\nelement chunk 1\nproperty float min_x\nelement vertex 1\nproperty uint packed_position\nend_header\n");
        Assert.Equal(SplatFormat.CompressedPly, SplatFile.DetectFormat(path));
        Assert.Equal(SplatFormat.CompressedPly, SplatFile.DetectFormat(PlyTestFiles.DataPath("compressed-ply/tiny.compressed.ply")));
    }

    [Fact]
    public void Load_reads_non_seekable_streams()
    {
        var ply = File.ReadAllBytes(PlyTestFiles.DataPath("ply/tiny.ply"));
        var fromPipe = GaussianCloud.Load(new NonSeekableStream(ply), cancellationToken: TestContext.Current.CancellationToken);
        var fromFile = GaussianCloud.Load(PlyTestFiles.DataPath("ply/tiny.ply"), cancellationToken: TestContext.Current.CancellationToken);
        PlyTestFiles.AssertBitEqual(fromFile, fromPipe);
        var splat = File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat"));
        Assert.Equal(4, GaussianCloud.Load(new NonSeekableStream(splat), cancellationToken: TestContext.Current.CancellationToken).Count);
    }

    [Fact]
    public void Load_from_a_stream_starts_at_its_position()
    {
        var ply = File.ReadAllBytes(PlyTestFiles.DataPath("ply/tiny.ply"));
        var stream = new MemoryStream([.. new byte[5], .. ply]) { Position = 5 };
        Assert.Equal(1000, SplatFile.Load(stream, "offset", cancellationToken: TestContext.Current.CancellationToken).Count);
    }

    [Fact]
    public void Unknown_content_is_unsupported_and_empty_files_are_invalid()
    {
        var path = Temp("notes.ply");
        File.WriteAllText(path, "hello, this is not a splat file at all, just some words here.");
        Assert.Throws<UnsupportedFormatException>(() => GaussianCloud.Load(path, cancellationToken: TestContext.Current.CancellationToken));
        var empty = Temp("empty.splat");
        File.WriteAllBytes(empty, []);
        Assert.Throws<InvalidMediaException>(() => GaussianCloud.Load(empty, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<FileNotFoundException>(() => GaussianCloud.Load(Temp("missing.ply"), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Splat_content_whose_length_is_not_whole_splats_is_not_taken_for_splat()
    {
        var path = Temp("odd.splat");
        File.WriteAllBytes(path, [.. File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat")), 1, 2, 3]);
        Assert.Throws<UnsupportedFormatException>(() => SplatFile.DetectFormat(path));
    }

    [Theory]
    [InlineData("out.ply")]
    [InlineData("OUT.PLY")]
    [InlineData("out.splat")]
    public void Save_takes_the_format_from_the_extension_and_loads_back(string name)
    {
        var cloud = GaussianCloud.Load(PlyTestFiles.DataPath("ply/tiny.ply"), cancellationToken: TestContext.Current.CancellationToken);
        var path = Temp(name);
        cloud.Save(path, cancellationToken: TestContext.Current.CancellationToken);
        var back = GaussianCloud.Load(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(cloud.Count, back.Count);
        Assert.Equal(name.EndsWith(".splat", StringComparison.Ordinal) ? SplatFormat.Splat : SplatFormat.Ply, SplatFile.DetectFormat(path));
        if (SplatFile.DetectFormat(path) == SplatFormat.Ply)
            PlyTestFiles.AssertBitEqual(cloud, back);
    }

    [Fact]
    public void Save_ascii_ply_when_asked()
    {
        var cloud = PlyTestFiles.RandomCloud(10, 1, [], 5);
        var path = Temp("a.ply");
        cloud.Save(path, new SplatWriteOptions { PlyAscii = true }, TestContext.Current.CancellationToken);
        Assert.StartsWith("ply\nformat ascii 1.0\n", File.ReadAllText(path), StringComparison.Ordinal);
        PlyTestFiles.AssertBitEqual(cloud, GaussianCloud.Load(path, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Save_with_an_unknown_extension_lists_the_supported_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => GaussianCloud.Create(1).Save(Temp("x.obj"), cancellationToken: TestContext.Current.CancellationToken));
        foreach (var ext in new[] { ".ply", ".compressed.ply", ".splat", ".spz", ".sog" })
            Assert.Contains(ext, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Temp("x.obj")));
    }

    [Theory]
    [InlineData("a.compressed.ply", SplatFormat.CompressedPly)]
    [InlineData("a.spz", SplatFormat.Spz)]
    [InlineData("a.sog", SplatFormat.Sog)]
    [InlineData("a.ply", SplatFormat.Ply)]
    [InlineData("dir.x/a.Splat", SplatFormat.Splat)]
    public void Extensions_name_formats(string path, SplatFormat format) =>
        Assert.Equal(format, SplatFile.FormatFromExtension(path));

    [Fact]
    public void Saving_a_format_without_a_registered_codec_is_unsupported()
    {
        foreach (var (format, ext) in new[] { (SplatFormat.Spz, ".spz"), (SplatFormat.CompressedPly, ".compressed.ply"), (SplatFormat.Sog, ".sog") })
        {
            if (SplatCodecs.Find(format) is not null)
                continue;
            Assert.Throws<UnsupportedFormatException>(() => GaussianCloud.Create(1).Save(Temp("a" + ext), cancellationToken: TestContext.Current.CancellationToken));
            Assert.False(File.Exists(Temp("a" + ext)));
        }
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_file_untouched()
    {
        var path = Temp("keep.ply");
        File.WriteAllText(path, "old");
        var bad = GaussianCloud.Create(2, 0, ["x"]); // an extra named like a position cannot be written
        Assert.Throws<ArgumentException>(() => bad.Save(path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_cancelled_save_leaves_nothing_behind()
    {
        var path = Temp("cancelled.ply");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PlyTestFiles.RandomCloud(10, 0, [], 1).Save(path, cancellationToken: cancelled.Token));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_sog_folder_goes_to_the_sog_codec_and_other_folders_are_refused()
    {
        var sog = Directory.CreateDirectory(Temp("scene-sog")).FullName;
        File.WriteAllText(Path.Combine(sog, "meta.json"), "{}");
        Assert.Equal(SplatFormat.Sog, SplatFile.DetectFormat(sog));
        if (SplatCodecs.Find(SplatFormat.Sog) is not ISplatFolderCodec)
            Assert.Throws<UnsupportedFormatException>(() => GaussianCloud.Load(sog, cancellationToken: TestContext.Current.CancellationToken));
        var plain = Directory.CreateDirectory(Temp("plain")).FullName;
        Assert.Throws<UnsupportedFormatException>(() => GaussianCloud.Load(plain, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<UnsupportedFormatException>(() => SplatFile.DetectFormat(plain));
    }

    [Fact]
    public void Codec_registry_lists_ply_and_splat()
    {
        Assert.IsType<PlyCodec>(SplatCodecs.Find(SplatFormat.Ply));
        Assert.IsType<SplatFileCodec>(SplatCodecs.Find(SplatFormat.Splat));
        var header = Encoding.ASCII.GetBytes("ply\nformat ascii 1.0\nelement chunk 3\n");
        Assert.False(new PlyCodec().Sniff(header));
    }
}
