using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

/// <summary>
/// <c>augment credentials sign --watermark</c> on a WAV (audio watermark plus <c>c2pa.soft-binding</c>) and
/// <c>credentials verify --repository</c> on copies of it that lost the manifest: an MP3 made by ffmpeg's encoder, or a
/// fresh WAV of the samples.
/// </summary>
public class CredentialsAudioCommandTests
{
    private const string Payload = "a0d10c0ffee0beef";

    // 16-bit PCM input, so the tests see the signed WAV keep its sample format.
    private static readonly WavWriteOptions Pcm16 = new() { SampleFormat = WavSampleFormat.Pcm16 };

    [Fact]
    public async Task Sign_wav_with_watermark_then_verify_recovers_an_ffmpeg_mp3_copy_from_the_repository()
    {
        Assert.SkipWhen(VideoTestClips.FfmpegPath is null, "ffmpeg is not installed (not found on PATH); the MP3 recovery check is skipped.");
        using var repository = new TempFolder();
        using var scratch = new TempFolder();
        var input = CredentialsCli.WriteMusic(scratch.File("voice.wav"), seconds: 12, sampleRate: 44_100, channels: 2, Pcm16);
        var signedPath = repository.File("voice-signed.wav");

        var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), input,
            "--out", signedPath, "--watermark", Payload, "--source-type", "digitalCapture");
        var shown = await CredentialsCli.RunAsync("credentials", "show", signedPath);
        // A platform transcodes to MP3 at 128 kbit/s (ffmpeg's libmp3lame), which drops the RIFF C2PA chunk.
        var mp3 = scratch.File("voice.mp3");
        VideoTestClips.Ffmpeg("-i", signedPath, "-c:a", "libmp3lame", "-b:a", "128k", mp3);
        var plain = await CredentialsCli.RunAsync("credentials", "verify", mp3);
        var recovered = await CredentialsCli.RunAsync("credentials", "verify", mp3, "--repository", repository.Path, "--trust", CredentialsCli.Fixture("certs/es256.pub"), "--json");
        var table = await CredentialsCli.RunAsync("credentials", "verify", mp3, "--repository", repository.Path, "--trust", CredentialsCli.Fixture("certs/es256.pub"));

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
        var input = CredentialsCli.WriteMusic(scratch.File("voice.wav"), seconds: 10, sampleRate: 48_000, channels: 1, Pcm16);
        var signedPath = repository.File("voice-signed.wav");

        var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), input,
            "--out", signedPath, "--watermark", Payload, "--watermark-key", "5eed");
        using (var reader = WavReader.Open(signedPath))
        {
            Assert.Equal(WavSampleFormat.Pcm16, reader.SampleFormat);
            Assert.Equal(10 * 48_000, reader.LengthFrames);
        }
        var stripped = scratch.File("stripped.wav");
        using (var samples = AudioFile.Load(signedPath, cancellationToken: TestContext.Current.CancellationToken))
            AudioFile.SaveWav(samples, stripped);
        var plain = await CredentialsCli.RunAsync("credentials", "verify", stripped);
        var wrongKey = await CredentialsCli.RunAsync("credentials", "verify", stripped, "--repository", repository.Path);
        var recovered = await CredentialsCli.RunAsync("credentials", "verify", stripped, "--repository", repository.Path, "--watermark-key", "5eed", "--json");

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
        var input = CredentialsCli.WriteMusic(scratch.File("short.wav"), seconds: 3, sampleRate: 48_000, channels: 1, Pcm16);
        var output = scratch.File("short-signed.wav");

        var result = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), input,
            "--out", output, "--watermark", Payload);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--watermark:", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
