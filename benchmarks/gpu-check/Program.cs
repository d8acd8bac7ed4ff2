// The prepared GPU check: renders and back-propagates one random scene on the CPU rasteriser and, when ILGPU finds a
// CUDA device, on the GPU rasteriser; checks that they agree and prints milliseconds and the speedup.
// Usage: Augment.GpuCheck [--gaussians 50000] [--size 256] [--iterations 5] [--seed 1] [--emulate]
// --emulate runs the GPU kernels on ILGPU's CPU accelerator instead of CUDA (slow: use a small scene); it checks the
// published program's kernel path on a machine without a GPU.
using System.Diagnostics;
using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

var gaussians = Option("--gaussians", 50_000);
var size = Option("--size", 256);
var iterations = Option("--iterations", 5);
var seed = Option("--seed", 1);
const int shDegree = 3;

var scene = RandomScene(gaussians, seed);
var camera = PinholeCamera.LookAt(new Vector3(0.3f, -0.5f, -3.2f), Vector3.Zero, size, size, 50);
var weights = new float[3 * size * size];
var random = new Random(seed + 1);
for (var i = 0; i < weights.Length; i++)
    weights[i] = (float)((2 * random.NextDouble()) - 1) / weights.Length;
var background = new Vector3(0.1f, 0.2f, 0.3f);
Console.WriteLine($"scene: {gaussians:N0} Gaussians, SH degree {shDegree}, {size}x{size}, {iterations} timed iterations after one warm-up");
Console.WriteLine($"CPU: {Environment.ProcessorCount} logical cores");

var cpu = new DifferentiableRasterizer(new RasterizerOptions { Background = background });
var cpuGradients = scene.CreateZeroed();
var (cpuForward, cpuBackward, cpuImage) = Time(iterations,
    () => cpu.Forward(scene, camera, shDegree),
    (pass, g) => cpu.Backward(pass, weights, g, new float[scene.Count], new int[scene.Count]),
    pass => pass.Image.ToArray(), cpuGradients);
Console.WriteLine($"cpu  rasteriser: forward {cpuForward:F1} ms, backward {cpuBackward:F1} ms, total {cpuForward + cpuBackward:F1} ms (median)");

var emulate = Array.IndexOf(args, "--emulate") >= 0;
if (!emulate && !GpuRasterizer.IsCudaAvailable)
{
    Console.WriteLine("gpu: no CUDA device (ILGPU found none); nothing to compare. Result: cpu-only");
    return 0;
}
using var gpu = new GpuRasterizer(new GpuRasterizerOptions
{
    Background = background,
    Accelerator = emulate ? GpuAccelerator.CpuEmulation : GpuAccelerator.Cuda,
});
Console.WriteLine($"gpu: {gpu.DeviceName}{(emulate ? " (ILGPU CPU accelerator, emulation)" : "")}");
var gpuGradients = scene.CreateZeroed();
var (gpuForward, gpuBackward, gpuImage) = Time(iterations,
    () => gpu.Forward(scene, camera, shDegree),
    (pass, g) => gpu.Backward(pass, weights, g, new float[scene.Count], new int[scene.Count]),
    pass => pass.Image.ToArray(), gpuGradients);
Console.WriteLine($"gpu  rasteriser: forward {gpuForward:F1} ms, backward {gpuBackward:F1} ms, total {gpuForward + gpuBackward:F1} ms (median)");
Console.WriteLine($"speedup: forward {cpuForward / gpuForward:F1}x, backward {cpuBackward / gpuBackward:F1}x, total {(cpuForward + cpuBackward) / (gpuForward + gpuBackward):F1}x");

// Agreement: image within 1e-3 (float, fast math on the GPU); gradients per plane within 1e-2 of the plane's largest
// magnitude (atomics add in a different order on the GPU).
var imageError = 0f;
for (var p = 0; p < cpuImage.Length; p++)
    imageError = MathF.Max(imageError, MathF.Abs(cpuImage[p] - gpuImage[p]));
var worstPlane = 0f;
for (var p = 0; p < scene.PlaneCount; p++)
{
    float scale = 0, error = 0;
    var a = cpuGradients.Plane(p);
    var b = gpuGradients.Plane(p);
    for (var i = 0; i < a.Length; i++)
    {
        scale = MathF.Max(scale, MathF.Abs(a[i]));
        error = MathF.Max(error, MathF.Abs(a[i] - b[i]));
    }
    worstPlane = MathF.Max(worstPlane, scale > 0 ? error / scale : error);
}
var agree = imageError <= 1e-3f && worstPlane <= 1e-2f;
Console.WriteLine($"agreement: image max |cpu - gpu| {imageError:G3} (limit 1e-3), gradients worst plane relative {worstPlane:G3} (limit 1e-2): {(agree ? "PASS" : "FAIL")}");
return agree ? 0 : 1;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

static (double Forward, double Backward, float[] Image) Time<TPass>(int iterations, Func<TPass> forward, Action<TPass, SplatParameters> backward,
    Func<TPass, float[]> image, SplatParameters gradients) where TPass : IDisposable
{
    var forwardMs = new List<double>();
    var backwardMs = new List<double>();
    float[]? first = null;
    for (var it = 0; it <= iterations; it++)
    {
        var clock = Stopwatch.StartNew();
        using var pass = forward();
        var f = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        // The first iteration (warm-up: kernel compilation, pools) writes the gradients that are compared.
        backward(pass, it == 0 ? gradients : gradients.CreateZeroed());
        var b = clock.Elapsed.TotalMilliseconds;
        first ??= image(pass);
        if (it > 0)
        {
            forwardMs.Add(f);
            backwardMs.Add(b);
        }
    }
    if (forwardMs.Count == 0)
        return (double.NaN, double.NaN, first!);
    forwardMs.Sort();
    backwardMs.Sort();
    return (forwardMs[forwardMs.Count / 2], backwardMs[backwardMs.Count / 2], first!);
}

static SplatParameters RandomScene(int count, int seed)
{
    var random = new Random(seed);
    float Uniform(float low, float high) => low + ((high - low) * (float)random.NextDouble());
    var scene = new SplatParameters(count, shDegree);
    for (var i = 0; i < count; i++)
    {
        for (var axis = 0; axis < 3; axis++)
        {
            scene.Plane(SplatParameters.PositionX + axis)[i] = Uniform(-1f, 1f);
            scene.Plane(SplatParameters.LogScaleX + axis)[i] = MathF.Log(Uniform(0.004f, 0.03f));
            scene.Plane(SplatParameters.ShDcRed + axis)[i] = Uniform(-1.5f, 1.5f);
        }
        for (var q = 0; q < 4; q++)
            scene.Plane(SplatParameters.RotationW + q)[i] = Uniform(-1f, 1f);
        scene.Plane(SplatParameters.Opacity)[i] = Uniform(-2f, 3f);
        for (var k = 0; k < 3 * scene.RestCount; k++)
            scene.Plane(SplatParameters.FirstRest + k)[i] = Uniform(-0.2f, 0.2f);
    }
    return scene;
}
