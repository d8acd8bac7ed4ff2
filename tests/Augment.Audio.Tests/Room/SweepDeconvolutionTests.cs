using CsCheck;

namespace Augment.Audio.Tests.Room;

public class SweepDeconvolutionTests
{
    private const int Rate = 48000;
    private static readonly DeconvolutionOptions Raw = new() { Normalization = ImpulseResponseNormalization.None, TrimAtNoiseFloor = false, PreOnset = null };

    /// <summary>Direct impulse at frame 200 plus a band-limited decaying tail (RT60 0.25 s), all band-limited to the sweep's range.</summary>
    private static float[] KnownIr(double lengthSeconds, double highHz)
    {
        var tail = RoomSignals.DecayingNoise(0.25, lengthSeconds, Rate, 7, signsOnly: false);
        var h = new float[tail.Length];
        h[200] = 1;
        for (var i = 300; i < h.Length; i++) h[i] = 0.2f * tail[i - 300];
        return RoomSignals.BandLimit(h, Rate, 60, 120, highHz, highHz * 1.25);
    }

    [Fact]
    public void Fft_convolution_equals_naive_convolution()
    {
        var random = new Random(3);
        var x = new float[1000];
        var h = new float[301];
        for (var i = 0; i < x.Length; i++) x[i] = (float)RoomSignals.Gaussian(random);
        for (var i = 0; i < h.Length; i++) h[i] = (float)RoomSignals.Gaussian(random);
        var fast = SpectralMath.Convolve(x, h, ComputeBudget.Default);
        var naive = RoomSignals.NaiveConvolve(x, h);
        Assert.Equal(naive.Length, fast.Length);
        Assert.True(RoomSignals.ErrorDb(fast, naive) < -100);
    }

    [Fact]
    public void Fft_convolution_equals_naive_convolution_for_any_lengths()
    {
        var cases = from n in Gen.Int[1, 300]
                    from m in Gen.Int[1, 120]
                    from seed in Gen.Int[0, 1 << 20]
                    select (n, m, seed);
        cases.Sample(c =>
        {
            var random = new Random(c.seed);
            var x = new float[c.n];
            var h = new float[c.m];
            for (var i = 0; i < x.Length; i++) x[i] = (float)RoomSignals.Gaussian(random);
            for (var i = 0; i < h.Length; i++) h[i] = (float)RoomSignals.Gaussian(random);
            var fast = SpectralMath.Convolve(x, h, ComputeBudget.Default);
            var naive = RoomSignals.NaiveConvolve(x, h);
            Assert.Equal(naive.Length, fast.Length);
            Assert.True(RoomSignals.ErrorDb(fast, naive) < -100, $"n {c.n}, m {c.m}");
        }, iter: 200);
    }

