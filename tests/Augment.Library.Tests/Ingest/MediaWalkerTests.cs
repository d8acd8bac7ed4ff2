namespace Augment.Library.Tests.Ingest;

public sealed class MediaWalkerTests
{
    [Fact]
    public void Walk_is_recursive_case_insensitive_sorted_and_skips_hidden_entries_and_other_files()
    {
        using var folder = new ScratchFolder();
        string[] media = ["b.JPG", "a.png", "sub/c.MoV", "sub/deeper/d.y4m", "sub/e.webp", "z.Tiff"];
        string[] ignored = [".hidden/x.jpg", "sub/.cache/y.png", ".dotfile.jpg", "notes.txt", "sub/clip.mp4.part"];
        foreach (var name in media.Concat(ignored))
            File.WriteAllBytes(folder.File(name), [1]);

        var walked = MediaWalker.Walk(folder.Path, TestContext.Current.CancellationToken);

        // Ordinal order per folder, depth first: upper case sorts before lower case.
        string[] expected = ["a.png", "b.JPG", "sub/c.MoV", "sub/deeper/d.y4m", "sub/e.webp", "z.Tiff"];
        Assert.Equal(expected.Select(n => Path.GetFullPath(Path.Combine(folder.Path, n))), walked);
    }

    [Fact]
    public void A_symbolic_link_back_to_an_ancestor_folder_is_not_walked_twice()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("sub/a.jpg"), [1]);
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(folder.Path, "sub", "loop"), folder.Path);
            Directory.CreateSymbolicLink(Path.Combine(folder.Path, "again"), Path.Combine(folder.Path, "sub"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Assert.Skip($"symbolic links cannot be made here: {ex.Message}");
        }

        var walked = MediaWalker.Walk(folder.Path, TestContext.Current.CancellationToken);

        // "again" -> sub is walked first (ordinal order), so sub itself is the repeat; either way one copy.
        Assert.Single(walked);
    }

    [Fact]
    public void A_missing_folder_is_an_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "augment-no-such-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<DirectoryNotFoundException>(() => MediaWalker.Walk(missing, TestContext.Current.CancellationToken));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
