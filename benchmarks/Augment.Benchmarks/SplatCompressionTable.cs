using System.Diagnostics;
using System.Globalization;
using System.Text;
using Augment.Splat;
using Augment.Splat.Compression;

namespace Augment.Benchmarks;

/// <summary>
/// The compression table on a synthetic scene with an analytic ground truth (<see cref="SyntheticScene"/>, no floaters,
/// no pedestrian): writes DIR/scene.ply (binary 3DGS), compresses it with every <see cref="CompressionPreset"/> to SOG,
/// loads any peer files (splat-transform's SPZ and SOG), renders 16 ring views of each with <see cref="SplatRenderer"/> and
/// prints a markdown table: bytes, ratio against the PLY, PSNR and SSIM against the ray-cast ground truth (mean over the
/// views), the PSNR drop against the original splats and PSNR against the original's renders.
/// <code>
/// dotnet run -c Release --project benchmarks/Augment.Benchmarks -- splat-compression-table --size 1000000 --out DIR
///     [--seed N] [--views 16] [--width 480] [--height 270] [--peer-spz F.spz [--peer-spz-seconds S]] [--peer-sog F.sog [--peer-sog-seconds S]]
///     [--scene-only] [--no-presets]
/// </code>
/// Renders and ground truth are clamped to [0, 1] (display values) before PSNR (data range 1) and SSIM.
/// </summary>
public static class SplatCompressionTable
{
    private sealed record Row(string Name, string Path, long Bytes, double Seconds, double PsnrGt, double SsimGt, double PsnrOriginal, int Splats, int ShDegree);