    [Fact]
    public void Sweep_options_out_of_range_name_the_setting()
    {
        Assert.Equal("EndHz", Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialSweep.Generate(new SweepOptions { SampleRate = 16000, EndHz = 9000 })).ParamName);
        Assert.Equal("StartHz", Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialSweep.Generate(new SweepOptions { StartHz = 0 })).ParamName);
        Assert.Equal("FadeIn", Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialSweep.Generate(new SweepOptions { Duration = TimeSpan.FromSeconds(0.1), FadeIn = TimeSpan.FromSeconds(0.05) })).ParamName);
    }

    [Fact]
    public void Sweep_then_deconvolution_recovers_a_known_ir_with_error_below_minus_40_dB()
    {
        var options = new SweepOptions { StartHz = 20, EndHz = 22000, Duration = TimeSpan.FromSeconds(2), FadeIn = TimeSpan.FromMilliseconds(10), FadeOut = TimeSpan.FromMilliseconds(5) };
        using var sweep = ExponentialSweep.Generate(options);
        var ir = KnownIr(0.3, 14000);
        using var recording = RoomSignals.Mono(SpectralMath.Convolve(sweep.Channel(0), ir, ComputeBudget.Default), Rate);

        using var measured = SweepDeconvolution.Deconvolve(recording, sweep, Raw, cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(measured.Frames, ir.Length, ir.Length + 1); // the sweep's last sample is 0 (fade-out) and ignored
        var error = RoomSignals.ErrorDb(measured.Channel(0), ir);
        TestContext.Current.SendDiagnosticMessage($"clean error {error:0.0} dB");
        Assert.True(error < -40, $"error {error:0.0} dB");
    }

    [Fact]
    public void Noise_and_second_harmonic_distortion_still_leave_the_linear_ir_below_minus_40_dB()
    {
        // The 2nd harmonic must stay below Nyquist (end 10 kHz at 48 kHz); a 3 s sweep puts the harmonic's
        // response L·ln 2 = 0.33 s before t = 0, clear of the 0.2 s IR.
        var options = new SweepOptions { StartHz = 20, EndHz = 10000, Duration = TimeSpan.FromSeconds(3), FadeIn = TimeSpan.FromMilliseconds(10), FadeOut = TimeSpan.FromMilliseconds(5) };
        using var sweep = ExponentialSweep.Generate(options);
        var distorted = sweep.Channel(0).ToArray();
        for (var i = 0; i < distorted.Length; i++) distorted[i] += 0.1f * distorted[i] * distorted[i];
        var ir = KnownIr(0.2, 8000);
        var recorded = SpectralMath.Convolve(distorted, ir, ComputeBudget.Default);
        var random = new Random(11);
        for (var i = 0; i < recorded.Length; i++) recorded[i] += (float)(1e-4 * RoomSignals.Gaussian(random));
        using var recording = RoomSignals.Mono(recorded, Rate);

        using var measured = SweepDeconvolution.Deconvolve(recording, sweep, Raw, cancellationToken: TestContext.Current.CancellationToken);

        var error = RoomSignals.ErrorDb(measured.Channel(0), ir);
        TestContext.Current.SendDiagnosticMessage($"noisy distorted error {error:0.0} dB");
        Assert.True(error < -40, $"error {error:0.0} dB");
    }

    [Fact]
    public void Defaults_find_the_onset_trim_the_noise_and_normalise_the_peak_to_1()
    {
        var options = new SweepOptions { Duration = TimeSpan.FromSeconds(1), EndHz = 20000 };
        using var sweep = ExponentialSweep.Generate(options);
        var ir = new float[Rate];
        var tail = RoomSignals.DecayingNoise(0.3, 0.9, Rate, 5, signsOnly: false);
        ir[1000] = 1;
        for (var i = 0; i < tail.Length; i++) ir[1100 + i] += 0.1f * tail[i];
        var recorded = SpectralMath.Convolve(sweep.Channel(0), ir, ComputeBudget.Default);
        var random = new Random(2);
        for (var i = 0; i < recorded.Length; i++) recorded[i] += (float)(1e-4 * RoomSignals.Gaussian(random));
        using var recording = RoomSignals.Mono(recorded, Rate);

        using var measured = SweepDeconvolution.Deconvolve(recording, sweep, cancellationToken: TestContext.Current.CancellationToken);

        var (onset, peak) = DecayKernels.FindOnset(measured.Channel(0));
        Assert.Equal(96, onset); // 2 ms kept before the direct sound
        Assert.InRange(peak, 96, 100); // band-limiting rings a few samples ahead of the peak
        Assert.Equal(1f, Math.Abs(measured.Channel(0)[peak]), 1e-6f);
        // Noise at −80 dB re the direct sound, tail starting at −20 dB: the decay meets it ~60 dB down, i.e. ~0.3 s in.
        Assert.InRange(measured.Frames, (int)(0.2 * Rate), (int)(0.6 * Rate));
    }

    [Fact]
    public void Sweep_longer_than_the_recording_is_an_InvalidMediaException()
    {
        using var sweep = ExponentialSweep.Generate(new SweepOptions { Duration = TimeSpan.FromSeconds(1) });
        using var recording = RoomSignals.Mono(sweep.Channel(0)[..1000], Rate);
        var error = Assert.Throws<InvalidMediaException>(() => SweepDeconvolution.Deconvolve(recording, sweep, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("longer than the recording", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silent_recording_and_noise_without_a_sweep_are_InvalidMediaExceptions()
    {
        using var sweep = ExponentialSweep.Generate(new SweepOptions { Duration = TimeSpan.FromSeconds(0.5) });
        using var silent = AudioBuffer.Create(1, Rate, Rate);
        Assert.Contains("silent", Assert.Throws<InvalidMediaException>(() => SweepDeconvolution.Deconvolve(silent, sweep, cancellationToken: TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
        var random = new Random(4);
        using var noise = AudioBuffer.Create(1, Rate, Rate);
        for (var i = 0; i < Rate; i++) noise.Channel(0)[i] = (float)(0.1 * RoomSignals.Gaussian(random));
        Assert.Contains("no impulse response", Assert.Throws<InvalidMediaException>(() => SweepDeconvolution.Deconvolve(noise, sweep, cancellationToken: TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Buffers_over_the_memory_budget_are_a_ResourceLimitException()
    {
        using var sweep = ExponentialSweep.Generate(new SweepOptions { Duration = TimeSpan.FromSeconds(2) });
        using var recording = RoomSignals.Mono(sweep.Channel(0), Rate);
        var tight = new DeconvolutionOptions { Budget = new ComputeBudget { MaxMemoryBytes = 1L << 20 } };
        Assert.Throws<ResourceLimitException>(() => SweepDeconvolution.Deconvolve(recording, sweep, tight, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ResourceLimitException>(() => RoomSynthesizer.Synthesize(new RoomSynthesisOptions { Rt60Seconds = [2, 2, 2, 2, 2, 2, 2], Budget = new ComputeBudget { MaxMemoryBytes = 1L << 20 } }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Deconvolution_reports_progress_per_channel_and_honours_cancellation()
    {
        using var sweep = ExponentialSweep.Generate(new SweepOptions { Duration = TimeSpan.FromSeconds(0.5) });
        using var recording = AudioBuffer.Create(2, sweep.Frames + 4800, Rate);
        sweep.Channel(0).CopyTo(recording.Channel(0));
        sweep.Channel(0).CopyTo(recording.Channel(1)[100..]);
        var reports = new List<AugmentProgress>();
        using var ir = SweepDeconvolution.Deconvolve(recording, sweep, progress: new Collect(reports), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, ir.Channels);
        Assert.Equal(2, reports[^1].ItemsDone);
        // Inter-channel timing survives: one common onset.
        Assert.Equal(DecayKernels.FindOnset(ir.Channel(0)).Peak + 100, DecayKernels.FindOnset(ir.Channel(1)).Peak);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SweepDeconvolution.Deconvolve(recording, sweep, cancellationToken: cancelled.Token));
    }

    private sealed class Collect(List<AugmentProgress> reports) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => reports.Add(value);
    }

    [Fact]
    public void Rates_that_differ_are_an_ArgumentException()
    {
        using var sweep = ExponentialSweep.Generate(new SweepOptions { Duration = TimeSpan.FromSeconds(0.5) });
        using var recording = AudioBuffer.Create(1, Rate, 44100);
        Assert.Throws<ArgumentException>(() => SweepDeconvolution.Deconvolve(recording, sweep, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Sweep_has_the_requested_length_level_and_instantaneous_frequency()
    {
        var options = new SweepOptions { StartHz = 100, EndHz = 10000, Duration = TimeSpan.FromSeconds(1), SilenceTail = TimeSpan.FromSeconds(0.5), LevelDbfs = -6 };
        using var sweep = ExponentialSweep.Generate(options);
        Assert.Equal(72000, sweep.Frames);
        var x = sweep.Channel(0);
        var peak = 0f;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        Assert.Equal(Math.Pow(10, -6 / 20.0), peak, 1e-3);
        Assert.All(x[48000..].ToArray(), v => Assert.Equal(0f, v));
        // Zero crossings around the middle: f(t) = f1·(f2/f1)^(t/T) = 1 kHz at t = 0.5 s.
        var crossings = 0;
        for (var i = 24000 - 480; i < 24000 + 480; i++)
            if (Math.Sign(x[i]) != Math.Sign(x[i + 1])) crossings++;
        Assert.InRange(crossings / 2.0 / 0.02, 950, 1050);
    }

    [Fact]
    public void Farina_inverse_filter_turns_the_sweep_into_a_peak_at_the_sweep_length()
    {
        var options = new SweepOptions { StartHz = 50, EndHz = 20000, Duration = TimeSpan.FromSeconds(0.5) };
        using var sweep = ExponentialSweep.Generate(options);
        using var inverse = ExponentialSweep.InverseFilter(options);
        var pulse = SpectralMath.Convolve(sweep.Channel(0), inverse.Channel(0), ComputeBudget.Default);
        var (_, peak) = DecayKernels.FindOnset(pulse);
        Assert.InRange(peak, sweep.Frames - 3, sweep.Frames + 1);
        // Energy concentrates around the peak: ±2 ms hold > 90 %.
        var near = DecayKernels.Energy(pulse.AsSpan(peak - 96, 192));
        var share = near / DecayKernels.Energy(pulse);
        Assert.True(share > 0.9, $"{share:0.000} of the energy within 2 ms");
    }
}
