using System.Globalization;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Frames;

public class FrameMeasureKernelsTests
{
    [Theory]
    [InlineData(3, 3)]
    [InlineData(17, 5)]
    [InlineData(64, 48)]
    [InlineData(301, 257)]
    public void Simd_kernel_equals_the_scalar_reference_on_random_images(int width, int height)
    {
        var image = FrameImages.Noise(width, height, width + height);
        image[0] = 0;      // something clipped at each end
        image[^1] = 1;
        var fast = FrameMeasureKernels.Measure(image, width, height, maxThreads: 2);
        var reference = FrameMeasureKernels.MeasureReference(image, width, height);

        Assert.Equal(reference.LaplacianVariance, fast.LaplacianVariance, 1e-5 * reference.LaplacianVariance);
        Assert.Equal(reference.Tenengrad, fast.Tenengrad, 1e-5 * reference.Tenengrad);
        Assert.Equal(reference.Gxx, fast.Gxx, 1e-5 * reference.Gxx);
        Assert.Equal(reference.Gyy, fast.Gyy, 1e-5 * reference.Gyy);
        Assert.Equal(reference.Gxy, fast.Gxy, 1e-4 * reference.Gxx);
        Assert.Equal(reference.MeanLuma, fast.MeanLuma, 1e-6);
        Assert.Equal(reference.DarkFraction, fast.DarkFraction, 1e-12);
        Assert.Equal(reference.BrightFraction, fast.BrightFraction, 1e-12);
    }

    [Fact]
    public void Variance_of_the_Laplacian_and_Tenengrad_equal_OpenCV_on_the_same_image()
    {
        FramePeer.SkipUnlessOpenCv();
        const int width = 97, height = 61;
        var image = FrameImages.GaussianBlur(FrameImages.Noise(width, height, 5), width, height, 0.8);
        var path = Path.Combine(Path.GetTempPath(), $"aug-frames-{Guid.NewGuid():N}.f32");
        try
        {
            File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.AsSpan()).ToArray());
            // OpenCV's defaults: ksize=1 Laplacian is the 4-neighbour kernel, ksize=3 Sobel, BORDER_REFLECT_101.
            var output = FramePeer.RunPython("""
                import sys, numpy as np, cv2
                img = np.fromfile(sys.argv[1], dtype=np.float32).reshape(int(sys.argv[3]), int(sys.argv[2])).astype(np.float64)
                lap = cv2.Laplacian(img, cv2.CV_64F).var()
                gx = cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3)
                gy = cv2.Sobel(img, cv2.CV_64F, 0, 1, ksize=3)
                print(repr(lap), repr((gx * gx + gy * gy).mean()))
                """, path, width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture));
            var parts = output.Trim().Split(' ');
            var cvLaplacian = double.Parse(parts[0], CultureInfo.InvariantCulture);
            var cvTenengrad = double.Parse(parts[1], CultureInfo.InvariantCulture);

            var measures = FrameMeasureKernels.Measure(image, width, height, maxThreads: 1);

            Assert.Equal(cvLaplacian, measures.LaplacianVariance, 1e-5 * cvLaplacian);
            Assert.Equal(cvTenengrad, measures.Tenengrad, 1e-5 * cvTenengrad);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sharpness_and_gradient_energy_fall_monotonically_with_Gaussian_blur()
    {
        const int width = 120, height = 90;
        var texture = new FrameImages.Texture(11).Sample(width, height);
        var noise = FrameImages.Noise(width, height, 2);
        for (var i = 0; i < texture.Length; i++) texture[i] = (0.8f * texture[i]) + (0.2f * noise[i]);
        double previousLaplacian = double.PositiveInfinity, previousTenengrad = double.PositiveInfinity;
        foreach (var sigma in new[] { 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0 })
        {
            var m = FrameMeasureKernels.Measure(FrameImages.GaussianBlur(texture, width, height, sigma), width, height, 1);
            Assert.True(m.LaplacianVariance < previousLaplacian, $"Laplacian variance did not fall at sigma {sigma}: {m.LaplacianVariance} >= {previousLaplacian}");
            Assert.True(m.Tenengrad < previousTenengrad, $"Tenengrad did not fall at sigma {sigma}: {m.Tenengrad} >= {previousTenengrad}");
            previousLaplacian = m.LaplacianVariance;
            previousTenengrad = m.Tenengrad;
        }
    }

    [Fact]
    public void Directional_blur_raises_anisotropy_and_Gaussian_blur_does_not()
    {
        const int width = 120, height = 90;
        var sharp = FrameImages.Noise(width, height, 4);
        var isotropic = FrameMeasureKernels.Measure(FrameImages.GaussianBlur(sharp, width, height, 2), width, height, 1).Anisotropy;
        var streaked = FrameMeasureKernels.Measure(FrameImages.HorizontalMotionBlur(sharp, width, height, 9), width, height, 1);

        Assert.True(isotropic < 0.15, $"isotropic blur anisotropy {isotropic}");
        Assert.True(streaked.Anisotropy > 0.7, $"motion blur anisotropy {streaked.Anisotropy}");
        Assert.True(streaked.Gyy > 5 * streaked.Gxx, "horizontal motion blur should leave mostly vertical gradients");
    }

    [Fact]
    public void Exposure_counts_clipped_pixels_and_the_mean()
    {
        const int width = 10, height = 10;
        var image = new float[width * height];
        for (var i = 0; i < 25; i++) image[i] = 0;
        for (var i = 25; i < 35; i++) image[i] = 1;
        for (var i = 35; i < 100; i++) image[i] = 0.5f;

        var m = FrameMeasureKernels.Measure(image, width, height, 1);

        Assert.Equal(0.25, m.DarkFraction, 1e-12);
        Assert.Equal(0.10, m.BrightFraction, 1e-12);
        Assert.Equal((10 + (65 * 0.5)) / 100, m.MeanLuma, 1e-6);
    }

    [Fact]
    public void Box_downscale_averages_each_block()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];   // 4 x 3
        var target = new float[2];
        FrameMeasureKernels.Downscale(image, 4, 3, 2, target);    // last row dropped
        Assert.Equal((1 + 2 + 5 + 6) / 4f, target[0]);
        Assert.Equal((3 + 4 + 7 + 8) / 4f, target[1]);
    }
}
