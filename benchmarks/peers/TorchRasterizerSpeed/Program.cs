// Forward + backward of one view: Augment's DifferentiableRasterizer against TorchSharp autograd of the same forward
// (TorchReferenceRasterizer, tiled 16x16), same scene, same camera, same loss weights. Prints milliseconds and the ratio.
// Usage: TorchRasterizerSpeed [gaussians=50000] [side=256] [repeats=5] [torchTile=16]
using System.Diagnostics;
using Augment;
using Augment.Splat;
using Augment.Splat.Training;
using TorchSharp;

var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
var side = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 256;
var repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
var tile = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16;

TorchSharpRuntime.EnsureLoaded();
var threads = ComputeBudget.Default.MaxThreads;
torch.set_num_threads(threads);
var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = count, ShDegree = 3 });
var parameters = SplatParameters.FromCloud(scene.Cloud);
var camera = SyntheticScene.Ring(8, side, side)[0];
var random = new Random(1);
var weights = new float[3 * side * side];
for (var i = 0; i < weights.Length; i++)
    weights[i] = (random.NextSingle() - 0.5f) / weights.Length;
Console.WriteLine($"scene: {count:N0} Gaussians (SH 3), {side}x{side}, {threads} threads (Environment.ProcessorCount {Environment.ProcessorCount})");

var ours = new DifferentiableRasterizer();
var oursGradients = parameters.CreateZeroed();
var mean2D = new float[count];
var visible = new int[count];
// Wall time and this process's CPU time (the machine is shared, so wall time includes waiting for a core).
var process = Process.GetCurrentProcess();
var oursCpu = new List<double>();
var torchCpu = new List<double>();
double OursOnce()
{
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    using var pass = ours.Forward(parameters, camera, 3);
    ours.Backward(pass, weights, oursGradients, mean2D, visible);
    process.Refresh();
    oursCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
    return watch.Elapsed.TotalMilliseconds;
}
OursOnce();
oursCpu.Clear();
var oursTimes = new List<double>();
for (var r = 0; r < repeats; r++)
    oursTimes.Add(OursOnce());

var reference = new TorchReferenceRasterizer(tileSize: tile);
var torchGradients = parameters.CreateZeroed();
double TorchOnce()
{
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    torchGradients.Clear();
    reference.RenderWithGradients(parameters, camera, 3, weights, torchGradients);
    process.Refresh();
    torchCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
    return watch.Elapsed.TotalMilliseconds;
}
var torchTimes = new List<double> { TorchOnce() }; // the first run includes torch's warm-up; reported separately
var torchRepeats = Math.Max(0, repeats / 2);
for (var r = 0; r < torchRepeats; r++)
    torchTimes.Add(TorchOnce());

Console.WriteLine($"torch done ({torchTimes.Count} runs)");
// Agreement on the big scene (one more pass of ours into fresh gradients).
oursGradients.Clear();
using (var pass = ours.Forward(parameters, camera, 3))
{
    ours.Backward(pass, weights, oursGradients, mean2D, visible);
    var image = reference.Render(parameters, camera, 3);
    var worst = 0f;
    for (var i = 0; i < image.Length; i++)
        worst = MathF.Max(worst, MathF.Abs(image[i] - pass.Image[i]));
    Console.WriteLine($"largest pixel difference ours vs torch: {worst:E2}");
}
double difference = 0, norm = 0;
for (var p = 0; p < parameters.PlaneCount; p++)
{
    var a = oursGradients.Plane(p);
    var b = torchGradients.Plane(p);
    for (var i = 0; i < count; i++)
    {
        difference += Math.Pow(a[i] - b[i], 2);
        norm += Math.Pow(b[i], 2);
    }
}
Console.WriteLine($"gradient relative difference (all planes, L2): {Math.Sqrt(difference / norm):E2}");

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}
var oursMs = Median(oursTimes);
var torchMs = Median(torchRepeats == 0 ? torchTimes : torchTimes.Skip(1).ToList());
var torchCpuMs = Median(torchRepeats == 0 ? torchCpu : torchCpu.Skip(1).ToList());
var oursCpuMs = Median(oursCpu);
Console.WriteLine($"ours  forward+backward: median {oursMs:F1} ms over {repeats} runs (min {oursTimes.Min():F1})");
Console.WriteLine(torchRepeats == 0
    ? $"torch forward+backward: {torchMs:F1} ms, one run (includes torch's warm-up), tile {tile}"
    : $"torch forward+backward: median {torchMs:F1} ms over {torchRepeats} runs (first run {torchTimes[0]:F1} ms), tile {tile}");
Console.WriteLine($"cpu time per iteration: ours {oursCpuMs:F1} ms, torch {torchCpuMs:F1} ms");
Console.WriteLine($"ratio torch / ours: {torchMs / oursMs:F1}x wall, {torchCpuMs / oursCpuMs:F1}x cpu");
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MiB");
