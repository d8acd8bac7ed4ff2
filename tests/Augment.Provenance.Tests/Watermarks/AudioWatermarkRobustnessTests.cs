using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>
/// The audio rows of the robustness table: marked 20 s clips at 48 kHz go through ffmpeg (libmp3lame at 128 kbit/s,
/// its resampler to 44.1 kHz, the EBU R128 <c>loudnorm</c> filter) and back; each must give back the full payload.
/// Skipped with a printed reason when ffmpeg (or its MP3 encoder) is absent.
/// </summary>
public sealed class AudioWatermarkRobustnessTests
{
    private static readonly WatermarkPayload Payload = new(0xC2BA_5EED_0BAD_F00DUL);

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var kind in (string[])["music", "speech"])
            {
                foreach (var attack in (string[])["mp3-128k", "resample-44.1k", "loudnorm", "mp3-128k+crop-10s"])
                    data.Add(kind, attack);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Full_payload_survives_ffmpeg(string kind, string attack)
    {
        Assert.SkipWhen(AudioWatermarkSignals.FfmpegPath is null, "ffmpeg is not installed (not found on PATH); the ffmpeg robustness check is skipped.");
        using var original = AudioWatermarkTests.Make(kind, 20, 48_000, 2, seed: 1);
        using var marked = AudioWatermark.Embed(original, Payload);

        using var attacked = Apply(marked, attack);
        var detection = AudioWatermark.Detect(attacked, null, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"| {kind} | {attack} | {detection.Found} | {detection.BitConfidence:P1} | {detection.SyncScore:F1} |");
        Assert.True(detection.Found, detection.ToString());
        Assert.Equal(Payload, detection.Payload);
    }

    private static AudioBuffer Apply(AudioBuffer marked, string attack)
    {
        switch (attack)
        {
            case "mp3-128k":
                return AudioWatermarkSignals.ThroughFfmpeg(marked, ".mp3", 48_000, "-c:a", "libmp3lame", "-b:a", "128k");
            case "resample-44.1k":
                return AudioWatermarkSignals.ThroughFfmpeg(marked, ".wav", 44_100, "-af", "aresample=44100", "-c:a", "pcm_s16le");
            case "loudnorm":
                // loudnorm works at 192 kHz internally; ask for 48 kHz back, as a platform's normaliser would.
                return AudioWatermarkSignals.ThroughFfmpeg(marked, ".wav", 48_000, "-af", "loudnorm=I=-16:TP=-1.5:LRA=11", "-ar", "48000", "-c:a", "pcm_s16le");
            default:
                using (var excerpt = AudioWatermarkSignals.Crop(marked, 161_803, 10 * 48_000))
                    return AudioWatermarkSignals.ThroughFfmpeg(excerpt, ".mp3", 44_100, "-c:a", "libmp3lame", "-b:a", "128k");
        }
    }
}
