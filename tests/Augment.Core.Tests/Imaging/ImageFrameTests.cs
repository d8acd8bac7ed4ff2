namespace Augment.Core.Tests.Imaging;

public class ImageFrameTests
{
    public static TheoryData<PixelLayout> Layouts =>
        [PixelLayout.Gray, PixelLayout.GrayAlpha, PixelLayout.Rgb, PixelLayout.Rgba, PixelLayout.Bgr, PixelLayout.Bgra];

    [Fact]
    public void Rgba8_round_trips_exactly_for_every_byte_value()
    {
        var pixels = new byte[256 * 4];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 + i / 256);
        using var frame = ImageFrame.FromPixels(pixels, 256, 1, PixelLayout.Rgba);
        Assert.Equal(pixels, frame.ToPixels8(PixelLayout.Rgba));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_8_bit_value_round_trips_exactly_and_maps_to_value_over_255(PixelLayout layout)
    {
        var c = layout.ChannelCount();
        // 16 x 16 pixels; channel k of pixel i holds (i + 85k) mod 256, so every channel sees every value.
        var pixels = new byte[256 * c];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i / c + 85 * (i % c));
        using var frame = ImageFrame.FromPixels(pixels, 16, 16, layout);

        Assert.Equal(pixels, frame.ToPixels8(layout));
        var order = layout.PlaneOrder();
        for (var k = 0; k < c; k++)
            Assert.Equal(pixels[3 * c + k] / 255f, frame.Plane(order[k])[3], 6);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_16_bit_value_round_trips_exactly(PixelLayout layout)
    {
        var c = layout.ChannelCount();
        var pixels = new ushort[65536 * c];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (ushort)(i / c + 21845 * (i % c));
        using var frame = ImageFrame.FromPixels(pixels, 256, 256, layout);
        Assert.Equal(pixels, frame.ToPixels16(layout));
    }

