namespace Augment.Vision.Tests.IO;

public class ImageSaveFailureTests
{
    [Fact]
    public void Saving_into_a_missing_folder_fails_and_leaves_nothing()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(4, 4, 3);

        Assert.Throws<DirectoryNotFoundException>(() => frame.Save(scratch.File(Path.Combine("missing", "out.png"))));

        Assert.Empty(scratch.Entries());
    }

    [Fact]
    public void A_save_that_fails_after_encoding_leaves_no_temporary_file()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(4, 4, 3);
        // The destination is a folder, so the final rename fails after the encoder has written the temp file.
        Directory.CreateDirectory(scratch.File("taken.png"));

        var error = Record.Exception(() => frame.Save(scratch.File("taken.png")));

        Assert.True(error is IOException or UnauthorizedAccessException, error?.ToString());
        Assert.Equal([scratch.File("taken.png")], scratch.Entries());
    }

    [Fact]
    public void A_rejected_save_leaves_an_existing_file_untouched()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("keep.jpg");
        File.WriteAllBytes(path, [1, 2, 3]);
        using var frame = ImageFrame.Create(4, 4, 3);

        Assert.Throws<UnsupportedFormatException>(() => frame.Save(path, new ImageSaveOptions { BitsPerChannel = 16 }));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], scratch.Entries());
    }

    [Fact]
    public void Tiff_refuses_alpha_rather_than_dropping_it()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(4, 4, 4, hasAlpha: true);

        Assert.Throws<UnsupportedFormatException>(() => frame.Save(scratch.File("alpha.tif")));
        Assert.Empty(scratch.Entries());
    }

    [Fact]
    public void An_unknown_extension_is_an_unsupported_format_and_writes_nothing()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(4, 4, 3);

        var error = Assert.Throws<UnsupportedFormatException>(() => frame.Save(scratch.File("picture.xyz")));

        Assert.Contains("picture.xyz", error.Message, StringComparison.Ordinal);
        Assert.Empty(scratch.Entries());
    }

    [Fact]
    public void An_explicit_format_overrides_the_extension()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(4, 4, 3);

        frame.Save(scratch.File("picture.bin"), new ImageSaveOptions { Format = ImageFileFormat.Png });

        Assert.Equal(PngBytes.Signature, File.ReadAllBytes(scratch.File("picture.bin")).AsSpan(0, 8).ToArray());
    }
}
