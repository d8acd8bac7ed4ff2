using Augment.Cli.Demo;

namespace Augment.Cli.Tests.Demo;

public class ImageSizeTests
{
    [Theory]
    [InlineData("1024x768", 1024, 768)]
    [InlineData("64X64", 64, 64)]
    [InlineData("4096*100", 4096, 100)]
    public void Parses_width_x_height(string text, int width, int height)
    {
        Assert.True(ImageSize.TryParse(text, out var size, out var error), error);
        Assert.Equal(new ImageSize(width, height), size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x768")]
    [InlineData("1024x")]
    [InlineData("-5x10")]
    [InlineData("63x64")]
    [InlineData("64x4097")]
    [InlineData("1e3x100")]
    public void Rejects_malformed_or_out_of_range_sizes_with_a_reason(string text)
    {
        Assert.False(ImageSize.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
