using System.Text;

namespace Augment.Core.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-atomic-" + Guid.NewGuid().ToString("N"));

    public AtomicFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Target => Path.Combine(_folder, "out.bin");

    [Fact]
    public void Write_replaces_existing_content_and_leaves_only_the_destination()
    {
        File.WriteAllBytes(Target, [9, 9, 9, 9, 9, 9]);

        AtomicFile.Write(Target, s => s.Write([1, 2, 3]));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(Target));
        Assert.Equal([Target], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Exception_inside_the_writer_keeps_the_old_file_and_deletes_the_temporary_one()
    {
        File.WriteAllText(Target, "old");

        var error = Assert.Throws<InvalidDataException>(() => AtomicFile.Write(Target, s =>
        {
            s.Write(new byte[100_000]); // partial content reaches the temporary file first
            throw new InvalidDataException("encoder failed");
        }));

        Assert.Equal("encoder failed", error.Message);
        Assert.Equal("old", File.ReadAllText(Target));
        Assert.Equal([Target], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Cancelled_WriteAsync_keeps_the_old_file_and_deletes_the_temporary_one()
    {
        File.WriteAllText(Target, "old");
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(Target, async (s, ct) =>
        {
            await s.WriteAsync(new byte[1000], ct);
            await cts.CancelAsync();
            await s.WriteAsync(new byte[1000], ct);
        }, cts.Token));

        // A writer that ignores the token is still stopped before the rename.
        using var ignored = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(Target, async (s, _) =>
        {
            await s.WriteAsync(Encoding.UTF8.GetBytes("new"), CancellationToken.None);
            await ignored.CancelAsync();
        }, ignored.Token));

        Assert.Equal("old", File.ReadAllText(Target));
        Assert.Equal([Target], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Missing_folder_gives_DirectoryNotFoundException_and_creates_nothing()
    {
        var path = Path.Combine(_folder, "missing", "out.bin");

        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(path, "x"));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => AtomicFile.WriteAsync(path, (s, ct) => Task.CompletedTask, TestContext.Current.CancellationToken));

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void WriteAllText_writes_UTF8_without_a_byte_order_mark()
    {
        AtomicFile.WriteAllText(Target, "é漢");
        Assert.Equal(Encoding.UTF8.GetBytes("é漢"), File.ReadAllBytes(Target));

        AtomicFile.WriteAllBytes(Target, [7]);
        Assert.Equal([7], File.ReadAllBytes(Target));
    }
}
