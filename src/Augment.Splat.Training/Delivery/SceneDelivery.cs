using System.Diagnostics;
using System.Globalization;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;

namespace Augment.Splat.Training;

/// <summary>
/// The last leg from training to a client: cleans the trained scene with a preset, writes it (compressed with a preset
/// when asked; the format follows the output's extension), reads the written file back and grades it on the held-out
/// photos, and renders previews — so the numbers and pictures describe the file delivered, quantisation included.
/// </summary>
public static class SceneDelivery
{
    /// <summary>Training views shown in the contact sheet when no view was held out.</summary>
    public const int ContactSheetViews = 8;

    /// <summary>Cleans, writes, grades and previews <paramref name="result"/>'s scene.</summary>
    /// <param name="result">What <see cref="SplatTrainer.Train"/> returned.</param>
    /// <param name="views">The views trained on (their held-out photos grade the file; not disposed).</param>
    /// <param name="outputPath">The scene to write (.ply, .spz, .splat, .compressed.ply, .sog); replaced only when written completely.</param>
    /// <param name="options">Presets, preview folder, background; the defaults (standard cleaning, no compression, no previews) when null.</param>
    /// <param name="progress">Stages "clean", the compression's "compress"/"write"/"evaluate" (or "write"), "preview" per view.</param>
    /// <param name="cancellationToken">Checked between stages and views.</param>
    /// <exception cref="ArgumentException">The output's extension is not a writable splat format, or <paramref name="views"/> is empty.</exception>
    /// <exception cref="AugmentException">Cleaning removed every splat (nothing would be written).</exception>
    public static DeliveryReport Deliver(TrainingResult result, IReadOnlyList<TrainingView> views, string outputPath, SceneDeliveryOptions? options = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= new SceneDeliveryOptions();
        ArgumentNullException.ThrowIfNull(options.Budget, nameof(options));
        if (views.Count == 0)
            throw new ArgumentException("There are no views to grade the scene on.", nameof(views));
        var format = SplatFile.FormatFromExtension(outputPath); // an unknown extension fails before any work
        if (options.TrainedPath is { } trainedPath)
            _ = SplatFile.FormatFromExtension(trainedPath);
        var clock = Stopwatch.StartNew();
        var render = new SplatRenderOptions { Background = options.Background, Budget = options.Budget };
        var heldOut = new List<int>();
        for (var v = 0; v < views.Count; v++)
        {
            if (views[v].HeldOut)
                heldOut.Add(v);
        }

        if (options.TrainedPath is { } raw)
        {
            CreateFolderOf(raw);
            SplatFile.Save(result.Scene, raw, cancellationToken: cancellationToken);
        }

        var scene = result.Scene;
        CleaningReport? cleaning = null;
        if (options.Cleaning is { } cleaningPreset)
        {
            progress?.Report(new AugmentProgress("clean", 0));
            (scene, cleaning) = scene.Clean(cleaningPreset.Options with { Budget = options.Budget }, cancellationToken: cancellationToken);
            progress?.Report(new AugmentProgress("clean", 1));
            if (scene.Count == 0)
                throw new AugmentException($"Cleaning with the {cleaningPreset.Name} preset removed all {result.Scene.Count} splats; deliver without cleaning or check the training.");
        }

        CreateFolderOf(outputPath);
        CompressionReport? compression = null;
        if (options.Compression is { } compressionPreset)
        {
            var references = heldOut.Select(v => SplatTrainer.ColorOnly(views[v].Target)).ToList();
            try
            {
                compression = SplatCompression.Compress(scene, compressionPreset, outputPath, new SplatCompressionOptions
                {
                    SourceBytes = SplatCompression.PlyBytes(result.Scene, cancellationToken),
                    Cameras = heldOut.Count > 0 ? heldOut.Select(v => views[v].Camera).ToList() : null,
                    ReferenceImages = heldOut.Count > 0 ? references : null,
                    Render = render,
                    Budget = options.Budget,
                }, progress, cancellationToken);
            }
            finally
            {
                foreach (var image in references)
                    image.Dispose();
            }
        }
        else
        {
            progress?.Report(new AugmentProgress("write", 0));
            SplatFile.Save(scene, outputPath, cancellationToken: cancellationToken);
            progress?.Report(new AugmentProgress("write", 1));
        }

        // Grade and preview what a viewer will load: the file, decoded.
        var delivered = SplatFile.Load(outputPath, cancellationToken: cancellationToken);
        if (options.PreviewFolder is { } previewFolder)
            Directory.CreateDirectory(previewFolder);
        var graded = new List<HeldOutPreview>(heldOut.Count);
        for (var i = 0; i < heldOut.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new AugmentProgress("preview", (double)i / heldOut.Count, i, heldOut.Count));
            var view = views[heldOut[i]];
            var name = SplatTrainer.NameOf(view, heldOut[i]);
            using var image = SplatRenderer.Render(delivered, view.Camera, render, cancellationToken);
            using var photo = SplatTrainer.ColorOnly(view.Target);
            string? renderPath = null, comparisonPath = null;
            if (options.PreviewFolder is { } folder)
            {
                var stem = FileStem(i, name);
                renderPath = Path.Combine(folder, stem + ".png");
                comparisonPath = Path.Combine(folder, stem + "-compare.png");
                SplatPreview.SavePng(image, renderPath);
                using var sideBySide = SideBySide(photo, image, options.Background);
                SplatPreview.SavePng(sideBySide, comparisonPath);
            }
            graded.Add(new HeldOutPreview(name, ImageQuality.Psnr(photo, image), ImageQuality.Ssim(photo, image), renderPath, comparisonPath));
        }
        progress?.Report(new AugmentProgress("preview", 1, heldOut.Count, heldOut.Count));

