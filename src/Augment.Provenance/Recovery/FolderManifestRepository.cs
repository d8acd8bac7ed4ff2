namespace Augment.Provenance;

/// <summary>
/// A folder of <c>.c2pa</c> manifest stores and signed JPEG, PNG, WAV, WebP and MP4/MOV files, indexed by the soft bindings of each
/// store's active manifest. The folder is read once, on the first lookup (files that do not read are skipped).
/// <code>
/// var repository = new FolderManifestRepository("published/");
/// var report = ContentCredentials.Recover(frame, repository);
/// </code>
/// </summary>
public sealed class FolderManifestRepository : IManifestRepository
{
    private readonly string _folder;
    private readonly Lazy<Dictionary<(string Algorithm, string Value), string>> _index;

    /// <summary>A repository over the files directly inside <paramref name="folder"/> (and its subfolders when
    /// <paramref name="recursive"/>).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="recursive">Also index subfolders.</param>
    public FolderManifestRepository(string folder, bool recursive = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"manifest repository folder '{folder}' does not exist.");
        _folder = folder;
        Recursive = recursive;
        _index = new Lazy<Dictionary<(string, string), string>>(BuildIndex, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether subfolders are indexed.</summary>
    public bool Recursive { get; }

    /// <summary>How many soft-binding values the index holds (reads the folder when it has not been read yet).</summary>
    public int Count => _index.Value.Count;

    /// <inheritdoc/>
    public ManifestRepositoryEntry? Find(C2paSoftBinding softBinding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(softBinding);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_index.Value.TryGetValue((softBinding.Algorithm, softBinding.ValueHex), out var path))
            return null;
        return new ManifestRepositoryEntry(path, File.ReadAllBytes(path));
    }

    private Dictionary<(string, string), string> BuildIndex()
    {
        var index = new Dictionary<(string, string), string>();
        var files = Directory.GetFiles(_folder, "*", Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly);
        // Sorted so that when two files carry the same value the choice does not depend on the file system's order.
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var path in files)
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is not (".c2pa" or ".jpg" or ".jpeg" or ".png" or ".wav" or ".webp" or ".mp4" or ".mov"))
                continue;
            CredentialsReport report;
            try
            {
                report = ContentCredentials.Read(path);
            }
            catch (AugmentException)
            {
                continue;
            }
            catch (IOException)
            {
                continue;
            }
            if (report.ActiveManifest is not { } active)
                continue;
            foreach (var binding in active.SoftBindings)
                index.TryAdd((binding.Algorithm, binding.ValueHex), path);
        }
        return index;
    }
}
