using System.Globalization;
using System.Numerics;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Upscaling;

/// <summary>
/// The streamed file path holds the input and the 8-bit output, never the float output (nor a
/// working copy of the input: sharpening is done band by band). Measured as the peak resident memory of a child process (this test executable,
/// running <see cref="Child_process_upscale"/>) for a large and a tiny upscale; the difference is
/// what the large upscale costs.
/// </summary>
public class UpscaleMemoryTests
{
    private const string ChildVariable = "AUGMENT_UPSCALE_MEMORY_CHILD";

    [Fact]
    public void Streamed_x2_upscale_to_png_peaks_far_below_the_float_output_and_within_the_stated_formula()
    {
        PythonPeer.SkipUnless("resource", "subprocess");
        using var scratch = new ScratchFolder();
        const int Side = 2048;
        WriteTestImage(scratch.File("large.png"), Side);
        WriteTestImage(scratch.File("tiny.png"), 64);

        var tiny = PeakBytes(scratch.File("tiny.png"), scratch.File("tiny-x2.png"));
        var large = PeakBytes(scratch.File("large.png"), scratch.File("large-x2.png"));
        using (var written = ImageFile.Load(scratch.File("large-x2.png")))
            Assert.Equal((2 * Side, 2 * Side), (written.Width, written.Height));

        long inputPixels = (long)Side * Side, outputPixels = 4 * inputPixels;
        // Stated formula (docs/vision-upscaling.md): the loaded float input (12 bytes per input pixel,
        // rented from ArrayPool, which rounds up to a power of two), the decoder's interleaved image and
        // buffer (8 per input pixel) and the 8-bit output (3 per output pixel). Bands are a few MiB.
        var formula = 4 * (long)BitOperations.RoundUpToPowerOf2((ulong)(3 * inputPixels)) + 8 * inputPixels + 3 * outputPixels;
        var floatOutput = 12 * outputPixels;
        var cost = large - tiny;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Side}x{Side} -> {2 * Side}x{2 * Side}: peak RSS {large / 1048576.0:F0} MiB, tiny run {tiny / 1048576.0:F0} MiB, cost {cost / 1048576.0:F0} MiB; formula {formula / 1048576.0:F0} MiB; a float output alone would be {floatOutput / 1048576.0:F0} MiB"));
        Assert.True(cost < floatOutput, $"the upscale cost {cost / 1048576.0:F0} MiB, more than the {floatOutput / 1048576.0:F0} MiB float output it should never hold");
        Assert.True(cost < formula * 1.25, $"the upscale cost {cost / 1048576.0:F0} MiB against a formula of {formula / 1048576.0:F0} MiB");
    }

    /// <summary>
    /// Runs only as the measured child: upscales the file named in the environment
    /// (<c>input|output</c>, or <c>input|output|model</c> to go through the tiled model path with an
    /// exact nearest-neighbour x2 network). Also the way docs/vision-upscaling.md's 100 MP figures were taken.
    /// </summary>
    [Fact]
    public void Child_process_upscale()
    {
        var job = Environment.GetEnvironmentVariable(ChildVariable);
        Assert.SkipWhen(job is null, "runs only as the child process of the memory test");
        var parts = job!.Split('|');
        using var model = parts.Length > 2 && parts[2] == "model" ? OnnxModel.Load(UpscaleModels.Nearest(2)) : null;
        using var frame = ImageFile.Load(parts[0]);
        Upscaler.UpscaleToFile(frame, parts[1], new UpscaleOptions { ScaleFactor = 2, Model = model }, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static long PeakBytes(string input, string output)
    {
        Environment.SetEnvironmentVariable(ChildVariable, input + "|" + output);
        try
        {
            var result = PythonPeer.Run("peak_rss.py", Environment.ProcessPath!, "-method", $"{typeof(UpscaleMemoryTests).FullName}.{nameof(Child_process_upscale)}").Trim().Split(' ');
            Assert.True(result[0] == "0", $"child exited with {result[0]}");
            Assert.True(File.Exists(output), "the child wrote no output");
            return long.Parse(result[1], CultureInfo.InvariantCulture);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChildVariable, null);
        }
    }

    private static void WriteTestImage(string path, int side)
    {
        using var frame = ImageFrame.Create(side, side, 3);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < side; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < side; x++) row[x] = 0.5f + 0.4f * MathF.Sin(0.05f * x * (c + 1) + 0.03f * y);
            }
        }
        frame.Save(path);
    }
}
