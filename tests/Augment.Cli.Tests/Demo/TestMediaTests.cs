using Augment.Cli.Demo.Media;

namespace Augment.Cli.Tests.Demo;

public class TestMediaTests
{
    [Fact]
    public void Grey_ramp_covers_every_8_bit_level_once_at_256_pixels_wide()
    {
        const int width = 256, height = 100;
        var pixels = TestImages.ColorBarsRgb8(width, height);

        // Rows 60..79 hold the four ramps (red, green, blue, grey), five rows each.
        var greyRow = pixels.AsSpan(75 * width * 3, width * 3);
        for (var x = 0; x < width; x++)
            Assert.Equal((x, x, x), (greyRow[x * 3], greyRow[(x * 3) + 1], greyRow[(x * 3) + 2]));
    }

    [Fact]
    public void Skin_tone_patches_sit_on_mid_grey_in_the_bottom_band()
    {
        const int width = 90, height = 100;
        var pixels = TestImages.ColorBarsRgb8(width, height);

        // Bottom band rows 80..99; patches in its middle half; nine slots of 10 px, patches in odd slots.
        var row = pixels.AsSpan(90 * width * 3, width * 3);
        Assert.Equal((128, 128, 128), (row[0], row[1], row[2]));
        Assert.Equal((241, 194, 167), (row[15 * 3], row[(15 * 3) + 1], row[(15 * 3) + 2]));
        Assert.Equal((141, 85, 36), (row[75 * 3], row[(75 * 3) + 1], row[(75 * 3) + 2]));
    }

    [Fact]
    public void Stereo_tone_is_sine_left_and_cosine_right_with_faded_ends()
    {
        using var tone = TestSignals.StereoTone(997, 48_000, 48_000);

        Assert.Equal(0f, tone.Channel(0)[0]);
        Assert.Equal(0f, tone.Channel(1)[0]); // the fade starts from silence on both sides
        const int n = 20_000;
        var phase = 2 * Math.PI * 997 * n / 48_000;
        Assert.Equal(0.5 * Math.Sin(phase), tone.Channel(0)[n], 1e-6);
        Assert.Equal(0.5 * Math.Cos(phase), tone.Channel(1)[n], 1e-6);
    }
}
