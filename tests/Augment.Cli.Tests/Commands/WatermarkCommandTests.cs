using System.CommandLine;
using System.Text.Json;
using Augment.Audio;
using Augment.Cli.Commands;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

/// <summary><c>augment watermark embed|detect</c> on generated PNG scenes (the marked copy saved as JPEG) and generated WAV music.</summary>
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
        Assert.Equal("image", json.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Embed_into_a_wav_then_detect_json_recovers_the_payload_as_audio()
    {
        using var folder = new TempFolder();
        var input = CredentialsCli.WriteMusic(folder.File("music.wav"), seconds: 12, sampleRate: 44_100, channels: 2);
        var marked = folder.File("marked.wav");

        var embedded = await RunAsync("watermark", "embed", input, "--payload", "00c0ffee12345678", "--out", marked);
        var detected = await RunAsync("watermark", "detect", marked, "--json");

        Assert.Equal(0, embedded.ExitCode);
        Assert.Contains("SNR", embedded.Output, StringComparison.Ordinal);
        Assert.Equal(0, detected.ExitCode);
        using var json = JsonDocument.Parse(detected.Output);
        Assert.True(json.RootElement.GetProperty("found").GetBoolean());
        Assert.Equal("00c0ffee12345678", json.RootElement.GetProperty("payload").GetString());
        Assert.Equal("io.augment.watermark.audio.1", json.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal("audio", json.RootElement.GetProperty("kind").GetString());
        using var written = AudioFile.Load(marked, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(44_100, written.SampleRate);
        Assert.Equal(2, written.Channels);
        Assert.Equal(12 * 44_100, written.Frames);
    }

    [Fact]
    public async Task Audio_detect_with_another_key_or_on_unmarked_sound_exits_1()
    {
        using var folder = new TempFolder();
        var input = CredentialsCli.WriteMusic(folder.File("music.wav"), seconds: 10, sampleRate: 48_000, channels: 1);
        var marked = folder.File("marked.wav");
        await RunAsync("watermark", "embed", input, "--payload", "1", "--out", marked, "--key", "abc123");

        var sameKey = await RunAsync("watermark", "detect", marked, "--key", "abc123");
        var otherKey = await RunAsync("watermark", "detect", marked, "--key", "abc124");
        var unmarked = await RunAsync("watermark", "detect", input, "--key", "abc123");

        Assert.Equal(0, sameKey.ExitCode);
        Assert.Contains("watermark 0000000000000001 (io.augment.watermark.audio.1)", sameKey.Output, StringComparison.Ordinal);
        Assert.Equal(1, otherKey.ExitCode);
        Assert.Equal(1, unmarked.ExitCode);
        Assert.Contains("no watermark found", unmarked.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marked_sound_must_be_written_as_wav_and_too_short_sound_is_refused()
    {
        using var folder = new TempFolder();
        var input = CredentialsCli.WriteMusic(folder.File("music.wav"), seconds: 10, sampleRate: 48_000, channels: 1);
        var shortInput = CredentialsCli.WriteMusic(folder.File("short.wav"), seconds: 3, sampleRate: 48_000, channels: 1);

        var mp3 = await RunAsync("watermark", "embed", input, "--payload", "ff", "--out", folder.File("out.mp3"));
        var tooShort = await RunAsync("watermark", "embed", shortInput, "--payload", "ff", "--out", folder.File("short-out.wav"));

        Assert.NotEqual(0, mp3.ExitCode);
        Assert.Contains("--out:", mp3.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.mp3")));
        Assert.NotEqual(0, tooShort.ExitCode);
        Assert.False(File.Exists(folder.File("short-out.wav")));
    }

    [Fact]
    public async Task Strength_sets_the_audio_mark_level_and_a_value_outside_minus_40_to_minus_6_fails_naming_the_option()
    {
        using var folder = new TempFolder();
        var input = CredentialsCli.WriteMusic(folder.File("music.wav"), seconds: 10, sampleRate: 48_000, channels: 1);

        var weak = await RunAsync("watermark", "embed", input, "--payload", "ff", "--out", folder.File("weak.wav"), "--strength", "-20");
        var strong = await RunAsync("watermark", "embed", input, "--payload", "ff", "--out", folder.File("strong.wav"), "--strength", "-10");
        var bad = await RunAsync("watermark", "embed", input, "--payload", "ff", "--out", folder.File("bad.wav"), "--strength", "-3");

        Assert.Equal(0, weak.ExitCode);
        Assert.Equal(0, strong.ExitCode);
        Assert.True(Snr(weak.Output) > Snr(strong.Output) + 5, weak.Output + strong.Output);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--strength:", bad.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("bad.wav")));
    }

    private static double Snr(string line)
    {
        var at = line.IndexOf("SNR ", StringComparison.Ordinal) + 4;
        return double.Parse(line[at..line.IndexOf(" dB", at, StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
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
