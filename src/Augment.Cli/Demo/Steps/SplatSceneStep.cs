using System.Globalization;
using Augment.Splat;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// A captured plaza on its way to a phone: a synthetic splat scene with mid-air floaters and a passer-by is
/// cleaned (floaters by connectivity, the passer-by by a box), compressed with the mobile preset to SOG, and
/// previewed. The scene has an exact ground truth (its surfaces can be ray-cast), so the step measures what
/// cleaning gains and what compression costs in PSNR against it, over a ring of views.
/// </summary>
internal sealed class SplatSceneStep : IDemoStep
{
    public const string SourceFileName = "splat-plaza.ply";
    public const string MobileFileName = "splat-plaza-mobile.sog";
    public const string PreviewFileName = "splat-plaza-preview.png";
    public const string SheetFileName = "splat-plaza-views.png";

    /// <summary>Most splats in the generated scene (at the default picture size): enough to look like a scene, few enough for a quick demo.</summary>
    public const int MaxSplatCount = 60_000;

    /// <summary>Fewest splats, for small test pictures.</summary>
    public const int MinSplatCount = 20_000;

    /// <summary>Views of the ring the quality is measured over.</summary>
    public const int Views = 8;

    public const int ViewWidth = 320;
    public const int ViewHeight = 180;

    public string Name => "splat";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        // 1. The "capture": surfaces plus the junk real captures have; its size follows the demo's picture size.
        var splats = (int)Math.Clamp((long)context.ImageSize.Width * context.ImageSize.Height / 13, MinSplatCount, MaxSplatCount);
        var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = splats, Pedestrian = true, Seed = 7, Budget = context.Budget }, ct);
        var sourcePath = context.OutputPath(SourceFileName);
        scene.Cloud.Save(sourcePath, cancellationToken: ct);
        context.Progress.Report(new AugmentProgress(Name, 0.15));

        // 2. Cleaning: floaters are small disconnected clusters; the passer-by is marked by a box.
        var pedestrian = scene.PedestrianBox ?? throw new AugmentException("The synthetic scene has no pedestrian box.");
        var cleaned = scene.Cloud.Clean(c => c.WithBudget(context.Budget).RemoveNonFinite().RemoveFloaters().RemoveInside(pedestrian));
        var removed = cleaned.Report.Removed;
        var junk = scene.FloaterCount + scene.PedestrianSplatCount;
        if (removed < junk * 0.9 || removed > junk * 1.5 + 100)
            throw new AugmentException($"Cleaning removed {removed} splats; the scene has {scene.FloaterCount} floaters and {scene.PedestrianSplatCount} passer-by splats.");
        context.Progress.Report(new AugmentProgress(Name, 0.3));

        // 3. Ground truth over the ring, and what cleaning gained against it.
        var cameras = SyntheticScene.Ring(Views, ViewWidth, ViewHeight);
        var truth = new ImageFrame[cameras.Length];
        try
        {
            for (var v = 0; v < cameras.Length; v++)
                truth[v] = scene.RenderReference(cameras[v], cancellationToken: ct);
            var render = new SplatRenderOptions { Budget = context.Budget };
            var before = MeanPsnr(scene.Cloud, cameras, truth, render, ct);
            var after = MeanPsnr(cleaned.Cloud, cameras, truth, render, ct);
            if (!(after > before))
                throw new AugmentException($"Cleaning did not bring the scene closer to its ground truth ({before:0.00} -> {after:0.00} dB).");
            context.Progress.Report(new AugmentProgress(Name, 0.5));

            // 4. The mobile file, measured against the cleaned cloud and the ground truth.
            var mobilePath = context.OutputPath(MobileFileName);
            var report = SplatCompression.Compress(cleaned.Cloud, CompressionPreset.Mobile, mobilePath, new SplatCompressionOptions
            {
                Cameras = cameras,
                ReferenceImages = truth,
                Budget = context.Budget,
            }, cancellationToken: ct);
            var drop = report.ReferencePsnrDropDb ?? double.NaN;
            if (!(report.Ratio >= 10) || !(drop <= 1.5))
                throw new AugmentException($"The mobile preset reached {report.Ratio:0.0}x with a {drop:0.00} dB PSNR drop against the ground truth.");
            context.Progress.Report(new AugmentProgress(Name, 0.8));

            // 5. Previews of what the phone will show.
            var mobile = SplatFile.Load(mobilePath, cancellationToken: ct);
            var previewPath = context.OutputPath(PreviewFileName);
            using (var preview = SplatRenderer.Render(mobile, cameras[0].WithSize(960, 540), render, ct))
                SplatPreview.SavePng(preview, previewPath);
            var sheetPath = context.OutputPath(SheetFileName);
            SplatPreview.SaveContactSheet(mobile, SyntheticScene.Ring(8, 240, 135), 4, sheetPath, render, ct);
            context.Progress.Report(new AugmentProgress(Name, 1));

            return Task.FromResult(new DemoStepResult(
                Name,
                "plaza splats with floaters and a passer-by -> clean -> mobile SOG -> preview",
                string.Create(CultureInfo.InvariantCulture,
                    $"{scene.Cloud.Count:N0} splats, {removed:N0} removed; PSNR vs truth {before:0.0} -> {after:0.0} dB; SOG {report.Ratio:0.0}x smaller, {drop:0.00} dB drop, SSIM {report.MeanSsim:0.000} vs cleaned"),
                [previewPath, sheetPath, mobilePath, sourcePath]));
        }
        finally
        {
            foreach (var frame in truth)
                frame?.Dispose();
        }
    }

    private static double MeanPsnr(GaussianCloud cloud, PinholeCamera[] cameras, ImageFrame[] truth, SplatRenderOptions render, CancellationToken ct)
    {
        double sum = 0;
        for (var v = 0; v < cameras.Length; v++)
        {
            using var frame = SplatRenderer.Render(cloud, cameras[v], render, ct);
            sum += ImageQuality.Psnr(truth[v], frame);
        }
        return sum / cameras.Length;
    }
}
