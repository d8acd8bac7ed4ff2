using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Upscaling;

public class UpscalerClassicalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Lanczos_rows_match_the_scalar_2d_reference_on_random_data(int scale)
    {
        using var frame = UpscaleModels.Random(37, 23, seed: scale);
        var upsampler = new LanczosUpsampler(scale);
        var row = new float[37 * scale];
        var scratch = new float[37];
        var worst = 0.0;
        for (var y = 0; y < 23 * scale; y++)
        {
            upsampler.UpsampleRow(frame.Plane(1), 37, 23, y, row, scratch);
            for (var x = 0; x < row.Length; x++)
                worst = Math.Max(worst, Math.Abs(row[x] - LanczosUpsampler.Reference(frame.Plane(1), 37, 23, scale, x, y)));
        }
        Assert.True(worst < 2e-6, $"largest difference {worst}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Streamed_lanczos_equals_the_general_resizer_with_the_same_kernel_in_encoded_values(int scale)
    {
        using var frame = UpscaleModels.Crop("astronaut.png", 180, 60, 96, 80);
        using var streamed = frame.Upscale(u => u.Scale(scale).Sharpen(0f), cancellationToken: Ct);
        using var general = frame.Resize(new ResizeOptions().To(96 * scale, 80 * scale).Using(ResampleKernel.Lanczos3).InLinearLight(false), cancellationToken: Ct);
        var worst = 0f;
        for (var i = 0; i < general.Data.Length; i++) worst = Math.Max(worst, Math.Abs(Math.Clamp(general.Data[i], 0f, 1f) - streamed.Data[i]));
        Assert.True(worst < 1e-4f, $"largest difference {worst}");
    }

    [Fact]
    public void Lanczos_3_kernel_has_its_textbook_values()
    {
        Assert.Equal(1.0, LanczosUpsampler.Kernel(0), 12);
        Assert.Equal(0.0, LanczosUpsampler.Kernel(1), 12);
        Assert.Equal(0.0, LanczosUpsampler.Kernel(3), 12);
        // sinc(0.5) * sinc(1/6) = (2/pi) * (3/pi) = 6/pi^2.
        Assert.Equal(6 / (Math.PI * Math.PI), LanczosUpsampler.Kernel(0.5), 12);
    }

    [Fact]
    public void Without_sharpening_the_classical_path_is_plain_lanczos_clamped()
    {
        using var frame = UpscaleModels.Random(40, 30, seed: 20);
        using var large = frame.Upscale(u => u.Scale(2).Sharpen(0f), cancellationToken: Ct);
        Assert.Equal((80, 60), (large.Width, large.Height));
        for (var y = 0; y < 60; y += 3)
        {
            for (var x = 0; x < 80; x += 3)
            {
                var expected = Math.Clamp(LanczosUpsampler.Reference(frame.Plane(2), 40, 30, 2, x, y), 0, 1);
                Assert.True(Math.Abs(expected - large.Row(2, y)[x]) < 2e-6, $"({x}, {y}): {large.Row(2, y)[x]} vs {expected}");
            }
        }
    }

    [Theory]
    [InlineData(2, 0.5f)]
    [InlineData(4, 1.5f)]
    public void Band_by_band_sharpening_equals_sharpening_the_whole_frame_first(int scale, float amount)
    {
        using var frame = UpscaleModels.Crop("chelsea.png", 40, 30, 150, 110);
        using var banded = frame.Upscale(u => u.Scale(scale).Sharpen(amount), cancellationToken: Ct);
        using var whole = frame.Clone();
        EdgeAwareSharpen.Apply(whole, amount, Ct);
        using var reference = whole.Upscale(u => u.Scale(scale).Sharpen(0f), cancellationToken: Ct);
        var worst = 0f;
        for (var i = 0; i < reference.Data.Length; i++) worst = Math.Max(worst, Math.Abs(reference.Data[i] - banded.Data[i]));
        Assert.True(worst < 1e-5f, $"largest difference {worst}");
    }

    [Fact]
    public void Sharpening_boosts_edges_but_leaves_faint_noise_on_flat_areas_alone()
    {
        var random = new Random(21);
        using var frame = ImageFrame.Create(64, 64, 3);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 64; y++)
            {
                var row = frame.Row(c, y);
                // Left half: flat grey with faint noise (sigma 0.003); right half: a strong vertical edge.
                for (var x = 0; x < 64; x++)
                    row[x] = x < 32 ? 0.5f + 0.003f * Gaussian(random) : (x < 48 ? 0.2f : 0.8f);
            }
        }
        using var plain = frame.Upscale(u => u.Sharpen(0f), cancellationToken: Ct);
        using var sharp = frame.Upscale(u => u.Sharpen(1f), cancellationToken: Ct);

        var noisePlain = StdDev(plain, 8, 52, 8, 52);
        var noiseSharp = StdDev(sharp, 8, 52, 8, 52);
        Assert.True(noiseSharp < noisePlain * 1.03, $"flat-area noise {noisePlain:F5} -> {noiseSharp:F5}");
        // Across the edge at x = 48 (output 96), the sharpened step is steeper.
        var slopePlain = plain.Row(1, 64)[97] - plain.Row(1, 64)[94];
        var slopeSharp = sharp.Row(1, 64)[97] - sharp.Row(1, 64)[94];
        Assert.True(slopeSharp > slopePlain * 1.05, $"edge step {slopePlain:F4} -> {slopeSharp:F4}");
    }

    [Fact]
    public void File_output_quantises_exactly_like_image_frame_pixels()
    {
        using var frame = UpscaleModels.Random(33, 21, seed: 22);
        using var scratch = new ScratchFolder();
        using var large = frame.Upscale(u => u.Scale(2), cancellationToken: Ct);
        Upscaler.UpscaleToFile(frame, scratch.File("a.png"), new UpscaleOptions { ScaleFactor = 2 }, cancellationToken: Ct);
        Upscaler.UpscaleToFile(frame, scratch.File("b.png"), new UpscaleOptions { ScaleFactor = 2 }, new ImageSaveOptions { BitsPerChannel = 16 }, cancellationToken: Ct);
        using var eight = ImageFile.Load(scratch.File("a.png"));
        using var sixteen = ImageFile.Load(scratch.File("b.png"));
        Assert.Equal(large.ToPixels8(PixelLayout.Rgb), eight.ToPixels8(PixelLayout.Rgb));
        Assert.Equal(large.ToPixels16(PixelLayout.Rgb), sixteen.ToPixels16(PixelLayout.Rgb));
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    public void Downscaled_x2_then_upscaled_beats_opencv_bicubic_and_ffmpeg_lanczos_in_psnr(string name)
    {
        PythonPeer.SkipUnless("cv2", "numpy");
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        using var original = StandardImages.Load(name);
        var width = original.Width / 2 * 2;
        var height = original.Height / 2 * 2;
        using var reference = ImageFrame.Create(width, height, 3);
        using var low = ImageFrame.Create(width / 2, height / 2, 3);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++) original.Row(c, y)[..width].CopyTo(reference.Row(c, y));
            // Area (2x2 box) downscale: what a camera's larger pixels would have recorded.
            for (var y = 0; y < height / 2; y++)
            {
                var target = low.Row(c, y);
                var top = reference.Row(c, 2 * y);
                var bottom = reference.Row(c, 2 * y + 1);
                for (var x = 0; x < width / 2; x++) target[x] = 0.25f * (top[2 * x] + top[2 * x + 1] + bottom[2 * x] + bottom[2 * x + 1]);
            }
        }
        var lowPath = scratch.File("low.png");
        low.Save(lowPath);
        using var lowSaved = ImageFile.Load(lowPath);

        using var ours = lowSaved.Upscale(u => u.Scale(2), cancellationToken: Ct);
        using var plainLanczos = lowSaved.Upscale(u => u.Scale(2).Sharpen(0f), cancellationToken: Ct);
        PythonPeer.Run("resize_bicubic.py", lowPath, scratch.File("bicubic.f32"), "2");
        using var bicubic = PythonPeer.ReadRaw(scratch.File("bicubic.f32"), width, height, 3);
        Ffmpeg.Run("-v", "error", "-i", lowPath, "-vf", "scale=iw*2:ih*2:flags=lanczos", "-pix_fmt", "rgb24", "-y", scratch.File("ffmpeg.png"));
        using var ffmpeg = ImageFile.Load(scratch.File("ffmpeg.png"));

        using var oursSaved = Quantised(ours);
        using var plainSaved = Quantised(plainLanczos);
        var psnrOurs = ImageQuality.Psnr(reference, oursSaved);
        var psnrPlain = ImageQuality.Psnr(reference, plainSaved);
        var psnrBicubic = ImageQuality.Psnr(reference, bicubic);
        var psnrFfmpeg = ImageQuality.Psnr(reference, ffmpeg);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{name} {width}x{height}: Augment Lanczos+sharpen {psnrOurs:F2} dB, Augment plain Lanczos {psnrPlain:F2} dB, OpenCV bicubic {psnrBicubic:F2} dB, ffmpeg lanczos {psnrFfmpeg:F2} dB");
        Assert.True(psnrOurs > psnrBicubic, $"{psnrOurs:F2} dB vs bicubic {psnrBicubic:F2} dB");
        Assert.True(psnrOurs > psnrFfmpeg, $"{psnrOurs:F2} dB vs ffmpeg {psnrFfmpeg:F2} dB");
    }

    private static ImageFrame Quantised(ImageFrame frame) =>
        ImageFrame.FromPixels(frame.ToPixels8(PixelLayout.Rgb), frame.Width, frame.Height, PixelLayout.Rgb);

    private static double StdDev(ImageFrame frame, int x0, int x1, int y0, int y1)
    {
        double sum = 0, sq = 0;
        var n = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                double v = frame.Row(1, y)[x];
                sum += v;
                sq += v * v;
                n++;
            }
        }
        var mean = sum / n;
        return Math.Sqrt(sq / n - mean * mean);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
