namespace Augment.Audio.Tests.Stretch;

/// <summary>Side by side with sox's WSOLA <c>tempo</c> and <c>pitch</c> effects on the same signals.</summary>
public sealed class PhaseVocoderVersusSoxTests
{
    private const int Rate = 16000;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public void Stretch_matches_sox_tempo_in_duration_and_pitch()
    {
        Sox.SkipWhenAbsent();
        const double factor = 1.5, hz = 440;
        var x = StretchSignals.Sine(Rate, Rate, hz);
        using var input = StretchSignals.Mono(x, Rate);
        using var ours = new PhaseVocoder().Stretch(input, factor, cancellationToken: TestContext.Current.CancellationToken);
        // sox's tempo factor is a speed: 1/factor makes the signal factor times longer.
        var sox = Sox.Process(x, Rate, "tempo", "-s", (1 / factor).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var oursHz = StretchSignals.PeakHz(ours.Channel(0)[(ours.Frames / 8)..(ours.Frames * 7 / 8)], Rate, hz * 0.9, hz * 1.1);
        var soxHz = StretchSignals.PeakHz(sox.AsSpan((sox.Length / 8)..(sox.Length * 7 / 8)), Rate, hz * 0.9, hz * 1.1);
        Log($"duration: ours {ours.Frames / (double)Rate:0.0000} s, sox {sox.Length / (double)Rate:0.0000} s; pitch: ours {oursHz:0.000} Hz, sox {soxHz:0.000} Hz");
        Assert.InRange(Math.Abs(ours.Frames - sox.Length) / (double)Rate, 0, 0.02);
        Assert.InRange(StretchSignals.Cents(oursHz, soxHz), -2, 2);
    }

    [Fact]
    public void Pitch_shift_matches_sox_pitch_in_duration_and_f0()
    {
        Sox.SkipWhenAbsent();
        const double semitones = 3, f0 = 196;
        var x = StretchSignals.HarmonicTone(Rate, Rate, f0);
        using var input = StretchSignals.Mono(x, Rate);
        using var ours = new PhaseVocoder().ShiftPitch(input, semitones, cancellationToken: TestContext.Current.CancellationToken);
        var sox = Sox.Process(x, Rate, "pitch", "300");
        var expected = f0 * Math.Pow(2, semitones / 12);
        var oursHz = StretchSignals.PeakHz(ours.Channel(0)[(ours.Frames / 8)..(ours.Frames * 7 / 8)], Rate, expected * 0.9, expected * 1.1);
        var soxHz = StretchSignals.PeakHz(sox.AsSpan((sox.Length / 8)..(sox.Length * 7 / 8)), Rate, expected * 0.9, expected * 1.1);
        Log($"duration: ours {ours.Frames / (double)Rate:0.0000} s, sox {sox.Length / (double)Rate:0.0000} s; f0: ours {oursHz:0.000} Hz, sox {soxHz:0.000} Hz (expected {expected:0.000})");
        Assert.InRange(Math.Abs(ours.Frames - sox.Length) / (double)Rate, 0, 0.02);
        Assert.InRange(StretchSignals.Cents(oursHz, soxHz), -5, 5);
        Assert.InRange(StretchSignals.Cents(oursHz, expected), -5, 5);
    }
}
