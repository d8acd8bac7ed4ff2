using static Augment.Audio.Tests.Separation.Models.TinySeparationModels;

namespace Augment.Audio.Tests.Separation.Models;

public class WaveformSeparatorTests
{
    private const int Rate = 44100;
    private static readonly string[] Four = ["drums", "bass", "other", "vocals"];

    private static WaveformSeparatorOptions Small(int chunk = 1000, int overlap = 200, int batch = 1) => new()
    {
        StemNames = Four,
        ChunkFrames = chunk,
        OverlapFrames = overlap,
        BatchSize = batch,
    };

    [Theory]
    [InlineData(10007, 1000, 200, 1)]
    [InlineData(10007, 1000, 200, 3)]
    [InlineData(999, 1000, 200, 2)]
    [InlineData(5000, 640, 320, 4)]
    [InlineData(4096, 512, 0, 1)]
    public void Gain_model_gives_each_stem_its_gain_times_the_mix_at_every_sample(int frames, int chunk, int overlap, int batch)
    {
        SkipWithoutNativeRuntime();
        float[] gains = [0.1f, 0.2f, 0.3f, 0.4f];
        using var model = WaveformGains(gains);
        var separator = new WaveformSeparator(model, Small(chunk, overlap, batch));
        using var mix = Noise(2, frames, Rate, seed: frames);
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Four, stems.Names);
        Assert.Equal((Rate, 2, frames), (stems.SampleRate, stems.Channels, stems.Frames));
        for (var s = 0; s < 4; s++)
        {
            for (var c = 0; c < 2; c++)
            {
                var expected = new float[frames];
                mix.Channel(c).CopyTo(expected);
                for (var i = 0; i < frames; i++) expected[i] *= gains[s];
                Assert.True(MaxAbsDifference(expected, stems[s].Channel(c)) < 1e-6, $"stem {s} channel {c}");
            }
        }
        using var sum = stems.Sum();
        Assert.True(MaxAbsDifference(mix.Data, sum.Data) < 1e-5);
    }

    [Theory]
    [InlineData(10007, 1000, 200, 1, 0, 1)]
    [InlineData(10007, 1000, 200, 1, 0, 4)]
    [InlineData(10007, 1000, 200, 3, 0, 4)]
    [InlineData(7001, 900, 450, 2, 2, 4)]
    [InlineData(7001, 900, 450, 2, 2, 1)]
    [InlineData(777, 1000, 200, 1, 3, 4)]
    public void Stems_start_uncleared_yet_every_frame_is_written_pipelined_or_not(int frames, int chunk, int overlap, int batch, int shifts, int threads)
    {
        SkipWithoutNativeRuntime();
        float[] gains = [0.25f, 0.75f];
        using var model = WaveformGains(gains);
        var options = new WaveformSeparatorOptions
        {
            StemNames = ["a", "b"], ChunkFrames = chunk, OverlapFrames = overlap, BatchSize = batch, Shifts = shifts, MaxShiftSeconds = 0.01,
        };
        var separator = new WaveformSeparator(model, options);
        using var noise = Noise(2, frames, Rate, seed: frames + shifts);
        using var mix = AudioBuffer.Create(2, frames, Rate, ComputeBudget.Default with { MaxThreads = threads });
        noise.Data.CopyTo(mix.Data);
        // Leave NaN in the pool's arrays of the stems' size, so a frame the runner failed to write would show.
        var poisoned = new float[8][];
        for (var i = 0; i < poisoned.Length; i++)
        {
            poisoned[i] = System.Buffers.ArrayPool<float>.Shared.Rent(2 * frames);
            poisoned[i].AsSpan().Fill(float.NaN);
        }
        foreach (var array in poisoned) System.Buffers.ArrayPool<float>.Shared.Return(array);

        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        for (var s = 0; s < gains.Length; s++)
        {
            for (var c = 0; c < 2; c++)
            {
                var expected = new float[frames];
                mix.Channel(c).CopyTo(expected);
                for (var i = 0; i < frames; i++) expected[i] *= gains[s];
                Assert.True(MaxAbsDifference(expected, stems[s].Channel(c)) < 1e-6, $"stem {s} channel {c}");
            }
        }
    }

    [Theory]
    [InlineData(10007, 1000, 64, 1)]
    [InlineData(12345, 2048, 256, 2)]
    [InlineData(3001, 1000, 40, 3)]
    public void Fir_model_matches_whole_signal_convolution_at_chunk_joins_and_the_last_partial_chunk(int frames, int chunk, int overlap, int batch)
    {
        SkipWithoutNativeRuntime();
        // Half-width 4 ≤ ⌊overlap/4⌋: the chunk-edge zero padding lands only in the discarded margin, so chunked = whole.
        float[][] taps =
        [
            [0.05f, -0.1f, 0.2f, 0.3f, 0.5f, 0.3f, 0.2f, -0.1f, 0.05f],
            [0, 0, 0, 0, 0, 0, 0, 0, 1f],
        ];
        using var model = WaveformFir(taps);
        var separator = new WaveformSeparator(model, new WaveformSeparatorOptions { StemNames = ["a", "b"], ChunkFrames = chunk, OverlapFrames = overlap, BatchSize = batch });
        using var mix = Noise(2, frames, Rate, seed: 7);
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        for (var s = 0; s < taps.Length; s++)
            for (var c = 0; c < 2; c++)
                Assert.True(MaxAbsDifference(Convolve(mix.Channel(c), taps[s]), stems[s].Channel(c)) < 1e-5, $"stem {s} channel {c}");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(512)]
    [InlineData(2000)]
    public void Fixed_length_model_is_padded_and_chunked_at_its_own_length(int frames)
    {
        SkipWithoutNativeRuntime();
        float[][] taps = [[0.25f, 0.5f, 0.25f], [0f, 1f, 0f]];
        using var model = WaveformFir(taps, fixedFrames: 512, fixedBatch: 2);
        var separator = new WaveformSeparator(model, new WaveformSeparatorOptions { StemNames = ["low", "dry"], ChunkFrames = 99999, OverlapFrames = 64 });
        using var mix = Noise(2, frames, Rate, seed: 3);
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        for (var s = 0; s < 2; s++)
            for (var c = 0; c < 2; c++)
                Assert.True(MaxAbsDifference(Convolve(mix.Channel(c), taps[s]), stems[s].Channel(c)) < 1e-5);
    }

    [Fact]
    public void Shift_averaging_undoes_every_random_delay()
    {
        SkipWithoutNativeRuntime();
        float[][] taps = [[0.1f, 0.2f, 0.4f, 0.2f, 0.1f], [0.5f, 0, 0, 0, -0.5f]];
        using var model = WaveformFir(taps);
        var options = new WaveformSeparatorOptions { StemNames = ["a", "b"], ChunkFrames = 1500, OverlapFrames = 128, Shifts = 4, MaxShiftSeconds = 0.01, Seed = 5 };
        var separator = new WaveformSeparator(model, options);
        var offsets = separator.ShiftOffsets();
        Assert.Equal(4, offsets.Length);
        Assert.All(offsets, o => Assert.InRange(o, 0, 440));
        Assert.True(offsets.Distinct().Count() > 1, "the shifts should differ");
        using var mix = Noise(2, 6007, Rate, seed: 11);
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        for (var s = 0; s < 2; s++)
            for (var c = 0; c < 2; c++)
                Assert.True(MaxAbsDifference(Convolve(mix.Channel(c), taps[s]), stems[s].Channel(c)) < 1e-5);
        // Same seed, same result.
        using var again = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, MaxAbsDifference(stems[1].Data, again[1].Data));
    }

    [Fact]
    public void Fixed_stem_axis_that_differs_from_the_names_is_refused_naming_both_counts()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([1f, 1f, 1f]);
        var error = Assert.Throws<ModelSignatureException>(() => new WaveformSeparator(model, Small()));
        Assert.Contains("3 stems", error.Message);
        Assert.Contains("4 stem names", error.Message);
    }

    [Fact]
    public void Dynamic_stem_axis_is_checked_at_the_first_run()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([1f, 1f, 1f], dynamicStems: true);
        var separator = new WaveformSeparator(model, Small());
        using var mix = Noise(2, 3000, Rate, seed: 1);
        var error = Assert.Throws<ModelSignatureException>(() => separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("[1, 3, 2, 1000]", error.Message);
        Assert.Contains("[1, 4, 2, 1000]", error.Message);
    }

    [Fact]
    public void Mono_mix_to_a_stereo_model_is_duplicated_and_folded_back_to_mono()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([0.25f, 0.75f]);
        var separator = new WaveformSeparator(model, new WaveformSeparatorOptions { StemNames = ["a", "b"], ChunkFrames = 700, OverlapFrames = 100 });
        using var mix = Noise(1, 2500, Rate, seed: 2);
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, stems.Channels);
        var expected = mix.Channel(0).ToArray();
        for (var i = 0; i < expected.Length; i++) expected[i] *= 0.75f;
        Assert.True(MaxAbsDifference(expected, stems["b"].Channel(0)) < 1e-6);
    }

    [Fact]
    public void Surround_mix_to_a_stereo_model_is_refused_naming_both_channel_counts()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([0.5f, 0.5f]);
        var separator = new WaveformSeparator(model, new WaveformSeparatorOptions { StemNames = ["a", "b"] });
        using var mix = Noise(6, 100, Rate, seed: 2);
        var error = Assert.Throws<ArgumentException>(() => separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("6 channels", error.Message);
        Assert.Contains("takes 2", error.Message);
    }

    [Fact]
    public void Mix_at_another_rate_is_resampled_and_stems_come_back_aligned_at_the_mix_rate()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([0.5f, 0.5f]);
        var options = new WaveformSeparatorOptions { StemNames = ["a", "b"], ChunkFrames = 2000, OverlapFrames = 200 };
        var separator = new WaveformSeparator(model, options);
        const int rate = 48000, frames = 9600;
        using var mix = AudioBuffer.Create(2, frames, rate);
        for (var c = 0; c < 2; c++)
            for (var i = 0; i < frames; i++) mix.Channel(c)[i] = (float)(0.5 * Math.Sin(2 * Math.PI * (440 + 300 * c) * i / rate));
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((rate, frames), (stems.SampleRate, stems.Frames));
        // Away from the ends (the resampler's filter edges), stem = 0.5·mix, and in phase (no misalignment).
        for (var c = 0; c < 2; c++)
        {
            var error = 0.0;
            for (var i = 500; i < frames - 500; i++) error = Math.Max(error, Math.Abs(stems["a"].Channel(c)[i] - 0.5 * mix.Channel(c)[i]));
            Assert.True(error < 2e-3, $"channel {c}: {error}");
        }
        var refusing = new WaveformSeparator(model, options with { ResampleToModelRate = false });
        var refusal = Assert.Throws<ArgumentException>(() => refusing.Separate(mix, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("48000 Hz", refusal.Message);
        Assert.Contains("44100 Hz", refusal.Message);
    }

    [Fact]
    public void Progress_counts_every_chunk_of_every_shift_in_order()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([1f]);
        var separator = new WaveformSeparator(model, new WaveformSeparatorOptions { StemNames = ["all"], ChunkFrames = 1000, OverlapFrames = 200, Shifts = 2, MaxShiftSeconds = 0.005 });
        using var mix = Noise(2, 5000, Rate, seed: 4);
        var reports = new List<AugmentProgress>();
        using var stems = separator.Separate(mix, new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);
        Assert.True(reports.Count > 2);
        Assert.Equal(0, reports[0].ItemsDone);
        for (var i = 1; i < reports.Count; i++) Assert.Equal(reports[i - 1].ItemsDone + 1, reports[i].ItemsDone);
        Assert.Equal(reports[^1].ItemsTotal, reports[^1].ItemsDone);
    }

    [Fact]
    public void Cancellation_stops_between_chunks()
    {
        SkipWithoutNativeRuntime();
        using var model = WaveformGains([1f]);
        var separator = new WaveformSeparator(model, new WaveformSeparatorOptions { StemNames = ["all"], ChunkFrames = 500, OverlapFrames = 100 });
        using var mix = Noise(2, 20000, Rate, seed: 4);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var seen = 0;
        var progress = new SynchronousProgress(p =>
        {
            seen++;
            if (p.ItemsDone == 3) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => separator.Separate(mix, progress, cancel.Token));
        Assert.Equal(4, seen);
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
