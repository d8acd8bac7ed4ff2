using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Augment.Splat.Training;

/// <summary>
/// Runs COLMAP's sparse reconstruction on a folder of images: <c>feature_extractor</c> (SIFT on the CPU, one shared camera
/// by default), <c>exhaustive_matcher</c> or <c>sequential_matcher</c>, then <c>mapper</c>, into a workspace
/// (<c>database.db</c>, <c>sparse/N</c>). Each step is a child process with <c>QT_QPA_PLATFORM=offscreen</c> so that no
/// display is needed; progress comes from its log lines; cancelling kills the process tree; a failure raises
/// <see cref="ColmapFailedException"/> with the tail of its output.
/// </summary>
public sealed class ColmapRunner
{
    /// <summary>The environment variable that points at colmap (the executable or its folder).</summary>
    public const string EnvironmentVariable = "AUGMENT_COLMAP";

    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"];

    private readonly ColmapRunnerOptions _options;

    /// <summary>Creates a runner.</summary>
    public ColmapRunner(ColmapRunnerOptions? options = null) => _options = options ?? new ColmapRunnerOptions();

    /// <summary>The options.</summary>
    public ColmapRunnerOptions Options => _options;

    /// <summary>The colmap executable: <paramref name="configuredPath"/> (file or folder), else <c>AUGMENT_COLMAP</c>, else PATH; null when none.</summary>
    public static string? Find(string? configuredPath = null) => Find(configuredPath, Environment.GetEnvironmentVariable, null);

    /// <summary>The colmap executable.</summary>
    /// <exception cref="ColmapNotFoundException">Not found; the message says where it looked and how to install it.</exception>
    public static string Require(string? configuredPath = null) => Require(configuredPath, Environment.GetEnvironmentVariable);

    internal static string Require(string? configuredPath, Func<string, string?> environment)
    {
        if (Find(configuredPath, environment, null) is { } found)
            return found;
        var looked = new List<string>();
        _ = Find(configuredPath, environment, looked);
        throw new ColmapNotFoundException($"colmap was not found (looked at {string.Join(", ", looked)}); {ColmapNotFoundException.InstallHint}.");
    }

