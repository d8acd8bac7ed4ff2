using System.CommandLine;
using System.Text.Json;
using Augment.Cli.Commands;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

/// <summary><c>augment watermark embed|detect</c> on generated PNG scenes, the marked copy saved as JPEG.</summary>
public class WatermarkCommandTests
{
    [Fact]
    public async Task Embed_to_jpeg_then_detect_json_recovers_the_payload_and_exits_0()
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.png"), 640, 480);
        var marked = folder.File("marked.jpg");

        var embedded = await RunAsync("watermark", "embed", input, "--payload", "00c0ffee12345678", "--out", marked, "--quality", "75");
        var detected = await RunAsync("watermark", "detect", marked, "--json");

        Assert.Equal(0, embedded.ExitCode);
        Assert.Contains("PSNR", embedded.Output, StringComparison.Ordinal);
        Assert.Equal(0, detected.ExitCode);
        using var json = JsonDocument.Parse(detected.Output);
        Assert.True(json.RootElement.GetProperty("found").GetBoolean());
        Assert.Equal("00c0ffee12345678", json.RootElement.GetProperty("payload").GetString());
        Assert.Equal("io.augment.watermark.image.1", json.RootElement.GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Detect_with_another_key_or_on_an_unmarked_image_exits_1()
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.png"), 400, 300);
        var marked = folder.File("marked.png");
        await RunAsync("watermark", "embed", input, "--payload", "1", "--out", marked, "--key", "abc123");

        var sameKey = await RunAsync("watermark", "detect", marked, "--key", "abc123");
        var otherKey = await RunAsync("watermark", "detect", marked, "--key", "abc124");
        var unmarked = await RunAsync("watermark", "detect", input, "--key", "abc123");

        Assert.Equal(0, sameKey.ExitCode);
        Assert.Contains("watermark 0000000000000001", sameKey.Output, StringComparison.Ordinal);
        Assert.Equal(1, otherKey.ExitCode);
        Assert.Equal(1, unmarked.ExitCode);
        Assert.Contains("no watermark found", unmarked.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--payload", "not-hex")]
    [InlineData("--payload", "123456789abcdef01")]
    [InlineData("--key", "xyz")]
    public async Task A_bad_payload_or_key_fails_naming_the_option_and_writes_nothing(string option, string value)
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.png"), 128, 96);
        string[] args = option == "--payload"
            ? ["watermark", "embed", input, "--payload", value, "--out", folder.File("out.png")]
            : ["watermark", "embed", input, "--payload", "ff", "--key", value, "--out", folder.File("out.png")];

        var result = await RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(option + ":", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    private static string WriteScene(string path, int width, int height)
    {
        var random = new Random(width * 31 + height);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var grain = (random.NextDouble() - 0.5) * 0.05;
                pixels[i] = ToByte(0.5 + (0.3 * Math.Sin(x * 0.021) * Math.Cos(y * 0.017)) + grain);
                pixels[i + 1] = ToByte(0.45 + (0.25 * Math.Sin((x + y) * 0.013)) + grain);
                pixels[i + 2] = ToByte(0.35 + (0.2 * Math.Cos((x * 0.011) - (y * 0.027))) + grain);
            }
        }
        using var frame = ImageFrame.FromPixels(pixels, width, height, PixelLayout.Rgb);
        frame.Save(path);
        return path;
    }

    private static byte ToByte(double value) => (byte)Math.Round(Math.Clamp(value, 0, 1) * 255);

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, widthColumns: 240);
        // The verbs on their own root, so that these tests do not depend on CliApp's verb list.
        var root = new RootCommand { WatermarkCommand.Create(context) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
