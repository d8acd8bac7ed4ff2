// PlazaToPhone: a walk through a plaza became a large Gaussian-splat scene with floaters and a passer-by, and the
// client must view it on a phone. The sample cleans the scene, compresses it with the two delivery presets, measures
// what each costs in rendered quality over a ring of views, and renders previews of what the phone will show.
//
//   dotnet run -p:AugmentVersion=VERSION                  a generated plaza (with an exact ground truth)
//   dotnet run -p:AugmentVersion=VERSION -- scene.ply     your own scene (.ply, .splat, .spz, .compressed.ply, .sog)
//
// Every result is checked; the exit code says whether all checks passed.
using Augment;
using Augment.Splat;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;
using PlazaToPhone;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-plazatophone-" + Environment.ProcessId); // kept: the outputs are yours to look at
Directory.CreateDirectory(work);

// 1. The capture. Without an argument, a generated plaza: textured paving, pillars and spheres, a long tail of faint
//    splats as trained scenes have, mid-air floaters and a passer-by. Its surfaces can be ray-cast exactly, so the
//    sample can also measure against the truth.
SyntheticScene? scene = null;
GaussianCloud capture;
string capturePath;
if (args.Length > 0)
{
    capturePath = args[0];
    capture = GaussianCloud.Load(capturePath);
}
else
{
    scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 150_000, Pedestrian = true, Seed = 3 });
    capture = scene.Cloud;
    capturePath = Path.Combine(work, "plaza.ply");
    capture.Save(capturePath);
}
var stats = capture.Statistics();
Console.WriteLine($"Capture:   {capturePath}: {stats.Count:N0} splats, SH degree {stats.ShDegree}, {new FileInfo(capturePath).Length:N0} bytes");

// 2. Cleaning, one report line per step. The passer-by is removed by the box an editor would draw around them.
var cleaned = capture.Clean(c =>
{
    c.RemoveNonFinite().RemoveDegenerate().RemoveFloaters();
    if (scene?.PedestrianBox is { } passerBy)
        c.RemoveInside(passerBy);
    return c;
});
foreach (var step in cleaned.Report.Steps)
    Console.WriteLine($"Clean:     removed {step.Removed,8:N0} {step.Elapsed.TotalMilliseconds,6:0} ms  {step.Name}");
checks.That(cleaned.Cloud.Count < capture.Count, "cleaning removed something");
if (scene is not null)
{
    var junk = scene.FloaterCount + scene.PedestrianSplatCount;
    checks.That(cleaned.Report.Removed >= 0.9 * junk, $"cleaning removed the floaters and the passer-by ({cleaned.Report.Removed:N0} of {junk:N0})");
}

// 3. Delivery: the two presets, written as SOG (PlayCanvas's web/mobile format) and measured over 16 views. For the
//    generated plaza the views are also compared with the ground truth, so "drop" is what compression costs there.
var cameras = scene is null ? null : SyntheticScene.Ring(16, 480, 270);
var truth = cameras is null ? null : Array.ConvertAll(cameras, camera => scene!.RenderReference(camera));
var plyBytes = SplatCompression.PlyBytes(capture);
Console.WriteLine($"Compress:  {"preset",-8} {"bytes",12} {"ratio",7} {"PSNR",8} {"SSIM",7} {"drop vs truth",14}");
foreach (var preset in CompressionPreset.All)
{
    var path = Path.Combine(work, $"plaza-{preset.Name}.sog");
    var report = SplatCompression.Compress(cleaned.Cloud, preset, path, new SplatCompressionOptions
    {
        SourceBytes = plyBytes,
        Cameras = cameras,
        ReferenceImages = truth,
    });
    var drop = report.ReferencePsnrDropDb is { } d ? $"{d:0.00} dB" : "-";
    Console.WriteLine($"           {preset.Name,-8} {report.OutputBytes,12:N0} {report.Ratio,6:0.0}x {report.MeanPsnrDb,6:0.0}dB {report.MeanSsim,7:0.000} {drop,14}");
    checks.That(report.Ratio > 10, $"{preset.Name}: more than 10x smaller than the PLY ({report.Ratio:0.0}x)");
    checks.That(report.MeanSsim > 0.8, $"{preset.Name}: renders stay close to the cleaned scene (SSIM {report.MeanSsim:0.000})");
    var reread = GaussianCloud.Load(path);
    checks.That(reread.Count == report.SplatsOut, $"{preset.Name}: the SOG reads back with every splat");
}
if (truth is not null)
{
    foreach (var frame in truth)
        frame.Dispose();
}

// 4. What the phone shows: a turntable contact sheet of the mobile file, and one larger view.
var mobile = GaussianCloud.Load(Path.Combine(work, "plaza-mobile.sog"));
var sheet = Path.Combine(work, "plaza-mobile-views.png");
SplatPreview.SaveContactSheet(mobile, CameraPath.Orbit(mobile, 8, 320, 180), columns: 4, sheet);
var still = Path.Combine(work, "plaza-mobile.png");
using (var frame = SplatRenderer.Render(mobile, CameraPath.Orbit(mobile, 1, 1280, 720)[0]))
    SplatPreview.SavePng(frame, still);
Console.WriteLine($"Previews:  {sheet}, {still}");
checks.That(new FileInfo(sheet).Length > 10_000 && new FileInfo(still).Length > 10_000, "the previews were written");

Console.WriteLine($"Outputs:   {work}");
return checks.Report();
