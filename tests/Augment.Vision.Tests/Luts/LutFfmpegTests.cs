using System.Diagnostics;

namespace Augment.Vision.Tests.Luts;

/// <summary>
/// Cross-check with ffmpeg's <c>lut3d</c> filter on the same 8-bit image and <c>.cube</c> file. ffmpeg
/// truncates its float result to 8 bits (and is not bit-exact even for an identity LUT), so the
/// comparison allows 1/255 per channel.
/// </summary>
public sealed class LutFfmpegTests : IDisposable
{
    private const int Width = 64;
    private const int Height = 48;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-lut3d-" + Guid.NewGuid().ToString("N"));

    public LutFfmpegTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(LutInterpolation.Tetrahedral, "tetrahedral")]
    [InlineData(LutInterpolation.Trilinear, "trilinear")]
    public void Agrees_with_ffmpeg_lut3d_within_1_in_255_per_channel(LutInterpolation interpolation, string ffmpegName)
    {
        var ffmpeg = FindOnPath("ffmpeg");
        Assert.SkipWhen(ffmpeg is null, "ffmpeg is not on PATH (install it: apt-get install ffmpeg); the lut3d cross-check needs it.");

        var lut = LutTestData.Sampled(33, LutTestData.WarmContrast);
        var cube = Path.Combine(_folder, "grade.cube");
        lut.SaveCube(cube);
        var input = LutTestData.Gradients8(Width, Height);
        var inputPath = Path.Combine(_folder, "in.rgb");
        var outputPath = Path.Combine(_folder, "out.rgb");
        File.WriteAllBytes(inputPath, input);

        RunFfmpeg(ffmpeg!, ["-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}", "-i", inputPath,
            "-vf", $"lut3d=file={cube}:interp={ffmpegName}", "-f", "rawvideo", "-pix_fmt", "rgb24", outputPath]);
        var theirs = File.ReadAllBytes(outputPath);
        Assert.Equal(input.Length, theirs.Length);

        using var frame = ImageFrame.FromPixels(input, Width, Height, PixelLayout.Rgb);
        using var graded = frame.ApplyLut(lut, interpolation);
        var ours = graded.ToPixels8(PixelLayout.Rgb);

        var maxDifference = 0;
        var changed = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(ours[i] - theirs[i]));
            if (Math.Abs(ours[i] - input[i]) > 2)
                changed++;
        }
        Assert.True(maxDifference <= 1, $"max difference from ffmpeg lut3d {ffmpegName}: {maxDifference}/255");
        // The grade must actually move most pixels, or agreeing would prove little.
        Assert.True(changed > ours.Length / 2, $"only {changed} of {ours.Length} samples changed by the grade");
    }

    private static void RunFfmpeg(string ffmpeg, string[] arguments)
    {
        var start = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed ({process.ExitCode}): {errors.Result}");
    }

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (folder.Length == 0)
                continue;
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
