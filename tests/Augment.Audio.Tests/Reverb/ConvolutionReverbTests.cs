using Augment.Audio.Tests.Dsp;

namespace Augment.Audio.Tests.Reverb;

public sealed class ConvolutionReverbTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AudioBuffer Buffer(int rate, params float[][] channels)
    {
        var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, rate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        return buffer;
    }

    [Fact]
    public void True_stereo_IR_routes_LL_LR_RL_RR_like_direct_convolution()
    {
        float[] left = Signals.Noise(3000, 1), right = Signals.Noise(3000, 2);
        var irs = new float[4][];
        for (var i = 0; i < 4; i++) irs[i] = ReverbSignals.DecayingNoise(900 + (37 * i), 10 + i, 250);
        // Pad to one length (the file layout): IR channels share a frame count.
        var length = 900 + (37 * 3);
        for (var i = 0; i < 4; i++) Array.Resize(ref irs[i], length);
        using var signal = Buffer(48000, left, right);
        using var ir = Buffer(48000, irs);
        var reverb = new ConvolutionReverb(ir, new ConvolutionReverbOptions { BlockSizeFrames = 256 });
        using var output = reverb.ApplyTo(signal, Ct);
        Assert.Equal(2, output.Channels);
        Assert.Equal(3000 + length - 1, output.Frames);
        var ll = ReverbSignals.Direct(left, irs[0]);
        var lr = ReverbSignals.Direct(left, irs[1]);
        var rl = ReverbSignals.Direct(right, irs[2]);
        var rr = ReverbSignals.Direct(right, irs[3]);
        var expectedLeft = new double[ll.Length];
        var expectedRight = new double[ll.Length];
        for (var i = 0; i < ll.Length; i++)
        {
            expectedLeft[i] = ll[i] + rl[i];
            expectedRight[i] = lr[i] + rr[i];
        }
        Assert.True(ReverbSignals.ErrorDb(expectedLeft, output.Channel(0)) < -100);
        Assert.True(ReverbSignals.ErrorDb(expectedRight, output.Channel(1)) < -100);
    }

    [Fact]
    public void Mono_IR_processes_each_channel_and_stereo_IR_makes_mono_stereo()
    {
        var x = Signals.Noise(2000, 3);
        float[] h0 = ReverbSignals.DecayingNoise(500, 4, 100), h1 = ReverbSignals.DecayingNoise(500, 5, 100);
        using var mono = Buffer(44100, x);
        using var irStereo = Buffer(44100, h0, h1);
        using var output = new ConvolutionReverb(irStereo).ApplyTo(mono, Ct);
        Assert.Equal(2, output.Channels);
        Assert.True(ReverbSignals.ErrorDb(ReverbSignals.Direct(x, h0), output.Channel(0)) < -100);
        Assert.True(ReverbSignals.ErrorDb(ReverbSignals.Direct(x, h1), output.Channel(1)) < -100);

        var y = Signals.Noise(2000, 6);
        using var stereo = Buffer(44100, x, y);
        using var irMono = Buffer(44100, h0);
        using var both = new ConvolutionReverb(irMono).ApplyTo(stereo, Ct);
        Assert.True(ReverbSignals.ErrorDb(ReverbSignals.Direct(y, h0), both.Channel(1)) < -100);
    }

    [Fact]
    public void Dry_wet_gains_and_pre_delay_mix_as_documented()
    {
        const int rate = 8000;
        var x = Signals.Noise(1000, 7);
        var h = ReverbSignals.DecayingNoise(300, 8, 80);
        using var signal = Buffer(rate, x);
        using var ir = Buffer(rate, h);
        var reverb = new ConvolutionReverb(ir).WithWetGain(-6).WithDryGain(-3).WithPreDelay(TimeSpan.FromMilliseconds(10));
        using var output = reverb.ApplyTo(signal, Ct);
        var delay = 80; // 10 ms at 8 kHz
        Assert.Equal(1000 + 300 + delay - 1, output.Frames);
        var wet = ReverbSignals.Direct(x, h);
        var expected = new double[output.Frames];
        double gw = Math.Pow(10, -6 / 20.0), gd = Math.Pow(10, -3 / 20.0);
        for (var i = 0; i < wet.Length; i++) expected[i + delay] += gw * wet[i];
        for (var i = 0; i < x.Length; i++) expected[i] += gd * x[i];
        Assert.True(ReverbSignals.ErrorDb(expected, output.Channel(0)) < -100);

        using var half = new ConvolutionReverb(ir).WithMix(0.25).ApplyTo(signal, Ct);
        Assert.Equal((0.75 * x[0]) + (0.25 * h[0] * x[0]), half.Channel(0)[0], 1e-5);
    }

    [Fact]
    public void Trimmed_tail_keeps_the_input_length()
    {
        using var signal = Buffer(16000, Signals.Noise(1234, 9));
        using var ir = Buffer(16000, ReverbSignals.DecayingNoise(2000, 10, 500));
        using var output = new ConvolutionReverb(ir).WithTrimmedTail().ApplyTo(signal, Ct);
        Assert.Equal(1234, output.Frames);
    }

    [Fact]
    public void Streaming_source_in_odd_reads_equals_the_buffer_result()
    {
        using var signal = Buffer(48000, Signals.Noise(7001, 11), Signals.Noise(7001, 12));
        using var ir = Buffer(48000, ReverbSignals.DecayingNoise(1500, 13, 300), ReverbSignals.DecayingNoise(1500, 14, 300));
        var reverb = new ConvolutionReverb(ir, new ConvolutionReverbOptions { BlockSizeFrames = 128 });
        using var whole = reverb.ApplyTo(signal, Ct);
        using var stage = reverb.ApplyTo(new AudioBufferSource(signal));
        Assert.Equal(whole.Frames, stage.LengthFrames);
        var got = new float[2][] { new float[whole.Frames], new float[whole.Frames] };
        var block = new float[2 * 333];
        var position = 0;
        int n;
        while ((n = stage.Read(block, 333)) > 0)
        {
            block.AsSpan(0, n).CopyTo(got[0].AsSpan(position));
            block.AsSpan(333, n).CopyTo(got[1].AsSpan(position));
            position += n;
        }
        Assert.Equal(whole.Frames, position);
        Assert.Equal(whole.Channel(0).ToArray(), got[0]);
        Assert.Equal(whole.Channel(1).ToArray(), got[1]);
    }

    [Theory]
    [InlineData(64, null)]
    [InlineData(256, 1024)]
    [InlineData(1024, 512)]
    public void Streaming_with_a_latency_equals_the_buffer_result_and_reads_only_latency_frames_ahead(int latency, int? blockSize)
    {
        using var signal = Buffer(48000, Signals.Noise(9001, 21), Signals.Noise(9001, 22));
        using var ir = Buffer(48000, ReverbSignals.DecayingNoise(5000, 23, 1200), ReverbSignals.DecayingNoise(5000, 24, 1200));
        var reverb = new ConvolutionReverb(ir, new ConvolutionReverbOptions { LatencyFrames = latency, BlockSizeFrames = blockSize, DryGainDb = -6 });
        using var whole = reverb.ApplyTo(signal, Ct);
        var inner = new CountingSource(new AudioBufferSource(signal));
        using var stage = reverb.ApplyTo(inner);
        Assert.Equal(whole.Frames, stage.LengthFrames);
        var got = new float[2][] { new float[whole.Frames], new float[whole.Frames] };
        var block = new float[2 * 101];
        var position = 0;
        int n;
        while ((n = stage.Read(block, 101)) > 0)
        {
            // The stage has pulled the frames it returned, rounded up to whole latency blocks, and no more.
            var expectedPulled = Math.Min(signal.Frames, ((position + n + latency - 1) / latency) * (long)latency);
            Assert.Equal(expectedPulled, inner.FramesRead);
            block.AsSpan(0, n).CopyTo(got[0].AsSpan(position));
            block.AsSpan(101, n).CopyTo(got[1].AsSpan(position));
            position += n;
        }
        Assert.Equal(whole.Frames, position);
        for (var c = 0; c < 2; c++)
        {
            var reference = Array.ConvertAll(whole.Channel(c).ToArray(), v => (double)v);
            var errorDb = ReverbSignals.ErrorDb(reference, got[c]);
            Assert.True(errorDb < -100, $"channel {c}: error {errorDb:0.0} dB");
        }
    }

    private sealed class CountingSource(IAudioSource inner) : IAudioSource
    {
        public long FramesRead { get; private set; }

        public AudioFormat Format => inner.Format;

        public long? LengthFrames => inner.LengthFrames;

        public int Read(Span<float> destination, int frames)
        {
            var n = inner.Read(destination, frames);
            FramesRead += n;
            return n;
        }

        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void IR_at_another_rate_is_resampled_keeping_its_DC_gain()
    {
        // A smooth low-pass IR (Hann window, DC gain 1) at 44.1 kHz applied to DC at 48 kHz gives 1.
        var h = new float[200];
        double sum = 0;
        for (var i = 0; i < h.Length; i++) sum += h[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 1) / (h.Length + 1))));
        for (var i = 0; i < h.Length; i++) h[i] = (float)(h[i] / sum);
        var dc = new float[4800];
        Array.Fill(dc, 0.5f);
        using var signal = Buffer(48000, dc);
        using var ir = Buffer(44100, h);
        using var output = new ConvolutionReverb(ir).ApplyTo(signal, Ct);
        Assert.Equal(0.5f, output.Channel(0)[2400], 2e-3f);
    }

    [Fact]
    public void NaN_in_the_IR_is_an_invalid_media_error_naming_the_frame()
    {
        var h = new float[100];
        h[0] = 1;
        h[42] = float.NaN;
        using var ir = Buffer(48000, h);
        var error = Assert.Throws<InvalidMediaException>(() => new ConvolutionReverb(ir));
        Assert.Contains("frame 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IR_longer_than_the_limit_is_a_resource_limit_error()
    {
        using var ir = Buffer(1000, new float[5000]);
        var reverb = new ConvolutionReverb(ir, new ConvolutionReverbOptions { MaxImpulseResponseDuration = TimeSpan.FromSeconds(4) });
        using var signal = Buffer(1000, new float[10]);
        Assert.Throws<ResourceLimitException>(() => reverb.ApplyTo(signal, Ct));
        // 2 s at 48 kHz needs about 1.6 MB of spectra, over a 1 MiB budget.
        using var longIr = Buffer(48000, new float[96000]);
        var tight = new ConvolutionReverb(longIr, new ConvolutionReverbOptions { Budget = new ComputeBudget { MaxMemoryBytes = 1 << 20 } });
        using var signal48 = Buffer(48000, new float[10]);
        Assert.Throws<ResourceLimitException>(() => tight.ApplyTo(signal48, Ct));
    }

    [Theory]
    [InlineData(1, 256)]
    [InlineData(4000, 512)]
    [InlineData(48000, 8192)]
    [InlineData(144000, 32768)]
    [InlineData(3_000_000, 32768)]
    public void Automatic_block_size_is_IR_length_over_8_as_a_power_of_two_from_256_to_32768(long irFrames, int expected) =>
        Assert.Equal(expected, ConvolutionReverbOptions.AutomaticBlockSizeFrames(irFrames));

    [Fact]
    public void A_cancelled_run_throws_operation_cancelled()
    {
        using var ir = Buffer(48000, ReverbSignals.DecayingNoise(500, 15, 100));
        using var signal = Buffer(48000, Signals.Noise(5000, 16), Signals.Noise(5000, 17));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new ConvolutionReverb(ir).ApplyTo(signal, cancelled.Token));
    }

    [Fact]
    public void Channel_layouts_that_do_not_fit_are_rejected()
    {
        using var ir = Buffer(48000, new float[10], new float[10], new float[10]);
        using var signal = Buffer(48000, new float[10], new float[10]);
        Assert.Throws<ArgumentException>(() => new ConvolutionReverb(ir).ApplyTo(signal, Ct));
    }

    [Fact]
    public void File_to_file_writes_the_reverberated_WAV_with_its_tail()
    {
        var folder = Directory.CreateTempSubdirectory("aug-reverb-");
        try
        {
            var dry = Path.Combine(folder.FullName, "dry.wav");
            var irPath = Path.Combine(folder.FullName, "ir.wav");
            var wet = Path.Combine(folder.FullName, "wet.wav");
            var x = Signals.Noise(4000, 20, 0.3f);
            var h = ReverbSignals.DecayingNoise(800, 21, 200);
            using (var s = Buffer(48000, x)) AudioFile.SaveWav(s, dry);
            using (var i = Buffer(48000, h)) AudioFile.SaveWav(i, irPath);
            var frames = ConvolutionReverb.FromFile(irPath).ApplyToFile(dry, wet, cancellationToken: Ct);
            Assert.Equal(4799, frames);
            using var output = AudioFile.Load(wet, cancellationToken: Ct);
            Assert.True(ReverbSignals.ErrorDb(ReverbSignals.Direct(x, h), output.Channel(0)) < -100);
            Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
