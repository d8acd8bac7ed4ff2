using Augment.Vision.Tests.IO;

namespace Augment.Vision.Tests.Luts;

/// <summary>
/// Cross-check of pure 1D <c>.cube</c> files with ffmpeg's <c>lut1d</c> filter (linear interpolation) on
/// the same 8-bit image. ffmpeg truncates its float result to 8 bits where we round, so the comparison
/// allows 1/255 per channel.
/// </summary>
public sealed class Lut1DFfmpegTests : IDisposable
{
    private const int Width = 64;
    private const int Height = 48;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-lut1d-" + Guid.NewGuid().ToString("N"));

    public Lut1DFfmpegTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(1024)]
    [InlineData(17)]
    public void Gamma_curve_agrees_with_ffmpeg_lut1d_within_1_in_255_per_channel(int size)
    {
        Ffmpeg.SkipWhenAbsent();
        // A different curve per channel, so that a channel mix-up would show.
        var curves = new Lut1D(size);
        curves.Fill(x => MathF.Pow(x, 0.6f), x => MathF.Pow(x, 1.8f), x => 1f - MathF.Pow(x, 0.6f));
        var lut = Lut3D.FromCurves(curves);
        var cube = Path.Combine(_folder, $"gamma-{size}.cube");
        lut.SaveCube(cube);

        var input = LutTestData.Gradients8(Width, Height);
        var inputPath = Path.Combine(_folder, "in.rgb");
        File.WriteAllBytes(inputPath, input);
        var theirs = Ffmpeg.Run("-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}", "-i", inputPath,
            "-vf", $"lut1d=file={cube}:interp=linear", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        Assert.Equal(input.Length, theirs.Length);

        using var frame = ImageFrame.FromPixels(input, Width, Height, PixelLayout.Rgb);
        using var graded = frame.ApplyLut(lut);
        var ours = graded.ToPixels8(PixelLayout.Rgb);
        var maxDifference = 0;
        var changed = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(ours[i] - theirs[i]));
            if (Math.Abs(ours[i] - input[i]) > 2)
                changed++;
        }
        Assert.True(maxDifference <= 1, $"max difference from ffmpeg lut1d (size {size}): {maxDifference}/255");
        Assert.True(changed > ours.Length / 2, $"only {changed} of {ours.Length} samples changed by the curves");
    }
}
