using System.CommandLine;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Augment.Audio;
using Augment.Cli.Commands;

namespace Augment.Cli.Tests.Commands;

/// <summary>
/// <c>augment credentials sign --watermark</c> on a WAV (audio watermark plus <c>c2pa.soft-binding</c>) and
/// <c>credentials verify --repository</c> on copies of it that lost the manifest: an MP3 made by ffmpeg's encoder, or a
/// fresh WAV of the samples.
/// </summary>
public class CredentialsAudioCommandTests
{
    private const string Payload = "a0d10c0ffee0beef";

    [Fact]
    public async Task Sign_wav_with_watermark_then_verify_recovers_an_ffmpeg_mp3_copy_from_the_repository()
    {
        Assert.SkipWhen(VideoTestClips.FfmpegPath is null, "ffmpeg is not installed (not found on PATH); the MP3 recovery check is skipped.");
        using var repository = new TempFolder();
        using var scratch = new TempFolder();
        var input = WriteMusic(scratch.File("voice.wav"), seconds: 12, sampleRate: 44_100, channels: 2);
        var signedPath = repository.File("voice-signed.wav");

        var signed = await RunAsync("credentials", "sign", "--cert", Fixture("certs/es256.pub"), "--key", Fixture("certs/es256.pem"), input,
            "--out", signedPath, "--watermark", Payload, "--source-type", "digitalCapture");
        var shown = await RunAsync("credentials", "show", signedPath);
        // A platform transcodes to MP3 at 128 kbit/s (ffmpeg's libmp3lame), which drops the RIFF C2PA chunk.
        var mp3 = scratch.File("voice.mp3");
        Ffmpeg("-i", signedPath, "-c:a", "libmp3lame", "-b:a", "128k", mp3);
        var plain = await RunAsync("credentials", "verify", mp3);
        var recovered = await RunAsync("credentials", "verify", mp3, "--repository", repository.Path, "--trust", Fixture("certs/es256.pub"), "--json");
        var table = await RunAsync("credentials", "verify", mp3, "--repository", repository.Path, "--trust", Fixture("certs/es256.pub"));

        Assert.True(signed.ExitCode == 0, signed.Error);
        Assert.Contains($"io.augment.watermark.audio.1 {Payload}", shown.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, plain.ExitCode);
        Assert.True(recovered.ExitCode == 0, recovered.Output + recovered.Error);
        using var json = JsonDocument.Parse(recovered.Output);
        Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
        var how = json.RootElement.GetProperty("recovered");
        Assert.Equal("io.augment.watermark.audio.1", how.GetProperty("soft_binding_alg").GetString());
        Assert.Equal(Payload, how.GetProperty("soft_binding_value").GetString());
        Assert.Equal(signedPath, how.GetProperty("source").GetString());
        var manifest = json.RootElement.GetProperty("manifests").GetProperty(json.RootElement.GetProperty("active_manifest").GetString()!);
        Assert.Equal(["c2pa.created", "c2pa.watermarked"], manifest.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Trusted", table.Output, StringComparison.Ordinal);
        Assert.Contains("recovered by soft binding io.augment.watermark.audio.1", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_wav_keeps_its_sample_format_and_a_fresh_wav_of_its_samples_is_recovered()
    {
        using var repository = new TempFolder();
        using var scratch = new TempFolder();
        var input = WriteMusic(scratch.File("voice.wav"), seconds: 10, sampleRate: 48_000, channels: 1);
        var signedPath = repository.File("voice-signed.wav");

        var signed = await RunAsync("credentials", "sign", "--cert", Fixture("certs/es256.pub"), "--key", Fixture("certs/es256.pem"), input,
            "--out", signedPath, "--watermark", Payload, "--watermark-key", "5eed");
        using (var reader = WavReader.Open(signedPath))
        {
            Assert.Equal(WavSampleFormat.Pcm16, reader.SampleFormat);
            Assert.Equal(10 * 48_000, reader.LengthFrames);
        }
        var stripped = scratch.File("stripped.wav");
        using (var samples = AudioFile.Load(signedPath, cancellationToken: TestContext.Current.CancellationToken))
            AudioFile.SaveWav(samples, stripped);
        var plain = await RunAsync("credentials", "verify", stripped);
        var wrongKey = await RunAsync("credentials", "verify", stripped, "--repository", repository.Path);
        var recovered = await RunAsync("credentials", "verify", stripped, "--repository", repository.Path, "--watermark-key", "5eed", "--json");

        Assert.True(signed.ExitCode == 0, signed.Error);
        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("NoManifest", plain.Output, StringComparison.Ordinal);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.True(recovered.ExitCode == 0, recovered.Output + recovered.Error);
        using var json = JsonDocument.Parse(recovered.Output);
        Assert.Equal("Valid", json.RootElement.GetProperty("validation_state").GetString());
        Assert.Equal("io.augment.watermark.audio.1", json.RootElement.GetProperty("recovered").GetProperty("soft_binding_alg").GetString());
    }

    [Fact]
    public async Task Watermark_on_too_short_a_wav_fails_naming_the_option_and_writes_nothing()
    {
        using var scratch = new TempFolder();
        var input = WriteMusic(scratch.File("short.wav"), seconds: 3, sampleRate: 48_000, channels: 1);
        var output = scratch.File("short-signed.wav");

        var result = await RunAsync("credentials", "sign", "--cert", Fixture("certs/es256.pub"), "--key", Fixture("certs/es256.pem"), input,
            "--out", output, "--watermark", Payload);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--watermark:", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>Music-like test sound (harmonic notes with decaying envelopes over a quiet noise bed), saved as 16-bit PCM WAV.</summary>
    private static string WriteMusic(string path, double seconds, int sampleRate, int channels)
    {
        var random = new Random(sampleRate + channels);
        var frames = (int)(seconds * sampleRate);
        using var audio = AudioBuffer.Create(channels, frames, sampleRate);
        var noteLength = sampleRate * 3 / 10;
        for (var start = 0; start < frames; start += noteLength)
        {
            var f0 = 196 * Math.Pow(2, random.Next(0, 24) / 12.0);
            for (var n = 0; n < noteLength && start + n < frames; n++)
            {
                var t = (double)n / sampleRate;
                double note = 0;
                for (var k = 1; k <= 10; k++)
                    note += Math.Sin(2 * Math.PI * f0 * k * t) / k;
                var sample = (float)((0.2 * Math.Exp(-4 * t) * note) + (0.01 * ((2 * random.NextDouble()) - 1)));
                for (var c = 0; c < channels; c++)
                    audio.Channel(c)[start + n] = sample;
            }
        }
        AudioFile.SaveWav(audio, path, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16 });
        return path;
    }

    private static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo(VideoTestClips.FfmpegPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {errors.Result}");
    }

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, widthColumns: 240);
        var root = new RootCommand { CredentialsCommand.Create(context) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private static string Fixture(string name, [CallerFilePath] string sourcePath = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Data", "c2pa", name);
        if (File.Exists(copied))
            return copied;
        var directory = Path.GetDirectoryName(sourcePath);
        while (directory is not null)
        {
            var candidate = Path.Combine(directory, "tests", "Augment.Provenance.Tests", "Data", "c2pa", name);
            if (File.Exists(candidate))
                return candidate;
            directory = Path.GetDirectoryName(directory);
        }
        throw new FileNotFoundException(name);
    }
}