    // A configured path or the variable, when set, is the only place looked at, so that a typo is reported, not masked by PATH.
    internal static string? Find(string? configuredPath, Func<string, string?> environment, List<string>? looked)
    {
        looked ??= [];
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            looked.Add($"ColmapPath option = '{configuredPath}'");
            return Resolve(configuredPath);
        }
        if (environment(EnvironmentVariable) is { } variable && !string.IsNullOrWhiteSpace(variable))
        {
            looked.Add($"{EnvironmentVariable} = '{variable}'");
            return Resolve(variable);
        }
        foreach (var folder in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (InFolder(folder) is { } found)
                return found;
        }
        looked.Add("PATH");
        return null;
    }

    private static string? Resolve(string configured) =>
        Directory.Exists(configured) ? InFolder(configured) : IsExecutable(configured) ? Path.GetFullPath(configured) : null;

    private static string? InFolder(string folder)
    {
        foreach (var name in (ReadOnlySpan<string>)["colmap", "colmap.exe", "COLMAP.bat"])
        {
            var candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
            return false;
        if (OperatingSystem.IsWindows())
            return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reconstructs cameras and sparse points from the images in <paramref name="imageFolder"/> into
    /// <paramref name="workspace"/> (created; an existing database.db and sparse/ there are replaced).
    /// </summary>
    /// <param name="imageFolder">Folder of PNG/JPEG/TIFF images (at least 2).</param>
    /// <param name="workspace">Output folder.</param>
    /// <param name="progress">Stages "colmap features", "colmap matching", "colmap mapping" with the overall fraction.</param>
    /// <param name="cancellationToken">Kills the running step and its children.</param>
    /// <exception cref="ColmapNotFoundException">colmap is not installed.</exception>
    /// <exception cref="ColmapFailedException">A step failed, or the mapper registered no model.</exception>
    /// <exception cref="ArgumentException">The image folder holds fewer than 2 images.</exception>
    public async Task<ColmapReconstruction> RunAsync(string imageFolder, string workspace, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageFolder);
        ArgumentException.ThrowIfNullOrEmpty(workspace);
        if (!Directory.Exists(imageFolder))
            throw new DirectoryNotFoundException($"image folder '{imageFolder}' does not exist.");
        var imageCount = CountImages(imageFolder);
        if (imageCount < 2)
            throw new ArgumentException($"'{imageFolder}' holds {imageCount} images; COLMAP needs at least 2.", nameof(imageFolder));
        var colmap = Require(_options.ColmapPath);
        imageFolder = Path.GetFullPath(imageFolder);
        workspace = Path.GetFullPath(workspace);
        Directory.CreateDirectory(workspace);
        var database = Path.Combine(workspace, "database.db");
        var sparse = Path.Combine(workspace, "sparse");
        // Old features would be matched again with the new ones: start from scratch.
        foreach (var stale in (ReadOnlySpan<string>)[database, database + "-shm", database + "-wal"])
            File.Delete(stale);
        if (Directory.Exists(sparse))
            Directory.Delete(sparse, recursive: true);
        Directory.CreateDirectory(sparse);
        var threads = _options.Budget.MaxThreads.ToString(CultureInfo.InvariantCulture);

        await RunStepAsync(colmap, "feature_extractor",
        [
            "--database_path", database, "--image_path", imageFolder,
            "--ImageReader.camera_model", ColmapCameraModels.Name(_options.CameraModel),
            "--ImageReader.single_camera", _options.SingleCamera ? "1" : "0",
            "--SiftExtraction.use_gpu", "0", "--SiftExtraction.num_threads", threads,
            "--SiftExtraction.max_image_size", _options.MaxImageSize.ToString(CultureInfo.InvariantCulture),
            "--SiftExtraction.max_num_features", _options.MaxFeaturesPerImage.ToString(CultureInfo.InvariantCulture),
        ], "colmap features", 0, 1 / 3.0, imageCount, progress, cancellationToken).ConfigureAwait(false);

        string[] matching = _options.Matcher == ColmapMatcher.Exhaustive
            ? ["--database_path", database, "--SiftMatching.use_gpu", "0", "--SiftMatching.num_threads", threads]
            : ["--database_path", database, "--SiftMatching.use_gpu", "0", "--SiftMatching.num_threads", threads,
               "--SequentialMatching.overlap", _options.SequentialOverlap.ToString(CultureInfo.InvariantCulture)];
        await RunStepAsync(colmap, _options.Matcher == ColmapMatcher.Exhaustive ? "exhaustive_matcher" : "sequential_matcher", matching,
            "colmap matching", 1 / 3.0, 2 / 3.0, 0, progress, cancellationToken).ConfigureAwait(false);

        var mapperTail = await RunStepAsync(colmap, "mapper",
            ["--database_path", database, "--image_path", imageFolder, "--output_path", sparse, "--Mapper.num_threads", threads],
            "colmap mapping", 2 / 3.0, 1, imageCount, progress, cancellationToken).ConfigureAwait(false);

        var (model, registered) = LargestModel(sparse);
        if (model is null)
            throw new ColmapFailedException("mapper", 0, "registered no images: the photos may overlap too little or lack texture", mapperTail);
        var points = ReadCount(Path.Combine(model, "points3D.bin"));
        progress?.Report(new AugmentProgress("colmap mapping", 1, registered, imageCount));
        return new ColmapReconstruction(imageFolder, workspace, model, imageCount, registered, points);
    }

    internal static int CountImages(string folder)
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (Array.IndexOf(ImageExtensions, Path.GetExtension(file).ToLowerInvariant()) >= 0)
                count++;
        }
        return count;
    }

    // The mapper writes one folder per connected model; keep the one with the most registered images.
    private static (string? Folder, int Registered) LargestModel(string sparse)
    {
        string? best = null;
        var most = 0;
        foreach (var folder in Directory.EnumerateDirectories(sparse))
        {
            var images = Path.Combine(folder, "images.bin");
            if (!File.Exists(images) || !File.Exists(Path.Combine(folder, "cameras.bin")) || !File.Exists(Path.Combine(folder, "points3D.bin")))
                continue;
            var count = ReadCount(images);
            if (count > most || (count == most && best is not null && string.CompareOrdinal(folder, best) < 0))
            {
                most = count;
                best = folder;
            }
        }
        return (best, most);
    }

    // The leading u64 count of a COLMAP binary file.
    private static int ReadCount(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8)
            throw new InvalidMediaException(path, 0, "truncated: no record count.");
        return (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(head), int.MaxValue);
    }

    /// <summary>Runs one colmap command; returns the tail of its standard error (else output).</summary>
    private async Task<string> RunStepAsync(string colmap, string step, string[] arguments, string stage, double from, double to, long knownTotal,
        IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(colmap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(step);
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        start.Environment["QT_QPA_PLATFORM"] = "offscreen";
        start.Environment["GLOG_logtostderr"] = "1";
        var outputTail = new Queue<string>();
        var errorTail = new Queue<string>();
        var gate = new object();
        var lastReported = -1.0;
        void OnLine(string? line, Queue<string> tail)
        {
            if (line is null)
                return;
            lock (gate)
            {
                tail.Enqueue(line);
                while (tail.Count > Math.Max(1, _options.ErrorTailLines))
                    tail.Dequeue();
                if (progress is null || ColmapLog.Parse(step, line) is not { } parsed)
                    return;
                var total = parsed.Total > 0 ? parsed.Total : knownTotal;
                var done = Math.Min(parsed.Done, total);
                var fraction = total > 0 ? from + ((to - from) * done / total) : from;
                if (fraction <= lastReported)
                    return;
                lastReported = fraction;
                progress.Report(new AugmentProgress(stage, fraction, done, total));
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, outputTail);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, errorTail);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ColmapNotFoundException($"colmap at '{colmap}' could not be started ({e.Message}); {ColmapNotFoundException.InstallHint}.", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        progress?.Report(new AugmentProgress(stage, from));
        using (cancellationToken.Register(() => Kill(process)))
        {
            // Wait for the exit itself (not the token) so the streams are drained and the tree is gone before returning.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // The two pipes are read independently, so their lines cannot be interleaved faithfully: errors (glog writes them to
        // standard error) are the tail that matters, standard output the fallback.
        string text;
        lock (gate)
            text = string.Join('\n', errorTail.Count > 0 ? errorTail : outputTail);
        if (process.ExitCode != 0)
            throw new ColmapFailedException(step, process.ExitCode, "failed", text);
        progress?.Report(new AugmentProgress(stage, to));
        return text;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we kill it.
        }
    }
}
