using Augment.Vision.Tests.IO;

namespace Augment.Vision.Tests.Luts;

public sealed class HaldClutTests
{
    [Fact]
    public void Identity_hald_of_level_8_is_512_square_and_reads_back_as_identity_lut_of_size_64()
    {
        using var hald = HaldClut.Identity(8);
        Assert.Equal(512, hald.Width);
        Assert.Equal(512, hald.Height);
        Assert.Equal(3, hald.Channels);

        var lut = HaldClut.ToLut(hald);

        Assert.Equal(64, lut.Size);
        AssertLatticeClose(Lut3D.Identity(64), lut, 0f);
    }

    [Fact]
    public void Hald_pixels_follow_red_fastest_then_green_then_blue_in_row_major_order()
    {
        // Independent of the implementation's loops: pixel p = y * side + x is lattice point
        // r = p mod N, g = (p / N) mod N, b = p / N^2 (the layout ImageMagick and ffmpeg use).
        const int level = 3;
        const int n = level * level;
        using var hald = HaldClut.Identity(level);
        var side = level * level * level;
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var p = (y * side) + x;
                var expected = (R: p % n / (float)(n - 1), G: p / n % n / (float)(n - 1), B: p / (n * n) / (float)(n - 1));
                Assert.Equal(expected.R, hald.Row(0, y)[x], 1e-6f);
                Assert.Equal(expected.G, hald.Row(1, y)[x], 1e-6f);
                Assert.Equal(expected.B, hald.Row(2, y)[x], 1e-6f);
            }
        }
    }

    [Fact]
    public void Identity_hald_saved_as_16_bit_png_loads_as_identity_within_1_in_65535()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("identity.png");
        using (var hald = HaldClut.Identity(8))
            hald.Save(path, new ImageSaveOptions { BitsPerChannel = 16 });

        var lut = HaldClut.Load(path);

        Assert.Equal(64, lut.Size);
        AssertLatticeClose(Lut3D.Identity(64), lut, 1f / 65535);
    }

    [Fact]
    public void Identity_hald_saved_as_8_bit_png_loads_as_identity_within_1_in_255()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("identity8.png");
        using (var hald = HaldClut.Identity(8))
            hald.Save(path);

        var lut = HaldClut.Load(path);

        AssertLatticeClose(Lut3D.Identity(64), lut, 1f / 255);
    }

    [Fact]
    public void Lut_to_hald_to_lut_round_trip_is_exact_in_memory()
    {
        var lut = LutTestData.Sampled(64, LutTestData.Affine);

        using var hald = HaldClut.FromLut(lut);
        var back = HaldClut.ToLut(hald);

        Assert.Equal(512, hald.Width);
        AssertLatticeClose(lut, back, 0f);
    }

    [Fact]
    public void Lut_saved_as_hald_png_loads_back_within_1_in_65535()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("grade.png");
        var lut = LutTestData.Sampled(36, LutTestData.WarmContrast);

        lut.SaveHald(path);
        var back = HaldClut.Load(path);

        Assert.Equal(36, back.Size);
        Assert.Equal("grade", back.Title);
        AssertLatticeClose(lut, back, 1f / 65535);
    }

    [Fact]
    public void Resampling_an_affine_lut_to_a_hald_level_reproduces_the_affine_map()
    {
        // Tetrahedral interpolation is exact for an affine map, so resampling a 17-point LUT at the
        // level-4 (16-point) lattice must equal the map sampled directly there.
        var lut = LutTestData.Sampled(17, LutTestData.Affine);

        using var hald = lut.ToHaldImage(4);
        var resampled = HaldClut.ToLut(hald);

        Assert.Equal(64, hald.Width);
        AssertLatticeClose(LutTestData.Sampled(16, LutTestData.Affine), resampled, 1e-5f);
    }

    [Fact]
    public void Resampling_honours_the_lut_domain()
    {
        // A LUT over [0, 2] that halves its input: at the Hald inputs in [0, 1] it gives x / 2.
        var lut = new Lut3D(9);
        lut.SetDomain([0f, 0f, 0f], [2f, 2f, 2f]);
        lut.Fill(static (r, g, b) => (r / 2, g / 2, b / 2));

        using var hald = HaldClut.FromLut(lut, 2);
        var resampled = HaldClut.ToLut(hald);

        var expected = LutTestData.Sampled(4, static (r, g, b) => (r / 2, g / 2, b / 2));
        AssertLatticeClose(expected, resampled, 1e-6f);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(17)]
    [InlineData(2)]
    public void FromLut_without_level_rejects_sizes_that_are_not_a_hald_lattice(int size)
    {
        var error = Assert.Throws<ArgumentException>(() => HaldClut.FromLut(new Lut3D(size)));
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLut_without_level_rejects_a_domain_other_than_unit()
    {
        var lut = new Lut3D(16);
        lut.SetDomain([0f, 0f, 0f], [2f, 1f, 1f]);
        Assert.Throws<ArgumentException>(() => HaldClut.FromLut(lut));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public void Levels_outside_2_to_16_are_rejected(int level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HaldClut.Identity(level));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaldClut.FromLut(Lut3D.Identity(4), level));
    }

    [Theory]
    [InlineData(512, 500)]
    [InlineData(500, 500)]
    [InlineData(64, 27)]
    [InlineData(1, 1)]
    [InlineData(9, 9)]
    public void Images_that_are_not_a_square_of_side_level_cubed_give_InvalidMediaException_naming_the_size(int width, int height)
    {
        using var frame = ImageFrame.Create(width, height, 3);

        var error = Assert.Throws<InvalidMediaException>(() => HaldClut.ToLut(frame, "clut.png"));

        Assert.Contains($"{width}x{height}", error.Message, StringComparison.Ordinal);
        Assert.Contains("clut.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grey_image_is_not_a_hald_clut()
    {
        using var frame = ImageFrame.Create(8, 8, 1);
        Assert.Throws<InvalidMediaException>(() => HaldClut.ToLut(frame));
    }

    [Fact]
    public void A_hald_with_alpha_ignores_the_alpha_plane()
    {
        using var frame = ImageFrame.Create(8, 8, 4, hasAlpha: true);
        using (var identity = HaldClut.Identity(2))
            identity.Data.CopyTo(frame.Data);
        frame.Alpha.Fill(0.25f);

        AssertLatticeClose(Lut3D.Identity(4), HaldClut.ToLut(frame), 0f);
    }

    [Fact]
    public void A_non_finite_sample_gives_InvalidMediaException_naming_the_pixel()
    {
        using var frame = HaldClut.Identity(2);
        frame.Row(1, 3)[5] = float.NaN;

        var error = Assert.Throws<InvalidMediaException>(() => HaldClut.ToLut(frame));

        Assert.Contains("(5, 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_png_of_the_wrong_size_names_the_file_and_size()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("not-a-hald.png");
        using (var frame = ImageFrame.Create(40, 30, 3))
            frame.Save(path);

        var error = Assert.Throws<InvalidMediaException>(() => HaldClut.Load(path));

        Assert.Contains("not-a-hald.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("40x30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_to_a_format_without_16_bits_refuses_by_default_and_writes_nothing()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("grade.jpg");
        Assert.Throws<UnsupportedFormatException>(() => Lut3D.Identity(4).SaveHald(path));
        Assert.Empty(folder.Entries());
    }

    internal static void AssertLatticeClose(Lut3D expected, Lut3D actual, float tolerance)
    {
        Assert.Equal(expected.Size, actual.Size);
        var e = expected.Lattice;
        var a = actual.Lattice;
        var worst = 0f;
        var worstIndex = -1;
        for (var i = 0; i < e.Length; i++)
        {
            var difference = MathF.Abs(e[i] - a[i]);
            if (!(difference <= worst))
            {
                worst = difference;
                worstIndex = i;
            }
        }
        Assert.True(worst <= tolerance, $"lattice value {worstIndex} differs by {worst} (tolerance {tolerance}): expected {(worstIndex >= 0 ? e[worstIndex] : 0)}, got {(worstIndex >= 0 ? a[worstIndex] : 0)}");
    }
}
