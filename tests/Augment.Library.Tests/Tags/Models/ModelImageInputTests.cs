using System.Runtime.InteropServices;
using Augment.Vision;
using Augment.Vision.Tests.Peers;

namespace Augment.Library.Tests.Tags.Models;

public sealed class ModelImageInputTests
{
    private static ImageFrame SmoothRandom(int width, int height, int seed)
    {
        // Sums of a few random sinusoids: enough detail to tell filters apart, no clipping.
        var random = new Random(seed);
        var frame = ImageFrame.Create(width, height, 3);
        for (var c = 0; c < 3; c++)
        {
            var (fx, fy, px, amp) = (random.NextDouble() * 0.8, random.NextDouble() * 0.8, random.NextDouble() * 6, 0.2 + 0.2 * random.NextDouble());
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++) row[x] = (float)(0.5 + amp * Math.Sin(fx * x + px) * Math.Cos(fy * y));
            }
        }
        return frame;
    }

    [Theory]
    [InlineData(61, 45, "bicubic", 16, 16)] // CLIP: bicubic short side to S, crop S
    [InlineData(45, 70, "bicubic", 24, 24)]
    [InlineData(50, 40, "bilinear", 18, 16)] // ImageNet style: resize 8/7 of the crop, crop
    [InlineData(20, 30, "bicubic", 40, 40)] // enlarging
    public void Resize_crop_and_normalise_match_PIL_and_torchvision_written_in_numpy(int width, int height, string kind, int shortSide, int crop)
    {
        PythonPeer.SkipUnless("numpy");
        using var frame = SmoothRandom(width, height, width * height);
        using var folder = new TempFolder();
        PythonPeer.WriteRaw(frame, folder.File("in.f32"));
        float[] mean = [0.48145466f, 0.4578275f, 0.40821073f];
        float[] std = [0.26862954f, 0.26130258f, 0.27577711f];
        PythonPeer.Run("model_preprocess.py", folder.File("in.f32"), width.ToString(), height.ToString(), kind, shortSide.ToString(), crop.ToString(),
            string.Join(",", mean), string.Join(",", std), folder.File("out.f32"));
        var expected = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(folder.File("out.f32"))).ToArray();

        var actual = new float[3 * crop * crop];
        ModelImageInput.Fill(frame, shortSide, crop, crop, kind == "bicubic" ? ResampleKernel.CatmullRom : ResampleKernel.Bilinear, mean, std, actual);
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        // In normalised units (about 4x pixel units): 1e-4 is far below one 8-bit step (0.015).
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    [Fact]
    public void Grey_frames_feed_the_same_plane_to_all_three_channels()
    {
        using var grey = ImageFrame.Create(8, 8, 1);
        grey.Data.Fill(0.5f);
        var values = new float[3 * 64];
        ModelImageInput.Fill(grey, 8, 8, 8, ResampleKernel.CatmullRom, [0f, 0.5f, 1f], [1f, 1f, 0.5f], values);
        Assert.Equal([0.5f, 0f, -1f], new[] { values[0], values[64], values[128] });
    }

    [Theory]
    [InlineData(ResampleKernel.CatmullRom, 97, 61, 40, 32)]
    [InlineData(ResampleKernel.Bilinear, 64, 80, 70, 70)]
    [InlineData(ResampleKernel.Lanczos3, 50, 50, 23, 20)]
    [InlineData(ResampleKernel.Box, 33, 90, 12, 12)]
    public void Vectorised_resize_crop_matches_the_scalar_reference_on_random_data(ResampleKernel kernel, int width, int height, int shortSide, int crop)
    {
        var random = new Random(width + height);
        var plane = new float[width * height];
        for (var i = 0; i < plane.Length; i++) plane[i] = (float)random.NextDouble();
        var (outWidth, outHeight) = ModelImageInput.ShortSideSize(width, height, shortSide);
        var (top, left) = ((outHeight - crop) / 2, (outWidth - crop) / 2);
        var horizontal = PilResampler.Create(kernel, width, outWidth, left, crop);
        var vertical = PilResampler.Create(kernel, height, outHeight, top, crop);
        var fast = new float[crop * crop];
        var reference = new float[crop * crop];
        PilResampler.ResizeCrop(plane, width, height, horizontal, vertical, crop, crop, new float[crop * width], fast);
        PilResampler.ResizeCropReference(plane, width, height, horizontal, vertical, crop, crop, new float[height * crop], reference);
        for (var i = 0; i < fast.Length; i++) Assert.Equal(reference[i], fast[i], tolerance: 1e-5);
    }
}
