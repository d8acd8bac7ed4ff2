namespace Augment.Vision.Tests.Denoise;

public class NonLocalMeansKernelTests
{
    [Theory]
    [InlineData(1, 1, 3, 0.05f, 1f)]
    [InlineData(3, 2, 4, 0.1f, 1.5f)]
    [InlineData(1, 3, 2, 0.2f, 2f)]
    public void Sliding_integral_kernel_equals_the_brute_force_reference_on_random_images(int channels, int patchRadius, int searchRadius, float sigma, float chroma)
    {
        // Sizes that are not multiples of the tile or the vector width, larger than one tile across.
        const int Width = 300, Height = 70;
        var random = new Random(channels * 10 + patchRadius);
        var source = new float[channels * Width * Height];
        for (var i = 0; i < source.Length; i++)
            source[i] = (float)random.NextDouble();
        using var padded = new PaddedPlanes(channels, Width, Height, patchRadius + searchRadius);
        for (var c = 0; c < channels; c++)
            padded.Fill(c, source.AsSpan(c * Width * Height, Width * Height));
        var parameters = new NlmParameters(patchRadius, searchRadius, sigma, 0.6f * sigma + 0.1f, (0.6f * sigma + 0.1f) * chroma);
        var fast = new float[source.Length];
        for (var y0 = 0; y0 < Height; y0 += NonLocalMeansKernel.TileHeight)
            for (var x0 = 0; x0 < Width; x0 += NonLocalMeansKernel.TileWidth)
                NonLocalMeansKernel.DenoiseTile(padded, parameters, x0, y0, Math.Min(NonLocalMeansKernel.TileWidth, Width - x0), Math.Min(NonLocalMeansKernel.TileHeight, Height - y0), fast);
        var reference = new float[source.Length];
        NonLocalMeansKernel.Reference(padded, parameters, reference);
        for (var i = 0; i < source.Length; i++)
            Assert.True(Math.Abs(fast[i] - reference[i]) < 2e-4f, $"sample {i}: fast {fast[i]}, reference {reference[i]}");
    }

    [Fact]
    public void Reflect_101_folds_indices_like_OpenCV()
    {
        Assert.Equal([2, 1, 0, 1, 2, 3, 4, 3, 2], new[] { -2, -1, 0, 1, 2, 3, 4, 5, 6 }.Select(i => PaddedPlanes.Reflect(i, 5)).ToArray());
        Assert.Equal(1, PaddedPlanes.Reflect(-7, 3));
    }
}