    [Fact]
    public void Float_pixels_round_trip_bit_for_bit_unclamped()
    {
        var pixels = PixelKernelTests.RandomFloats(33 * 7 * 4, 5);
        using var frame = ImageFrame.FromPixels(pixels, 33, 7, PixelLayout.Bgra);
        var back = new float[pixels.Length];
        frame.CopyPixelsTo(back, PixelLayout.Bgra);
        Assert.Equal(
            pixels.Select(BitConverter.SingleToInt32Bits).ToArray(),
            back.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [Theory]
    [InlineData(PixelLayout.Bgr)]
    [InlineData(PixelLayout.Bgra)]
    public void Bgr_layouts_put_red_in_plane_zero_and_blue_in_plane_two(PixelLayout layout)
    {
        var c = layout.ChannelCount();
        var pixels = new byte[37 * 3 * c];
        for (var i = 0; i < 37 * 3; i++)
        {
            pixels[i * c] = 10;      // blue
            pixels[i * c + 1] = 20;  // green
            pixels[i * c + 2] = 250; // red
            if (c == 4) pixels[i * c + 3] = 128;
        }
        using var frame = ImageFrame.FromPixels(pixels, 37, 3, layout);
        Assert.All(frame.Plane(0).ToArray(), v => Assert.Equal(250 / 255f, v, 6));
        Assert.All(frame.Plane(1).ToArray(), v => Assert.Equal(20 / 255f, v, 6));
        Assert.All(frame.Plane(2).ToArray(), v => Assert.Equal(10 / 255f, v, 6));
        Assert.Equal(c == 4, frame.HasAlpha);
        var rgb = frame.ToPixels8(c == 4 ? PixelLayout.Rgba : PixelLayout.Rgb);
        Assert.Equal(new byte[] { 250, 20, 10 }, rgb[..3]);
    }

    [Fact]
    public void Frames_on_the_parallel_path_convert_exactly_like_one_thread()
    {
        // 400 x 300 = 120,000 pixels: above the parallel threshold, several blocks and a partial last one.
        const int width = 400, height = 300;
        var pixels = new byte[width * height * 4];
        new Random(3).NextBytes(pixels);
        var parallel = new ComputeBudget { MaxThreads = 4 };
        using var many = ImageFrame.FromPixels(pixels, width, height, PixelLayout.Bgra, budget: parallel);
        using var one = ImageFrame.FromPixels(pixels, width, height, PixelLayout.Bgra, budget: ComputeBudget.SingleThreaded);
        Assert.True(many.Data.SequenceEqual(one.Data));

        // Perturb the planes so the 16-bit output is not a trivial image of the 8-bit input.
        var data = many.Data;
        for (var i = 0; i < data.Length; i += 7) data[i] = data[i] * 1.3f - 0.1f;
        data.CopyTo(one.Data);
        Assert.Equal(one.ToPixels16(PixelLayout.Rgba), many.ToPixels16(PixelLayout.Rgba));
        Assert.Equal(one.ToPixels8(PixelLayout.Bgra), many.ToPixels8(PixelLayout.Bgra));
    }

    [Fact]
    public void Conversion_to_8_bit_clamps_rounds_and_maps_NaN_to_zero()
    {
        using var frame = ImageFrame.Create(8, 1, 1);
        float[] values = [float.NaN, -0.5f, 1.5f, float.PositiveInfinity, float.NegativeInfinity, 0.5f, 0.25f, 0.75f];
        values.CopyTo(frame.Data);
        Assert.Equal(new byte[] { 0, 0, 255, 255, 0, 128, 64, 191 }, frame.ToPixels8(PixelLayout.Gray));
    }

    [Fact]
    public void A_layout_with_a_different_channel_count_or_alpha_is_rejected()
    {
        using var rgba = ImageFrame.Create(4, 4, 4, hasAlpha: true);
        Assert.Throws<ArgumentException>(() => rgba.ToPixels8(PixelLayout.Rgb));
        using var fourColour = ImageFrame.Create(4, 4, 4, hasAlpha: false);
        Assert.Throws<ArgumentException>(() => fourColour.ToPixels8(PixelLayout.Rgba));
    }

    [Fact]
    public void Buffers_too_small_for_the_frame_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ImageFrame.FromPixels(new byte[4 * 4 * 3 - 1], 4, 4, PixelLayout.Rgb));
        using var frame = ImageFrame.Create(4, 4, 3);
        Assert.Throws<ArgumentException>(() => frame.CopyPixelsTo(new ushort[4 * 4 * 3 - 1], PixelLayout.Rgb));
    }

    [Fact]
    public void A_frame_larger_than_the_memory_budget_throws_before_allocating()
    {
        var small = new ComputeBudget { MaxMemoryBytes = 1 << 20 };
        Assert.Throws<ResourceLimitException>(() => ImageFrame.Create(1024, 1024, 4, budget: small));
        Assert.Throws<ResourceLimitException>(() => ImageFrame.FromPixels(new byte[512 * 512 * 3], 512, 512, PixelLayout.Rgb, budget: small));
        using var fits = ImageFrame.Create(256, 256, 4, budget: small); // exactly 1 MiB
        Assert.Equal(256 * 256 * 4, fits.Data.Length);
    }

    [Fact]
    public void Tensor_view_has_shape_channels_height_width_over_the_same_memory()
    {
        using var frame = ImageFrame.Create(5, 3, 2);
        frame.Row(1, 2)[4] = 42f;
        var tensor = frame.AsTensorSpan();
        Assert.Equal(new nint[] { 2, 3, 5 }, tensor.Lengths.ToArray());
        Assert.Equal(42f, tensor[1, 2, 4]);
    }

    [Fact]
    public void Using_a_disposed_frame_throws_ObjectDisposedException()
    {
        var frame = ImageFrame.Create(2, 2, 3);
        frame.Dispose();
        frame.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => frame.Data.Length);
        Assert.Throws<ObjectDisposedException>(() => frame.ToPixels8(PixelLayout.Rgb));
    }
}
