namespace Augment.Vision.Tests.Inpainting;

public class PatchDistanceKernelsTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 7)]
    [InlineData(3, 7)]
    [InlineData(4, 9)]
    [InlineData(3, 21)]
    public void The_vector_kernel_equals_the_scalar_reference_on_random_data(int channels, int side)
    {
        const int width = 40, height = 30;
        var random = new Random(side * 10 + channels);
        var pixels = new float[width * height * channels];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = random.NextSingle();
        var stride = width * channels;
        for (var trial = 0; trial < 200; trial++)
        {
            var a = (random.Next(height - side + 1) * width + random.Next(width - side + 1)) * channels;
            var b = (random.Next(height - side + 1) * width + random.Next(width - side + 1)) * channels;
            var expected = PatchDistanceKernels.Scalar(pixels, stride, side * channels, side, a, b, float.PositiveInfinity);
            var actual = PatchDistanceKernels.Fast(pixels, stride, side * channels, side, a, b, float.PositiveInfinity);
            Assert.Equal(expected, actual, expected * 1e-5f + 1e-6f);
            // With a limit both stop early (after the same row) or not at all; either way the answer is at least the limit or exact.
            var limit = expected / 2;
            var stopped = PatchDistanceKernels.Fast(pixels, stride, side * channels, side, a, b, limit);
            Assert.True(stopped >= limit || expected == 0, $"early exit returned {stopped} under the limit {limit}");
        }
    }
}
