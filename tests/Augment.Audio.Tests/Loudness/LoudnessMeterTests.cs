namespace Augment.Audio.Tests.Loudness;

/// <summary>EBU Tech 3341 / 3342 minimum test cases, generated per the spec (1 kHz sines, 48 kHz), and sanity checks.</summary>
public class LoudnessMeterTests
{
    private const int Rate = 48000;

    private static LoudnessResult Stereo(params (double Dbfs, double Seconds)[] segments)
    {
        using var buffer = LoudnessSignals.SineSegments(2, Rate, segments);
        return LoudnessMeter.Measure(buffer);
    }

    [Fact]
    public void EBU_3341_case_1_stereo_minus_23_dBFS_reads_minus_23_LUFS_momentary_short_term_and_integrated()
    {
        var result = Stereo((-23, 20));
        Assert.Equal(-23.0, result.IntegratedLufs, 0.1);
        Assert.Equal(-23.0, result.MomentaryMaxLufs, 0.1);
        Assert.Equal(-23.0, result.ShortTermMaxLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_2_stereo_minus_33_dBFS_reads_minus_33_LUFS()
    {
        var result = Stereo((-33, 20));
        Assert.Equal(-33.0, result.IntegratedLufs, 0.1);
        Assert.Equal(-33.0, result.MomentaryMaxLufs, 0.1);
        Assert.Equal(-33.0, result.ShortTermMaxLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_3_relative_gate_removes_the_quiet_parts()
    {
        Assert.Equal(-23.0, Stereo((-36, 10), (-23, 60), (-36, 10)).IntegratedLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_4_absolute_and_relative_gates()
    {
        Assert.Equal(-23.0, Stereo((-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)).IntegratedLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_5_reads_minus_23_LUFS()
    {
        Assert.Equal(-23.0, Stereo((-26, 20), (-20, 20.1), (-26, 20)).IntegratedLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_6_five_channel_surround_weights_from_the_channel_count()
    {
        using var buffer = LoudnessSignals.SinePerChannel(Rate, 20, -28, -28, -24, -30, -30);
        Assert.Equal(-23.0, LoudnessMeter.Measure(buffer).IntegratedLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_6_with_a_5_0_channel_mask()
    {
        using var buffer = LoudnessSignals.SinePerChannel(Rate, 20, -28, -28, -24, -30, -30);
        var mask = Speakers.FrontLeft | Speakers.FrontRight | Speakers.FrontCenter | Speakers.SideLeft | Speakers.SideRight;
        Assert.Equal(-23.0, LoudnessMeter.Measure(buffer, mask).IntegratedLufs, 0.1);
    }

    [Fact]
    public void EBU_3341_case_9_short_term_stays_at_minus_23_LUFS_after_the_first_3_s()
    {
        var segments = new List<(double, double)>();
        for (var i = 0; i < 5; i++) { segments.Add((-20, 1.34)); segments.Add((-30, 1.66)); }
        var result = Stereo([.. segments]);

        var checkedPoints = 0;
        foreach (var point in result.Series)
        {
            if (double.IsNaN(point.ShortTermLufs)) continue;
            Assert.True(Math.Abs(point.ShortTermLufs + 23.0) <= 0.1, $"S = {point.ShortTermLufs:F3} at {point.Time}");
            checkedPoints++;
        }
        Assert.True(checkedPoints >= 100);
    }

    [Theory]
    [InlineData(-20, -30, 10)]
    [InlineData(-20, -15, 5)]
    [InlineData(-40, -20, 20)]
    public void EBU_3342_cases_1_to_3_loudness_range(double first, double second, double expectedLu)
    {
        Assert.Equal(expectedLu, Stereo((first, 20), (second, 20)).RangeLu, 1.0);
    }

    [Fact]
    public void EBU_3342_case_4_loudness_range_is_15_LU()
    {
        Assert.Equal(15.0, Stereo((-50, 20), (-35, 20), (-20, 20), (-35, 20), (-50, 20)).RangeLu, 1.0);
    }

    [Theory]
    [InlineData(48000, -6.0)]
    [InlineData(44100, -18.0)]
    [InlineData(44100, -30.0)]
    public void A_stereo_1_kHz_sine_at_X_dBFS_reads_X_LUFS(int rate, double dbfs)
    {
        using var buffer = LoudnessSignals.SineSegments(2, rate, (dbfs, 5));
        var result = LoudnessMeter.Measure(buffer);
        Assert.Equal(dbfs, result.IntegratedLufs, 0.05);
        Assert.Equal(dbfs, result.SamplePeakDbfs, 0.01);
    }

    [Fact]
    public void A_full_scale_sine_on_one_channel_reads_minus_3_01_LUFS()
    {
        using var buffer = LoudnessSignals.SinePerChannel(Rate, 5, 0.0, -200.0);
        Assert.Equal(-3.01, LoudnessMeter.Measure(buffer).IntegratedLufs, 0.05);
    }

    [Fact]
    public void LFE_is_left_out_of_5_1_loudness_but_not_out_of_the_peaks()
    {
        using var withLfe = LoudnessSignals.SinePerChannel(Rate, 5, -23, -23, -200, -3, -200, -200);
        var result = LoudnessMeter.Measure(withLfe, Speakers.Surround51);
        Assert.Equal(-23.0, result.IntegratedLufs, 0.05);
        Assert.Equal(-3.0, result.SamplePeakDbfs, 0.01);
    }

    [Fact]
    public void Silence_and_audio_shorter_than_a_block_read_minus_infinity()
    {
        using var silence = AudioBuffer.Create(2, Rate * 2, Rate);
        Assert.Equal(double.NegativeInfinity, LoudnessMeter.Measure(silence).IntegratedLufs);
        using var tiny = LoudnessSignals.SineSegments(2, Rate, (-10, 0.2));
        var result = LoudnessMeter.Measure(tiny);
        Assert.Equal(double.NegativeInfinity, result.IntegratedLufs);
        Assert.Equal(-10.0, result.SamplePeakDbfs, 0.01);
    }

    [Fact]
    public void Fs_over_4_sine_at_45_degrees_has_a_true_peak_3_dB_over_its_sample_peak()
    {
        // sin(π n / 2 + π / 4): every sample is ±0.7071 (-3.01 dBFS); the waveform between them reaches 1.0 (0 dBTP).
        const int n = Rate;
        using var buffer = AudioBuffer.Create(1, n, Rate);
        var x = buffer.Channel(0);
        for (var i = 0; i < n; i++) x[i] = (float)Math.Sin(Math.PI * i / 2 + Math.PI / 4);

        var result = LoudnessMeter.Measure(buffer);

        Assert.Equal(-3.01, result.SamplePeakDbfs, 0.01);
        // The Annex 2 half-sample phase gains about +0.2 dB near fs/4 (its ripple); Tech 3341 allows +0.2/-0.4 dB.
        Assert.Equal(0.0, result.TruePeakDbtp, 0.15);
    }

    [Fact]
    public void Feeding_blocks_of_odd_sizes_gives_the_same_result_as_one_block()
    {
        using var music = LoudnessSignals.MusicLike(44100, 8);
        var whole = LoudnessMeter.Measure(music);

        var meter = new LoudnessMeter(new AudioFormat(44100, 2));
        var sizes = new[] { 1, 7, 4410, 333, 10000, 5, 64 };
        var offset = 0;
        var block = new float[2 * 10000];
        for (var i = 0; offset < music.Frames; i++)
        {
            var frames = Math.Min(sizes[i % sizes.Length], music.Frames - offset);
            music.Channel(0).Slice(offset, frames).CopyTo(block);
            music.Channel(1).Slice(offset, frames).CopyTo(block.AsSpan(frames));
            meter.Process(block, frames);
            offset += frames;
        }
        var streamed = meter.GetResult();

        Assert.Equal(whole.IntegratedLufs, streamed.IntegratedLufs, 1e-9);
        Assert.Equal(whole.RangeLu, streamed.RangeLu, 1e-9);
        Assert.Equal(whole.TruePeakDbtp, streamed.TruePeakDbtp, 1e-6);
        Assert.Equal(whole.SamplePeakDbfs, streamed.SamplePeakDbfs);
        Assert.Equal(whole.Series.Count, streamed.Series.Count);
    }

    [Fact]
    public void Series_has_a_point_every_100_ms_and_momentary_max_is_its_maximum()
    {
        using var music = LoudnessSignals.MusicLike(Rate, 6);
        var result = LoudnessMeter.Measure(music);

        Assert.Equal(60 - 3, result.Series.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(400), result.Series[0].Time);
        var max = double.NegativeInfinity;
        foreach (var p in result.Series) max = Math.Max(max, p.MomentaryLufs);
        Assert.Equal(max, result.MomentaryMaxLufs);
    }

    [Fact]
    public void Measure_from_a_source_equals_measure_from_a_buffer()
    {
        using var music = LoudnessSignals.MusicLike(Rate, 4);
        using var source = new AudioBufferSource(music);
        Assert.Equal(LoudnessMeter.Measure(music).IntegratedLufs, LoudnessMeter.Measure(source, cancellationToken: TestContext.Current.CancellationToken).IntegratedLufs, 1e-9);
    }

    [Fact]
    public void Channel_weights_that_do_not_match_the_channel_count_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LoudnessMeter(new AudioFormat(Rate, 2), new LoudnessMeterOptions { ChannelWeights = [1.0] }));
    }

    [Fact]
    public void A_NaN_sample_is_a_typed_error_naming_channel_and_frame()
    {
        using var buffer = LoudnessSignals.SineSegments(2, Rate, (-20, 1));
        var meter = new LoudnessMeter(new AudioFormat(Rate, 2));
        meter.Process(buffer.Data, buffer.Frames);
        buffer.Channel(1)[12345] = float.NaN;
        var error = Assert.Throws<InvalidMediaException>(() => meter.Process(buffer.Data, buffer.Frames));
        Assert.Contains("channel 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"frame {Rate + 12345}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Measuring_a_buffer_in_cache_sized_blocks_equals_one_pass_over_whole_planes()
    {
        using var music = LoudnessSignals.MusicLike(Rate, 3); // 144,000 frames: 8 blocks and a partial one
        var whole = new LoudnessMeter(new AudioFormat(Rate, music.Channels));
        whole.Process(music.Data, music.Frames);
        var expected = whole.GetResult();

        var blocked = LoudnessMeter.Measure(music);

        Assert.Equal(expected.IntegratedLufs, blocked.IntegratedLufs, 1e-9);
        Assert.Equal(expected.RangeLu, blocked.RangeLu, 1e-9);
        Assert.Equal(expected.MomentaryMaxLufs, blocked.MomentaryMaxLufs, 1e-9);
        Assert.Equal(expected.TruePeakDbtp, blocked.TruePeakDbtp, 1e-9);
        Assert.Equal(expected.Series.Count, blocked.Series.Count);
    }

    [Fact]
    public void A_NaN_sample_deep_in_a_buffer_is_reported_at_its_absolute_frame()
    {
        using var music = LoudnessSignals.MusicLike(Rate, 2);
        music.Channel(1)[70_001] = float.NaN;

        var error = Assert.Throws<InvalidMediaException>(() => LoudnessMeter.Measure(music));

        Assert.Contains("channel 1 at frame 70001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void True_peak_equals_the_scalar_reference_over_the_whole_programme()
    {
        // The meter skips stretches that cannot raise the peak; the reference interpolates every sample.
        using var music = LoudnessSignals.MusicLike(44100, 3);
        var result = LoudnessMeter.Measure(music);

        var expected = 0f;
        for (var c = 0; c < music.Channels; c++)
        {
            var padded = new float[TruePeakKernel.History + music.Frames];
            music.Channel(c).CopyTo(padded.AsSpan(TruePeakKernel.History));
            expected = MathF.Max(expected, TruePeakKernel.MaxPeakReference(padded));
            expected = MathF.Max(expected, System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(music.Channel(c)));
        }
        Assert.Equal(20 * Math.Log10(expected), result.TruePeakDbtp, 1e-4);
    }

    [Fact]
    public void An_inter_sample_peak_anywhere_in_a_block_is_found()
    {
        // A short fs/4 burst at 45° (samples 0.707, waveform near 1.0) over a quiet tone, slid across
        // positions so it lands on every part of the meter's internal 1024-sample stretches.
        for (var at = 5000; at < 6200; at += 37)
        {
            using var buffer = LoudnessSignals.SineSegments(1, Rate, (-40, 0.15));
            var x = buffer.Channel(0);
            for (var i = 0; i < 24; i++) x[at + i] = (float)Math.Sin(Math.PI * i / 2 + Math.PI / 4);

            var padded = new float[TruePeakKernel.History + buffer.Frames];
            x.CopyTo(padded.AsSpan(TruePeakKernel.History));
            var expected = 20 * Math.Log10(Math.Max(TruePeakKernel.MaxPeakReference(padded), 0.70710677f));

            Assert.Equal(expected, LoudnessMeter.Measure(buffer).TruePeakDbtp, 1e-4);
            Assert.True(expected > -1.0, $"burst at {at}: {expected:F2} dBTP");
        }
    }
}
