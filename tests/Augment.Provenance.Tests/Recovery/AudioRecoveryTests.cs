using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Augment.Provenance.Tests.Signing;
using Augment.Provenance.Tests.Watermarks;
using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Recovery;

/// <summary>
/// Audio soft binding: a WAV marked with <see cref="AudioWatermark"/> and signed with the matching
/// <c>c2pa.soft-binding</c> is found again in a <see cref="FolderManifestRepository"/> from a copy that lost its
/// manifest (ffmpeg's MP3 at 128 kbit/s, or a fresh WAV of the signed file's samples).
/// </summary>
public sealed class AudioRecoveryTests
{
    private static readonly WatermarkPayload Payload = WatermarkPayload.FromHex("a0d10c0ffee0beef");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static LocalC2paSigner Es256() => LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));

    [Fact]
    public void Signed_wav_with_an_audio_soft_binding_is_recovered_trusted_from_an_mp3_copy()
    {
        Assert.SkipWhen(AudioWatermarkSignals.FfmpegPath is null, "ffmpeg is not installed (not found on PATH); the MP3 recovery check is skipped.");
        using var folder = new TempDirectory();
        using var signer = Es256();
        using var marked = MarkedMusic(out var signedPath, folder.Path, signer);
        // A platform transcodes the WAV to MP3 (dropping the RIFF C2PA chunk) and plays it back at 44.1 kHz.
        using var mp3 = AudioWatermarkSignals.ThroughFfmpeg(marked, ".mp3", 44_100, "-c:a", "libmp3lame", "-b:a", "128k");
        var repository = new FolderManifestRepository(folder.Path);

        var report = ContentCredentials.Recover(mp3, repository, Fixtures.Es256Anchors, cancellationToken: Token);

        Assert.Equal(1, repository.Count);
        Assert.True(report.IsRecovered);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal("io.augment.watermark.audio.1", report.RecoveredBy!.Algorithm);
        Assert.Equal("a0d10c0ffee0beef", report.RecoveredBy.ValueHex);
        Assert.Equal(signedPath, report.RecoveredFrom);
        Assert.Equal("voice-over.wav", report.ActiveManifest!.Title);
        Assert.Contains("recovered by soft binding", report.SummaryLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Fresh_wav_of_the_signed_files_samples_has_no_manifest_but_recovers_it()
    {
        using var folder = new TempDirectory();
        using var signer = Es256();
        using var marked = MarkedMusic(out var signedPath, folder.Path, signer);
        // Strip: the signed file's own data chunk, written into a WAV with nothing else in it.
        using var samples = FloatWavSamples(File.ReadAllBytes(signedPath), marked.Channels, marked.SampleRate);
        using var scratch = new TempDirectory();
        var stripped = Path.Combine(scratch.Path, "stripped.wav");
        AudioWatermarkSignals.WriteFloatWav(samples, stripped);

        var plain = ContentCredentials.Read(stripped, Fixtures.Es256Anchors);
        var report = ContentCredentials.Recover(samples, new FolderManifestRepository(folder.Path), Fixtures.Es256Anchors, cancellationToken: Token);

        Assert.Equal(CredentialsState.NoManifest, plain.State);
        Assert.True(report.IsRecovered);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(Payload.ToHex(), report.RecoveredBy!.ValueHex);
        Assert.Contains("assertion.dataHash.match", report.Results.Success.Select(s => s.Code));
    }

    [Fact]
    public void Unmarked_sound_a_wrong_key_or_an_image_binding_with_the_same_value_recover_nothing()
    {
        using var folder = new TempDirectory();
        using var signer = Es256();
        // The repository holds an image whose image-watermark soft binding has the same 8 bytes as the sound's payload.
        File.WriteAllBytes(Path.Combine(folder.Path, "still.jpg"), ContentCredential.For(Fixtures.Bytes("no_manifest.jpg"), "still.jpg")
            .Action(C2paActions.Created, DigitalSourceType.DigitalCapture).Watermark(Payload).Sign(signer));
        var repository = new FolderManifestRepository(folder.Path);
        using var plain = AudioWatermarkSignals.Music(10, 48_000, 1, seed: 5);
        using var marked = AudioWatermark.Embed(plain, Payload);

        var unmarked = ContentCredentials.Recover(plain, repository, cancellationToken: Token);
        var wrongKey = ContentCredentials.Recover(marked, repository, watermarkOptions: new AudioWatermarkOptions { Key = 0x1234 }, cancellationToken: Token);
        var otherAlgorithm = ContentCredentials.Recover(marked, repository, cancellationToken: Token);
        var asImage = ContentCredentials.Recover(new C2paSoftBinding(ImageWatermark.AlgorithmName, Payload.ToBytes()), repository, cancellationToken: Token);

        Assert.Equal(1, repository.Count);
        Assert.Equal(CredentialsState.NoManifest, unmarked.State);
        Assert.Equal(CredentialsState.NoManifest, wrongKey.State);
        Assert.False(otherAlgorithm.IsRecovered);
        Assert.Equal(CredentialsState.NoManifest, otherAlgorithm.State);
        Assert.True(asImage.IsRecovered);
    }

    [Fact]
    public void Fluent_audio_watermark_adds_the_audio_algorithms_soft_binding()
    {
        var credential = ContentCredential.For(ReadOnlyMemory<byte>.Empty, "take.wav").AudioWatermark(Payload);

        var binding = Assert.Single(credential.Definition.SoftBindings);
        Assert.Equal("io.augment.watermark.audio.1", binding.Algorithm);
        Assert.Equal(Convert.FromHexString("a0d10c0ffee0beef"), binding.Value.ToArray());
    }

    /// <summary>16 s of stereo music at 48 kHz, marked, written as a float WAV, signed with the fluent API into
    /// <paramref name="folder"/>/voice-over.wav; returns the marked samples.</summary>
    private static AudioBuffer MarkedMusic(out string signedPath, string folder, IC2paSigner signer)
    {
        using var original = AudioWatermarkSignals.Music(16, 48_000, 2, seed: 11);
        var marked = AudioWatermark.Embed(original, Payload);
        var unsigned = Path.Combine(folder, "unsigned.tmp");
        AudioWatermarkSignals.WriteFloatWav(marked, unsigned);
        signedPath = Path.Combine(folder, "voice-over.wav");
        ContentCredential.For(unsigned)
            .Title("voice-over.wav")
            .Action(C2paActions.Created, DigitalSourceType.DigitalCapture)
            .Action(C2paActions.Watermarked)
            .AudioWatermark(Payload)
            .SignTo(signedPath, signer);
        File.Delete(unsigned);
        return marked;
    }

    /// <summary>The samples of a 32-bit float WAV's <c>data</c> chunk, found by walking the RIFF chunks (an independent reader).</summary>
    private static AudioBuffer FloatWavSamples(byte[] wav, int channels, int sampleRate)
    {
        var position = 12;
        while (position + 8 <= wav.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(position + 4));
            if (wav.AsSpan(position, 4).SequenceEqual("data"u8))
                return AudioBuffer.FromInterleaved(MemoryMarshal.Cast<byte, float>(wav.AsSpan(position + 8, size)), channels, sampleRate);
            position += 8 + size + (size & 1);
        }
        throw new InvalidDataException("no data chunk");
    }
}
