namespace Augment.Audio.Tests.Loudness;

/// <summary>Cross-checks with ffmpeg's ebur128 filter (peak=true) on synthetic music-like and speech-like files.</summary>
public sealed class LoudnessFfmpegTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-loudness-" + Guid.NewGuid().ToString("N"));

    public LoudnessFfmpegTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    public static TheoryData<string, int> Programmes => new() { { "music", 48000 }, { "music", 44100 }, { "speech", 48000 } };

    [Theory]
    [MemberData(nameof(Programmes))]
    public void Integrated_loudness_and_true_peak_agree_with_ffmpeg_ebur128(string kind, int rate)
    {
        Ffmpeg.SkipWhenAbsent();
        using var buffer = kind == "music" ? LoudnessSignals.MusicLike(rate, 20) : LoudnessSignals.SpeechLike(rate, 20);
        var path = Path.Combine(_folder, $"{kind}-{rate}.wav");
        buffer.SaveWav(path);

        var ours = LoudnessMeter.Measure(buffer);
        var reference = FfmpegEbur128.Measure(path);

        // ffmpeg prints one decimal, so ±0.05 of the 0.1 LU tolerance is its rounding.
        Assert.True(Math.Abs(ours.IntegratedLufs - reference.IntegratedLufs) <= 0.1, $"I {ours.IntegratedLufs:F3} vs ffmpeg {reference.IntegratedLufs}");
        Assert.True(Math.Abs(ours.TruePeakDbtp - reference.TruePeakDbtp) <= 0.2, $"TP {ours.TruePeakDbtp:F3} vs ffmpeg {reference.TruePeakDbtp}");
        Assert.True(Math.Abs(ours.RangeLu - reference.RangeLu) <= 1.0, $"LRA {ours.RangeLu:F2} vs ffmpeg {reference.RangeLu}");
        TestContext.Current.SendDiagnosticMessage($"{kind}@{rate}: I {ours.IntegratedLufs:F3} / {reference.IntegratedLufs}, TP {ours.TruePeakDbtp:F3} / {reference.TruePeakDbtp}, LRA {ours.RangeLu:F2} / {reference.RangeLu}");
    }
}
