// CaptureToScene: a short walk around an object, filmed on a phone, becomes a Gaussian-splat scene small enough to
// send back to the phone. The sample "films" a small known scene (a few hundred coloured Gaussians) as a .y4m video,
// picks the frames worth training on, writes their cameras as transforms.json, trains a splat scene on the CPU,
// measures it on held-out frames, and compresses it with the mobile preset to .spz with a preview PNG.
//
//   dotnet run -c Release -p:AugmentVersion=VERSION
//
// A real capture would get its cameras from COLMAP (`augment splat capture video.mp4 --out capture`); here the true
// cameras of the rendered frames stand in for it, so the sample needs no external tools. Every result is checked; the
// exit code says whether all checks passed.
using System.Diagnostics;
using System.Numerics;
using Augment;
using Augment.Splat;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;
using Augment.Splat.Training;
using Augment.Vision;
using CaptureToScene;

const int FrameCount = 28, Width = 128, Height = 96, Iterations = 400;
var checks = new Checks();
var clock = Stopwatch.StartNew();
var work = Path.Combine(Path.GetTempPath(), "augment-capturetoscene-" + Environment.ProcessId); // kept: the outputs are yours to look at
Directory.CreateDirectory(work);

// 1. The object: two spheres of flat coloured Gaussians (a vase and a ball), 400 in all. It is only the ground truth
//    that "films" the video; training never sees it.
var truth = Scene.Create();
var sky = new Vector3(0.55f, 0.62f, 0.7f); // an overcast sky behind it: a black one would read as an underexposed video
var render = new SplatRenderOptions { Background = sky };
Console.WriteLine($"Object:    {truth.Count} Gaussians");

// 2. The walk: 28 frames at 128x96 once around the object at distance 4, rising and falling between 10 and 40 degrees
//    of elevation as a hand-held walk does, written as a Y4M video (Augment.Vision writes Y4M itself; no ffmpeg).
var video = Path.Combine(work, "walk.y4m");
var cameras = new PinholeCamera[FrameCount];
using (var writer = VideoFile.Create(video, new VideoInfo { Width = Width, Height = Height, FrameRateNumerator = 10 }))
{
    for (var i = 0; i < FrameCount; i++)
    {
        var azimuth = 2 * MathF.PI * i / FrameCount;
        var elevation = (25 + (15 * MathF.Sin(3 * azimuth))) * MathF.PI / 180;
        var eye = 4 * new Vector3(MathF.Cos(elevation) * MathF.Cos(azimuth), -MathF.Sin(elevation), MathF.Cos(elevation) * MathF.Sin(azimuth));
        cameras[i] = PinholeCamera.LookAt(eye, Vector3.Zero, Width, Height, 50);
        using var frame = SplatRenderer.Render(truth, cameras[i], render);
        writer.WriteFrame(frame);
    }
    writer.Complete();
}
Console.WriteLine($"Video:     {video}: {FrameCount} frames, {Width}x{Height}, {new FileInfo(video).Length:N0} bytes");

// 3. Frame selection: sharpness, exposure and camera motion measured on every frame, the best-spread 24 written as PNG
//    with a capture report (what `augment splat frames` does).
var frames = Path.Combine(work, "capture", "images");
var selection = FrameSelector.Extract(video, frames, new FrameSelectionOptions { Count = 24 });
Console.Write(selection.ToText());
checks.That(selection.Frames.Count == FrameCount, $"the analysis read every frame of the video ({selection.Frames.Count} of {FrameCount})");
checks.That(selection.Selected.Count >= 20, $"at least 20 frames were selected ({selection.Selected.Count})");
checks.That(selection.Files.All(f => File.Exists(Path.Combine(frames, f))) && File.Exists(Path.Combine(frames, FrameSelector.ReportFileName)),
    "the selected frames and capture-report.json were written");

// 4. Poses: the selected frames with their cameras, written as transforms.json (Nerfstudio's layout). A real capture
//    gets them from COLMAP, with its sparse points; here the true cameras are used and the sparse points are every
//    other object centre, jittered by 0.05 and greyed towards the middle, as a stand-in for COLMAP's noisy points.
var views = new List<CaptureView>(selection.Selected.Count);
for (var k = 0; k < selection.Selected.Count; k++)
    views.Add(new CaptureView(selection.Files[k], Path.Combine(frames, selection.Files[k]), cameras[selection.Selected[k]]));
var transforms = Path.Combine(work, "capture", SceneCapture.TransformsFileName);
TransformsJson.Write(new SceneCapture(views, Scene.SparsePoints(truth, seed: 2)), transforms);
var capture = TrainingCapture.Load(Path.GetDirectoryName(transforms)!, holdOutEvery: 8);
var heldOut = capture.Views.Where(v => v.HeldOut).ToList();
Console.WriteLine($"Poses:     {transforms}: {capture.Views.Count} views ({heldOut.Count} held out), {capture.Initial.Count} initial Gaussians from {capture.PointSource}");
checks.That(capture.Views.Count == selection.Selected.Count && heldOut.Count >= 2, $"transforms.json reads back with every view and at least 2 held out ({capture.Views.Count}, {heldOut.Count})");

