namespace Augment.Audio.Tests.Dsp;

public class BiquadTests
{
    private const int Rate = 48_000;

    public static TheoryData<string> Designs() => new() { "lowpass", "highpass", "bandpass", "notch", "allpass", "peaking", "lowshelf", "highshelf" };

    private static BiquadCoefficients Design(string name) => name switch
    {
        "lowpass" => BiquadCoefficients.LowPass(Rate, 1_000, 2.0),
        "highpass" => BiquadCoefficients.HighPass(Rate, 300, BiquadCoefficients.ButterworthQ),
        "bandpass" => BiquadCoefficients.BandPass(Rate, 2_000, 1.5),
        "notch" => BiquadCoefficients.Notch(Rate, 60, 4),
        "allpass" => BiquadCoefficients.AllPass(Rate, 5_000),
        "peaking" => BiquadCoefficients.Peaking(Rate, 3_000, 1.2, 9),
        "lowshelf" => BiquadCoefficients.LowShelf(Rate, 200, -6),
        "highshelf" => BiquadCoefficients.HighShelf(Rate, 8_000, 4.5),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void Measured_steady_state_sine_gain_equals_the_analytic_frequency_response(string design)
    {
        var coefficients = Design(design);
        foreach (var frequency in (double[])[40, 60, 200, 750, 1_000, 2_000, 3_000, 6_000, 8_000, 15_000, 21_000])
        {
            var x = Signals.Tones(Rate, Rate, [frequency], 0.5);
            var filter = new BiquadFilter(coefficients);
            filter.Process(x);
            // Skip the first half second: the transient of the sharpest design (the Q-4 notch at 60 Hz) has died by then.
            var measured = SineAmplitude(x.AsSpan(Rate / 2), frequency, Rate) / 0.5;
            var expected = coefficients.MagnitudeAt(frequency, Rate);
            Assert.True(Math.Abs(measured - expected) < 1e-5 + (1e-5 * expected), $"{design} at {frequency} Hz: measured {measured:g6}, analytic {expected:g6}");
        }
    }

    [Fact]
    public void Cookbook_designs_have_their_defining_gains()
    {
        // Low/high-pass: gain Q at the cutoff; band-pass: 0 dB at the centre; notch: zero at the centre;
        // peaking: gainDb at the centre; shelves: the full gain at DC/Nyquist and half of it (in dB) at the corner.
        Assert.Equal(2.0, BiquadCoefficients.LowPass(Rate, 1_000, 2.0).MagnitudeAt(1_000, Rate), 9);
        Assert.Equal(BiquadCoefficients.ButterworthQ, BiquadCoefficients.HighPass(Rate, 300).MagnitudeAt(300, Rate), 9);
        Assert.Equal(1.0, BiquadCoefficients.BandPass(Rate, 2_000, 1.5).MagnitudeAt(2_000, Rate), 9);
        Assert.Equal(0.0, BiquadCoefficients.Notch(Rate, 60, 4).MagnitudeAt(60, Rate), 9);
        Assert.Equal(9.0, BiquadCoefficients.Peaking(Rate, 3_000, 1.2, 9).GainDbAt(3_000, Rate), 9);
        Assert.Equal(-6.0, BiquadCoefficients.LowShelf(Rate, 200, -6).GainDbAt(1e-9, Rate), 6);
        Assert.Equal(-3.0, BiquadCoefficients.LowShelf(Rate, 200, -6).GainDbAt(200, Rate), 9);
        Assert.Equal(4.5, BiquadCoefficients.HighShelf(Rate, 8_000, 4.5).GainDbAt(Rate / 2.0, Rate), 6);
        Assert.Equal(2.25, BiquadCoefficients.HighShelf(Rate, 8_000, 4.5).GainDbAt(8_000, Rate), 9);
        Assert.Equal(1.0, BiquadCoefficients.AllPass(Rate, 5_000).MagnitudeAt(1_234, Rate), 9);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Transposed_form_II_matches_a_double_precision_direct_form_I_reference(string design)
    {
        var c = Design(design);
        var x = Signals.Noise(20_000, seed: 6, amplitude: 0.5f);
        var y = x.ToArray();
        new BiquadFilter(c).Process(y);
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var yn = (c.B0 * x[i]) + (c.B1 * x1) + (c.B2 * x2) - (c.A1 * y1) - (c.A2 * y2);
            (x2, x1, y2, y1) = (x1, x[i], y1, yn);
            Assert.True(Math.Abs(y[i] - yn) < 1e-6, $"sample {i}: {y[i]} vs {yn}");
        }
    }

    [Fact]
    public void Channels_keep_independent_state_across_blocks()
    {
        var c = BiquadCoefficients.LowPass(Rate, 500, 0.9);
        var left = Signals.Noise(3_000, seed: 1);
        var right = Signals.Noise(3_000, seed: 2);
        var expectedLeft = left.ToArray();
        var expectedRight = right.ToArray();
        new BiquadFilter(c).Process(expectedLeft);
        new BiquadFilter(c).Process(expectedRight);

        using var buffer = AudioBuffer.Create(2, 3_000, Rate);
        left.CopyTo(buffer.Channel(0));
        right.CopyTo(buffer.Channel(1));
        var stereo = new BiquadFilter(c, channels: 2);
        foreach (var (start, length) in ((int, int)[])[(0, 1), (1, 999), (1_000, 1_500), (2_500, 500)])
        {
            stereo.Process(buffer.Channel(1).Slice(start, length), 1);
            stereo.Process(buffer.Channel(0).Slice(start, length), 0);
        }
        Assert.Equal(expectedLeft, buffer.Channel(0).ToArray());
        Assert.Equal(expectedRight, buffer.Channel(1).ToArray());
    }

    [Fact]
    public void Bad_design_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BiquadCoefficients.LowPass(Rate, 24_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => BiquadCoefficients.LowPass(Rate, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BiquadCoefficients.Peaking(Rate, 1_000, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BiquadFilter(BiquadCoefficients.Identity).Process(new float[4], 1));
    }

    [Theory]
    [InlineData("lowpass", "lowpass=f=1000:width_type=q:width=2")]
    [InlineData("highpass", "highpass=f=300:width_type=q:width=0.7071067811865476")]
    [InlineData("bandpass", "bandpass=f=2000:width_type=q:width=1.5")]
    [InlineData("notch", "bandreject=f=60:width_type=q:width=4")]
    [InlineData("peaking", "equalizer=f=3000:width_type=q:width=1.2:g=9")]
    [InlineData("allpass", "allpass=f=5000:width_type=q:width=0.7071067811865476")]
    public void Output_matches_ffmpeg_biquad_filters(string design, string ffmpegFilter)
    {
        FfmpegAudio.SkipWhenAbsent();
        var x = Signals.Noise(9_600, seed: 31, amplitude: 0.25f);
        var expected = FfmpegAudio.Filter(x, Rate, ffmpegFilter);
        var y = x.ToArray();
        new BiquadFilter(Design(design)).Process(y);
        Assert.Equal(x.Length, expected.Length);
        for (var i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(y[i] - expected[i]) < 1e-6, $"sample {i}: {y[i]} vs ffmpeg {expected[i]}");
    }

    [Fact]
    public void Output_matches_ffmpeg_biquad_with_explicit_coefficients()
    {
        FfmpegAudio.SkipWhenAbsent();
        var c = BiquadCoefficients.LowShelf(Rate, 200, -6);
        var x = Signals.Noise(9_600, seed: 32, amplitude: 0.25f);
        var filter = FormattableString.Invariant($"biquad=b0={c.B0:R}:b1={c.B1:R}:b2={c.B2:R}:a0=1:a1={c.A1:R}:a2={c.A2:R}");
        var expected = FfmpegAudio.Filter(x, Rate, filter);
        new BiquadFilter(c).Process(x);
        for (var i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - expected[i]) < 1e-6, $"sample {i}: {x[i]} vs ffmpeg {expected[i]}");
    }

    /// <summary>Least-squares amplitude of a sine of known frequency: fit a·sin + b·cos in double.</summary>
    internal static double SineAmplitude(ReadOnlySpan<float> y, double frequency, int rate)
    {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var phase = 2 * Math.PI * frequency * i / rate;
            double s = Math.Sin(phase), c = Math.Cos(phase);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        var det = (ss * cc) - (sc * sc);
        var a = ((ys * cc) - (yc * sc)) / det;
        var b = ((yc * ss) - (ys * sc)) / det;
        return Math.Sqrt((a * a) + (b * b));
    }
}
