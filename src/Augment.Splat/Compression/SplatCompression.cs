using System.Diagnostics;
using System.Numerics.Tensors;

namespace Augment.Splat.Compression;

/// <summary>
/// Compression for delivery: runs a preset's steps, writes the result (format from the extension; SOG is the mobile
/// format) atomically, and measures it: bytes against the source, and the decoded file's renders against the
/// original's over a ring of views (PSNR and SSIM), plus against reference images when given.
/// </summary>
public static class SplatCompression
{
    /// <summary>Compresses <paramref name="cloud"/> with <paramref name="preset"/> and writes it to <paramref name="outputPath"/>.</summary>
    /// <param name="cloud">The source cloud (unchanged).</param>
    /// <param name="preset">The steps (<see cref="CompressionPreset.Mobile"/>, <see cref="CompressionPreset.Small"/>, or your own).</param>
    /// <param name="outputPath">Destination; its extension picks the format (.sog recommended). Replaced only when everything succeeded.</param>
    /// <param name="options">Source size, views, references, budget; <see cref="SplatCompressionOptions.Default"/> when null.</param>
    /// <param name="progress">Stages "compress" (per step), "write", "evaluate" (per view).</param>
    /// <param name="cancellationToken">Cancels at any stage; nothing is left at <paramref name="outputPath"/> then.</param>
    /// <exception cref="ArgumentException">The extension is not a writable splat format, or an option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static CompressionReport Compress(GaussianCloud cloud, CompressionPreset preset, string outputPath, SplatCompressionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return Compress(cloud, preset.Options, preset.Name, outputPath, options, progress, cancellationToken);
    }

    /// <summary>Compresses <paramref name="cloud"/> with the steps of <paramref name="steps"/> and writes it to <paramref name="outputPath"/>; see the preset overload.</summary>
    /// <param name="cloud">The source cloud (unchanged).</param>
    /// <param name="steps">The steps (their budget is replaced by <see cref="SplatCompressionOptions.Budget"/>).</param>
    /// <param name="outputPath">Destination; its extension picks the format.</param>
    /// <param name="options">Source size, views, references, budget; defaults when null.</param>
    /// <param name="progress">Stages "compress", "write", "evaluate".</param>
    /// <param name="cancellationToken">Cancels at any stage; nothing is left at <paramref name="outputPath"/> then.</param>
    public static CompressionReport Compress(GaussianCloud cloud, CompressionOptions steps, string outputPath, SplatCompressionOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Compress(cloud, steps, "custom", outputPath, options, progress, cancellationToken);

    /// <summary>
    /// Bytes of <paramref name="cloud"/> written as a binary little-endian 3DGS PLY (header included), computed from the
    /// header the writer would emit and its all-float rows, without encoding anything.
    /// </summary>
    /// <param name="cloud">The cloud.</param>
    /// <param name="cancellationToken">Kept for callers of the earlier, encoding version; nothing long runs now.</param>
    public static long PlyBytes(GaussianCloud cloud, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        cancellationToken.ThrowIfCancellationRequested();
        var (names, _) = PlyVertexEncoder.StandardOrder(cloud);
        return PlyHeader.Format(PlyEncoding.BinaryLittleEndian, cloud.Count, names).Length + ((long)cloud.Count * names.Length * sizeof(float));
    }

    private static CompressionReport Compress(GaussianCloud cloud, CompressionOptions steps, string name, string outputPath, SplatCompressionOptions? options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= SplatCompressionOptions.Default;
        ArgumentNullException.ThrowIfNull(options.Budget, nameof(options));
        var format = SplatFile.FormatFromExtension(outputPath);
        var cameras = Cameras(cloud, options);
        if (options.ReferenceImages is { } references)
        {
            if (options.Cameras is null || references.Count != options.Cameras.Count)
                throw new ArgumentException($"Reference images need one camera each in Cameras ({references.Count} images, {options.Cameras?.Count ?? 0} cameras).", nameof(options));
            for (var v = 0; v < references.Count; v++)
            {
                ArgumentNullException.ThrowIfNull(references[v], nameof(options));
                if (references[v].Width != cameras[v].Width || references[v].Height != cameras[v].Height || references[v].Channels < 3)
                    throw new ArgumentException($"Reference image {v} is {references[v].Width}x{references[v].Height} with {references[v].Channels} channels; camera {v} needs {cameras[v].Width}x{cameras[v].Height} RGB.", nameof(options));
            }
        }

        var started = Stopwatch.GetTimestamp();
        var (compressed, rows) = cloud.Compress(steps with { Budget = options.Budget }, progress, cancellationToken);
        var compressElapsed = Stopwatch.GetElapsedTime(started);
        var sourceBytes = options.SourceBytes ?? PlyBytes(cloud, cancellationToken);

        // Write beside the destination under a temporary name that keeps the extension, measure, then rename.
        var full = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}.{Path.GetFileName(full)}");
        try
        {
            progress?.Report(new AugmentProgress("write", 0));
            started = Stopwatch.GetTimestamp();
            SplatFile.Save(compressed, temp, (options.Write ?? SplatWriteOptions.Default) with { Budget = options.Budget }, cancellationToken);
            var writeElapsed = Stopwatch.GetElapsedTime(started);
            var outputBytes = new FileInfo(temp).Length;
            progress?.Report(new AugmentProgress("write", 1));

            started = Stopwatch.GetTimestamp();
            var views = cameras.Count == 0
                ? []
                : Evaluate(cloud, SplatFile.Load(temp, new SplatReadOptions { Budget = options.Budget }, cancellationToken), cameras, options, progress, cancellationToken);
            var evaluateElapsed = Stopwatch.GetElapsedTime(started);
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
            return new CompressionReport
            {
                OutputPath = outputPath,
                Format = format,
                Preset = name,
                SplatsIn = cloud.Count,
                SplatsOut = compressed.Count,
                ShDegree = compressed.ShDegree,
                SourceBytes = sourceBytes,
                OutputBytes = outputBytes,
                Steps = rows,
                Views = views,
                CompressElapsed = compressElapsed,
                WriteElapsed = writeElapsed,
                EvaluateElapsed = evaluateElapsed,
            };
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static IReadOnlyList<PinholeCamera> Cameras(GaussianCloud cloud, SplatCompressionOptions options)
    {
        if (options.Cameras is { } cameras)
        {
            foreach (var camera in cameras)
                ArgumentNullException.ThrowIfNull(camera, nameof(options));
            return cameras;
        }
        ArgumentOutOfRangeException.ThrowIfNegative(options.Views, nameof(options));
        if (options.Views == 0 || cloud.Count == 0)
            return [];
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ViewWidth, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ViewHeight, 1, nameof(options));
        return CameraPath.Orbit(cloud, options.Views, options.ViewWidth, options.ViewHeight);
    }

    private static CompressionViewQuality[] Evaluate(GaussianCloud original, GaussianCloud decoded, IReadOnlyList<PinholeCamera> cameras, SplatCompressionOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var render = options.Render ?? new SplatRenderOptions { Budget = options.Budget };
        var views = new CompressionViewQuality[cameras.Count];
        progress?.Report(AugmentProgress.Items("evaluate", 0, cameras.Count));
        for (var v = 0; v < cameras.Count; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var before = SplatRenderer.Render(original, cameras[v], render, cancellationToken);
            using var after = SplatRenderer.Render(decoded, cameras[v], render, cancellationToken);
            ClampToDisplay(before);
            ClampToDisplay(after);
            var quality = new CompressionViewQuality(v, ImageQuality.Psnr(before, after), ImageQuality.Ssim(before, after));
            if (options.ReferenceImages is { } references)
            {
                quality = quality with
                {
                    OriginalReferencePsnrDb = ImageQuality.Psnr(references[v], before),
                    CompressedReferencePsnrDb = ImageQuality.Psnr(references[v], after),
                    OriginalReferenceSsim = ImageQuality.Ssim(references[v], before),
                    CompressedReferenceSsim = ImageQuality.Ssim(references[v], after),
                };
            }
            views[v] = quality;
            progress?.Report(AugmentProgress.Items("evaluate", v + 1, cameras.Count));
        }
        return views;
    }

    /// <summary>Clamps a render to [0, 1] in place, as a display shows it (renders are not clamped).</summary>
    internal static void ClampToDisplay(ImageFrame frame)
    {
        var data = frame.Data;
        TensorPrimitives.Max(data, 0f, data);
        TensorPrimitives.Min(data, 1f, data);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
                File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
