// HelloAugment: the smallest application that uses Augment the way a user does, through the
// Augment.Core package (restored from a folder feed) plus ONNX Runtime's CPU natives. It does real
// work on generated media, checks every result against an independent expectation, and exits
// non-zero when any check fails, so CI can use it to prove that the packages work.
using Augment;
using HelloAugment;
using Microsoft.ML.OnnxRuntime;

var checks = new Checks();

// 1. The machine, as the SDK sees it (what `augment device` prints in full).
var device = ComputeDevice.Current;
Console.WriteLine($"CPU:                 {device.CpuModel} ({device.LogicalCores} logical cores, Vector<T> {device.VectorWidthBits} bits)");
Console.WriteLine($"ONNX Runtime:        {device.OnnxRuntimeVersion ?? "not loaded: " + device.OnnxRuntimeError}");
Console.WriteLine($"Execution providers: {string.Join(", ", device.OnnxExecutionProviders)}");
checks.That(device.LogicalCores >= 1, "ComputeDevice reports at least one logical core");
checks.That(device.OnnxRuntimeVersion is not null, "ONNX Runtime's native library loads from the Microsoft.ML.OnnxRuntime package");
checks.That(device.HasExecutionProvider("CPUExecutionProvider"), "the CPU execution provider is available");

// 2. An image: interleaved 8-bit RGBA in, planar float out, and back again bit for bit.
//    Odd sizes make the SIMD kernels run their scalar tails as well.
const int width = 257, height = 131;
var rgba = new byte[width * height * 4];
for (var y = 0; y < height; y++)
{
    for (var x = 0; x < width; x++)
    {
        var i = ((y * width) + x) * 4;
        rgba[i] = (byte)x;                   // red ramps across
        rgba[i + 1] = (byte)(y * 2);         // green ramps down
        rgba[i + 2] = (byte)((x * y) % 251); // blue is a pseudo-random pattern
        rgba[i + 3] = (byte)(255 - x);       // alpha ramps the other way
    }
}

using (var frame = ImageFrame.FromPixels(rgba, width, height, PixelLayout.Rgba))
{
    Console.WriteLine($"Image:               {frame}");
    checks.That(frame is { Width: width, Height: height, Channels: 4, HasAlpha: true }, "the frame has the size and planes of its pixels");

    var planesMatch = true;
    for (var y = 0; y < height && planesMatch; y++)
    {
        for (var x = 0; x < width; x++)
        {
            var i = ((y * width) + x) * 4;
            if (!Close(frame.Row(0, y)[x], rgba[i]) || !Close(frame.Row(2, y)[x], rgba[i + 2]) || !Close(frame.Alpha[(y * width) + x], rgba[i + 3]))
            {
                planesMatch = false;
                break;
            }
        }
    }
    checks.That(planesMatch, "every planar value is its byte divided by 255 (within 1e-6)");
    checks.That(frame.ToPixels8(PixelLayout.Rgba).AsSpan().SequenceEqual(rgba), "8-bit RGBA round-trips exactly");

    var bgra = new byte[rgba.Length];
    frame.CopyPixelsTo(bgra, PixelLayout.Bgra);
    checks.That(bgra[0] == rgba[2] && bgra[2] == rgba[0] && bgra[^2] == rgba[^4], "BGRA output swaps red and blue");

    var sixteen = frame.ToPixels16(PixelLayout.Rgba);
    using var again = ImageFrame.FromPixels(sixteen, width, height, PixelLayout.Rgba);
    checks.That(again.ToPixels16(PixelLayout.Rgba).AsSpan().SequenceEqual(sixteen), "16-bit RGBA round-trips exactly");
    checks.That(sixteen[4 * 200] == 200 * 257, "8-bit 200 widens to 16-bit 51400 (x257)");

    // 3. The same memory as a tensor for a model: [1, C, H, W], no copy.
    var view = frame.AsTensorSpan();
    checks.That(view.Lengths.SequenceEqual([4, height, width]), "the tensor view is [channels, height, width]");
    using var ort = frame.ToOrtValue();
    var shape = ort.GetTensorTypeAndShape().Shape;
    checks.That(shape.AsSpan().SequenceEqual([1L, 4, height, width]), "the OrtValue is [1, channels, height, width]");
    frame.Plane(1)[5] = 0.25f;
    checks.That(ort.GetTensorDataAsSpan<float>()[(width * height) + 5] == 0.25f, "the OrtValue shares the frame's memory");

    // 4. A model: a 3x3 box blur built in code, run over the whole frame and in overlapping tiles.
    float[] ninth = [1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f];
    using var model = OnnxModel.Load(OnnxGraphBuilder.DepthwiseConv3x3(channels: 4, ninth).ToBytes(), sourceName: "box blur")
        .Expect(ModelSignature.ImageToImage(inputChannels: 4, outputChannels: 4));
    using var whole = model.Run(frame);
    using var tiled = model.RunTiled(frame, new TileOptions { TileSizePixels = 64, OverlapPixels = 8 });
    checks.That(tiled.Width == width && tiled.Height == height && tiled.Channels == 4, "the blurred frame has the input's size");
    var maxDifference = 0f;
    for (var i = 0; i < whole.Data.Length; i++)
        maxDifference = MathF.Max(maxDifference, MathF.Abs(whole.Data[i] - tiled.Data[i]));
    checks.That(maxDifference <= 1e-5f, $"tiled inference equals whole-image inference within 1e-5 (max difference {maxDifference:G3})");
    var mean = 0f;
    for (var dy = -1; dy <= 1; dy++)
        for (var dx = -1; dx <= 1; dx++)
            mean += frame.Row(2, 70 + dy)[100 + dx] / 9f;
    checks.That(MathF.Abs(tiled.Row(2, 70)[100] - mean) <= 1e-5f, "a blurred pixel is the mean of its 3x3 neighbourhood");
}

// 5. Audio: a stereo 16-bit sine at 48 kHz, planar and back again.
const int sampleRate = 48_000, frames = 4_800;
var pcm = new short[frames * 2];
for (var n = 0; n < frames; n++)
{
    var s = (short)Math.Round(16_000 * Math.Sin(2 * Math.PI * 1_000 * n / sampleRate));
    pcm[2 * n] = s;
    pcm[(2 * n) + 1] = (short)-s; // right is the left inverted
}

using (var audio = AudioBuffer.FromInterleaved(pcm, channels: 2, sampleRate))
{
    Console.WriteLine($"Audio:               {audio}");
    checks.That(audio.Duration == TimeSpan.FromMilliseconds(100), "4800 frames at 48 kHz last 100 ms");
    checks.That(audio.Channel(1)[12] == pcm[25] / 32768f, "planar samples equal PCM divided by 32768");
    var back = new short[pcm.Length];
    audio.CopyInterleavedTo(back);
    checks.That(back.AsSpan().SequenceEqual(pcm), "16-bit PCM round-trips exactly");
}

// 6. Files are written whole or not at all.
var path = Path.Combine(Path.GetTempPath(), $"hello-augment-{Environment.ProcessId}.txt");
try
{
    AtomicFile.WriteAllText(path, "hello, augment");
    checks.That(File.ReadAllText(path) == "hello, augment", "AtomicFile writes the text it was given");
}
finally
{
    File.Delete(path);
}

return checks.Report();

// The SDK multiplies by 1/255, which may differ from a division in the last bit.
static bool Close(float actual, byte value) => MathF.Abs(actual - (value / 255f)) <= 1e-6f;