        string? sheet = null;
        if (heldOut.Count == 0 && options.PreviewFolder is { } sheetFolder)
        {
            var step = Math.Max(1, views.Count / ContactSheetViews);
            var cameras = new List<PinholeCamera>();
            for (var v = 0; v < views.Count && cameras.Count < ContactSheetViews; v += step)
                cameras.Add(views[v].Camera);
            sheet = Path.Combine(sheetFolder, "views.png");
            SplatPreview.SaveContactSheet(delivered, cameras, columns: 4, sheet, render, cancellationToken);
        }

        return new DeliveryReport
        {
            OutputPath = outputPath,
            Format = format,
            OutputBytes = SizeOf(outputPath),
            TrainedSplats = result.Scene.Count,
            Splats = delivered.Count,
            Cleaning = cleaning,
            Compression = compression,
            HeldOut = graded,
            ContactSheet = sheet,
            TrainedPath = options.TrainedPath,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>"003-frame_000027" from the view's position among the held-out views and its (path-like) name.</summary>
    internal static string FileStem(int index, string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name.Replace('\\', '/').Split('/')[^1]);
        var invalid = Path.GetInvalidFileNameChars();
        var chars = stem.Select(c => Array.IndexOf(invalid, c) >= 0 || char.IsControl(c) ? '_' : c).ToArray();
        var clean = new string(chars).Trim();
        if (clean.Length > 80)
            clean = clean[..80];
        var number = index.ToString("000", CultureInfo.InvariantCulture);
        return clean.Length == 0 ? number : $"{number}-{clean}";
    }

    /// <summary>Photo left, render right, a 4-pixel gap in the background's opposite colour between them.</summary>
    private static ImageFrame SideBySide(ImageFrame photo, ImageFrame render, System.Numerics.Vector3 background)
    {
        const int gap = SplatPreview.GapPixels;
        int width = photo.Width, height = photo.Height;
        var frame = ImageFrame.Create((2 * width) + gap, height, 3, render.ColorSpace);
        Span<float> separator = [1 - background.X, 1 - background.Y, 1 - background.Z];
        for (var c = 0; c < 3; c++)
        {
            var target = frame.Plane(c);
            ReadOnlySpan<float> left = photo.Plane(c), right = render.Plane(c);
            var line = frame.Width;
            for (var y = 0; y < height; y++)
            {
                left.Slice(y * width, width).CopyTo(target.Slice(y * line, width));
                target.Slice((y * line) + width, gap).Fill(Math.Clamp(separator[c], 0, 1));
                right.Slice(y * width, width).CopyTo(target.Slice((y * line) + width + gap, width));
            }
        }
        return frame;
    }

    private static void CreateFolderOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }

    private static long SizeOf(string path) =>
        File.Exists(path) ? new FileInfo(path).Length
        : Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;
}