    public static int Run(string[] args)
    {
        var size = 1_000_000;
        var views = 16;
        int width = 480, height = 270;
        ulong seed = 1;
        string? output = null, peerSpz = null, peerSog = null;
        double peerSpzSeconds = double.NaN, peerSogSeconds = double.NaN;
        var sceneOnly = false;
        var presets = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--size": size = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--views": views = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--width": width = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--height": height = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": output = Next(); break;
                case "--peer-spz": peerSpz = Next(); break;
                case "--peer-sog": peerSog = Next(); break;
                case "--peer-spz-seconds": peerSpzSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--peer-sog-seconds": peerSogSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--scene-only": sceneOnly = true; break;
                case "--no-presets": presets = false; break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}");
                    return 2;
            }
        }
        if (output is null)
        {
            Console.Error.WriteLine("usage: splat-compression-table --size N --out DIR [--peer-spz F.spz] [--peer-sog F.sog] [--scene-only]");
            return 2;
        }
        Directory.CreateDirectory(output);

        var clock = Stopwatch.StartNew();
        var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = size, Seed = seed, Floaters = 0, Pedestrian = false });
        var plyPath = Path.Combine(output, "scene.ply");
        SplatFile.Save(scene.Cloud, plyPath);
        var plyBytes = new FileInfo(plyPath).Length;
        Log($"scene: {scene.Cloud.Count:N0} splats ({scene.SurfaceSplatCount:N0} surface discs, {scene.FaintSplatCount:N0} faint), SH {scene.Cloud.ShDegree}, spacing {scene.SurfaceSpacing:0.0000}; {plyPath}: {plyBytes:N0} bytes ({clock.Elapsed.TotalSeconds:0.0} s)");
        if (sceneOnly)
            return 0;

        var cameras = SyntheticScene.Ring(views, width, height);
        var render = new SplatRenderOptions();
        var truth = new ImageFrame[views];
        var originals = new ImageFrame[views];
        try
        {
            clock.Restart();
            for (var v = 0; v < views; v++)
                truth[v] = Clamp(scene.RenderReference(cameras[v]));
            Log($"ground truth: {views} views of {width}x{height} ({clock.Elapsed.TotalSeconds:0.0} s)");

            var rows = new List<Row>();
            clock.Restart();
            rows.Add(Measure("original (PLY)", plyPath, plyBytes, double.NaN, scene.Cloud, cameras, render, truth, originals));
            Log($"original: PSNR {rows[0].PsnrGt:0.00} dB against the truth ({clock.Elapsed.TotalSeconds:0.0} s)");

            foreach (var preset in presets ? CompressionPreset.All : [])
            {
                var path = Path.Combine(output, $"{preset.Name}.sog");
                clock.Restart();
                var report = SplatCompression.Compress(scene.Cloud, preset, path, new SplatCompressionOptions { SourceBytes = plyBytes, Views = 0 });
                var seconds = (report.CompressElapsed + report.WriteElapsed).TotalSeconds;
                Log(report.ToString().TrimEnd());
                rows.Add(Measure($"Augment {preset.Name} (SOG)", path, report.OutputBytes, seconds, null, cameras, render, truth, originals));
                Log($"{preset.Name}: PSNR {rows[^1].PsnrGt:0.00} dB ({clock.Elapsed.TotalSeconds:0.0} s)");
            }
            if (peerSpz is not null)
                rows.Add(Measure("splat-transform SPZ", peerSpz, new FileInfo(peerSpz).Length, peerSpzSeconds, null, cameras, render, truth, originals));
            if (peerSog is not null)
                rows.Add(Measure("splat-transform SOG", peerSog, new FileInfo(peerSog).Length, peerSogSeconds, null, cameras, render, truth, originals));

            var table = Format(rows, plyBytes, size, views, width, height);
            Console.WriteLine(table);
            File.WriteAllText(Path.Combine(output, "table.md"), table);
            return 0;
        }
        finally
        {
            foreach (var frame in truth)
                frame?.Dispose();
            foreach (var frame in originals)
                frame?.Dispose();
        }
    }

    // Renders every view of the file (or the given cloud); the first call keeps its renders as the "original" ones.
    private static Row Measure(string name, string path, long bytes, double seconds, GaussianCloud? cloud, PinholeCamera[] cameras, SplatRenderOptions render, ImageFrame[] truth, ImageFrame[] originals)
    {
        cloud ??= SplatFile.Load(path);
        double psnr = 0, ssim = 0, psnrOriginal = 0;
        for (var v = 0; v < cameras.Length; v++)
        {
            var image = Clamp(SplatRenderer.Render(cloud, cameras[v], render));
            psnr += ImageQuality.Psnr(truth[v], image);
            ssim += ImageQuality.Ssim(truth[v], image);
            if (originals[v] is null)
            {
                originals[v] = image;
                psnrOriginal = double.PositiveInfinity;
                continue;
            }
            psnrOriginal += ImageQuality.Psnr(originals[v], image);
            image.Dispose();
        }
        var n = cameras.Length;
        return new Row(name, path, bytes, seconds, psnr / n, ssim / n, psnrOriginal / n, cloud.Count, cloud.ShDegree);
    }

    private static ImageFrame Clamp(ImageFrame frame)
    {
        var data = frame.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = Math.Clamp(data[i], 0f, 1f);
        return frame;
    }

    private static string Format(List<Row> rows, long plyBytes, int size, int views, int width, int height)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Synthetic plaza, {size:N0} Gaussians (SH 3, 25% faint), {views} ring views at {width}x{height}, renders by SplatRenderer, metrics on values clamped to [0, 1].");
        text.AppendLine();
        text.AppendLine("| file | splats | SH | bytes | ratio vs PLY | PSNR vs GT (dB) | drop vs original (dB) | SSIM vs GT | PSNR vs original render (dB) | seconds |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var baseline = rows[0].PsnrGt;
        foreach (var row in rows)
        {
            var seconds = double.IsNaN(row.Seconds) ? "-" : row.Seconds.ToString("0.0", CultureInfo.InvariantCulture);
            var vsOriginal = double.IsPositiveInfinity(row.PsnrOriginal) ? "-" : row.PsnrOriginal.ToString("0.00", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.Splats:N0} | {row.ShDegree} | {row.Bytes:N0} | {(double)plyBytes / row.Bytes:0.0}x | {row.PsnrGt:0.00} | {baseline - row.PsnrGt:0.00} | {row.SsimGt:0.0000} | {vsOriginal} | {seconds} |");
        }
        return text.ToString();
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}