// 5. Training: the 3DGS recipe (Kerbl et al. 2023) shortened to 400 iterations, view-independent colour (SH degree 0),
//    densification up to 2000 Gaussians. Held-out frames are never trained on; the report measures them.
var trainer = new SplatTrainer(new SplatTrainerOptions
{
    Iterations = Iterations,
    ShDegree = 0,
    Background = sky,
    Density = DensityControlOptions.ForIterations(Iterations) with { MaxGaussians = 2000 },
    Cleansing = null, // nothing moves in this walk; cleansing is for passers-by
});
var trained = trainer.Train(capture.Views, capture.Initial);
var report = trained.Report;
foreach (var view in report.HeldOut)
    Console.WriteLine($"Held out:  {view.Name}: PSNR {view.Psnr:0.00} dB, SSIM {view.Ssim:0.000}");
Console.WriteLine($"Train:     {report.Iterations} iterations in {report.Elapsed.TotalSeconds:0.0} s, {capture.Initial.Count} -> {trained.Scene.Count} Gaussians, mean held-out PSNR {report.MeanPsnr:0.00} dB, SSIM {report.MeanSsim:0.000}");
checks.That(report.SkippedSteps == 0, $"no training step was skipped ({report.SkippedSteps})");
checks.That(report.MeanPsnr > 27, $"held-out frames are reproduced above 27 dB PSNR ({report.MeanPsnr:0.00} dB)");
// 6. Delivery: standard cleaning, the mobile preset to SPZ (the full-quality PLY kept beside it), the file read back and
//    graded against the held-out photos, and a photo | render preview per held-out frame.
var ply = Path.Combine(work, "scene.ply");
var spz = Path.Combine(work, "scene-mobile.spz");
var delivered = SceneDelivery.Deliver(trained, capture.Views, spz, new SceneDeliveryOptions
{
    Cleaning = CleaningPreset.Standard,
    Compression = CompressionPreset.Mobile,
    TrainedPath = ply,
    PreviewFolder = Path.Combine(work, "held-out"),
    Background = sky,
});
var compressed = delivered.Compression!;
Console.WriteLine($"Clean:     {delivered.Cleaning!.InputCount} -> {delivered.Cleaning.OutputCount} splats ({delivered.Cleaning.Removed} invisible or detached)");
Console.WriteLine($"Compress:  {spz}: {delivered.Splats} splats, {delivered.OutputBytes:N0} bytes ({compressed.Ratio:0.0}x smaller than the PLY), PSNR {compressed.MeanPsnrDb:0.0} dB against the cleaned scene");
Console.WriteLine($"Delivered: held-out PSNR {delivered.MeanPsnr:0.00} dB, SSIM {delivered.MeanSsim:0.000} against the photos; previews in {Path.Combine(work, "held-out")}");
checks.That(compressed.Ratio > 3, $"the SPZ is more than 3x smaller than the PLY ({compressed.Ratio:0.0}x)");
checks.That(delivered.MeanPsnr > report.MeanPsnr - 1, $"the delivered SPZ loses under 1 dB on the held-out photos ({delivered.MeanPsnr:0.00} against {report.MeanPsnr:0.00} dB)");
checks.That(delivered.HeldOut.All(v => File.Exists(v.ComparisonPath)), "a photo | render preview was written per held-out frame");
var mobile = GaussianCloud.Load(spz);
checks.That(mobile.Count == delivered.Splats && File.Exists(ply), $"the SPZ reads back with every splat ({mobile.Count} of {delivered.Splats}) and the PLY was kept");

// 7. What the phone shows: the SPZ from four new cameras around the object, beside nothing it was trained on.
var preview = Path.Combine(work, "scene-mobile.png");
var around = Enumerable.Range(0, 4).Select(i =>
{
    var azimuth = (2 * MathF.PI * i / 4) + 0.4f;
    return PinholeCamera.LookAt(4 * new Vector3(0.85f * MathF.Cos(azimuth), -0.5f, 0.85f * MathF.Sin(azimuth)), Vector3.Zero, 256, 192, 50);
}).ToList();
SplatPreview.SaveContactSheet(mobile, around, columns: 2, preview, render);
Console.WriteLine($"Preview:   {preview}");
checks.That(new FileInfo(preview).Length > 5_000, "the preview was written");

foreach (var view in capture.Views)
    view.Target.Dispose();
Console.WriteLine($"Outputs:   {work} ({clock.Elapsed.TotalSeconds:0.0} s in all)");
return checks.Report();
