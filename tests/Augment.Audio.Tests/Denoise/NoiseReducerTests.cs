using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class NoiseReducerTests
{
    private const int Rate = 16_000;

    /// <summary>Returns the wrapped buffer in chunks of the given sizes, cycling.</summary>
    private sealed class ChunkedSource(AudioBuffer buffer, int[] sizes) : IAudioSource
    {
        private readonly AudioBufferSource _inner = new(buffer);
        private int _next;

        public AudioFormat Format => _inner.Format;

        public long? LengthFrames => null;

        public int Read(Span<float> destination, int frames)
        {
            var size = Math.Min(frames, sizes[_next++ % sizes.Length]);
            var block = new float[size * Format.Channels];
            var got = _inner.Read(block, size);
            for (var c = 0; c < Format.Channels; c++)
                block.AsSpan(c * size, got).CopyTo(destination.Slice(c * frames));
            return got;
        }

        public void Dispose() => _inner.Dispose();
    }

    private static float[] Noisy(int frames, int seed)
    {
        var clean = Speech(frames, Rate, seed);
        return Mix(clean, White(frames, seed + 1), 5);
    }

    [Theory]
    [InlineData(new[] { 1, 7, 333 }, 64)]
    [InlineData(new[] { 4096 }, 1000)]
    [InlineData(new[] { 50_000 }, 17)]
    [InlineData(new[] { 129, 4097, 2 }, 5000)]
    public void Output_is_bit_identical_however_the_input_and_output_are_chunked(int[] inputChunks, int readSize)
    {
        var x = Noisy(3 * Rate + 123, 21);
        using var input = Buffer(Rate, x, White(x.Length, 3));
        var reducer = new NoiseReducer();
        using var whole = reducer.Process(input);
        using var stage = reducer.ApplyTo(new ChunkedSource(input, inputChunks));
        var got = new float[2 * readSize];
        var position = 0;
        int n;
        while ((n = stage.Read(got, readSize)) > 0)
        {
            for (var c = 0; c < 2; c++)
                Assert.True(got.AsSpan(c * readSize, n).SequenceEqual(whole.Channel(c).Slice(position, n)), $"channel {c} at {position}");
            position += n;
        }
        Assert.Equal(x.Length, position);
    }

    [Fact]
    public void Channels_are_processed_independently_like_mono_runs()
    {
        var a = Noisy(Rate * 2, 1);
        var b = Noisy(Rate * 2, 2);
        var reducer = new NoiseReducer();
        using var stereo = Buffer(Rate, a, b);
        using var monoA = Buffer(Rate, a);
        using var monoB = Buffer(Rate, b);
        using var outStereo = reducer.Process(stereo);
        using var outA = reducer.Process(monoA);
        using var outB = reducer.Process(monoB);
        Assert.True(outStereo.Channel(0).SequenceEqual(outA.Channel(0)));
        Assert.True(outStereo.Channel(1).SequenceEqual(outB.Channel(0)));
    }

    [Theory]
    [InlineData(float.NaN, 0)]
    [InlineData(float.PositiveInfinity, 1)]
    public void Non_finite_input_throws_InvalidMediaException_naming_channel_and_sample(float bad, int channel)
    {
        var x = Noisy(Rate * 3, 5);
        using var input = Buffer(Rate, x, (float[])x.Clone());
        input.Channel(channel)[30_000] = bad;
        var error = Assert.Throws<InvalidMediaException>(() => new NoiseReducer().Process(input).Dispose());
        Assert.Contains("sample 30000", error.Message, StringComparison.Ordinal);
        Assert.Contains($"channel {channel}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_noise_region_gives_a_fixed_estimate_that_reduces_noise_only_input_by_ReductionDb()
    {
        // Half a second of noise alone, then speech in the same noise.
        var frames = 3 * Rate;
        var clean = Speech(frames, Rate, 9);
        clean.AsSpan(0, Rate / 2).Clear();
        var noise = White(frames, 4);
        var noisy = Mix(clean, noise, 5);
        using var input = Buffer(Rate, noisy);
        // The classic setting (12 dB, log-MMSE, decision-directed weight 0.98), whose noise-only reduction sits at its floor.
        var reducer = new NoiseReducer(new NoiseReducerOptions
        {
            ReductionDb = 12, Gain = NoiseReductionGain.LogMmse, DecisionDirectedAlpha = 0.98,
            NoiseRegionStart = TimeSpan.Zero, NoiseRegionDuration = TimeSpan.FromSeconds(0.45),
        });
        using var output = reducer.Process(input);
        var region = 10 * Math.Log10(Energy(noisy.AsSpan(1000, 6000)) / Energy(output.Channel(0).Slice(1000, 6000)));
        Assert.InRange(region, 10, 12.5);
        var gain = SiSdr(output.Channel(0), clean) - SiSdr(noisy, clean);
        TestContext.Current.TestOutputHelper?.WriteLine($"noise region: {region:0.00} dB on the noise, SI-SDR +{gain:0.00} dB");
        Assert.True(gain > 4, $"{gain:0.00} dB");
    }

    [Fact]
    public void A_noise_region_past_the_end_is_an_argument_error()
    {
        using var input = Buffer(Rate, Noisy(Rate, 3));
        var reducer = new NoiseReducer(new NoiseReducerOptions { NoiseRegionStart = TimeSpan.FromSeconds(5) });
        var error = Assert.Throws<ArgumentException>(() => reducer.Process(input).Dispose());
        Assert.Contains("noise region", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => reducer.ApplyTo(new AudioBufferSource(input)));
    }

    [Fact]
    public void File_to_file_equals_the_buffer_result_and_replaces_the_output_atomically()
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-denoise-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var input = Buffer(Rate, Noisy(2 * Rate, 8));
            var inPath = Path.Combine(folder, "in.wav");
            var outPath = Path.Combine(folder, "out.wav");
            AudioFile.SaveWav(input, inPath);
            File.WriteAllText(outPath, "old");
            var reducer = new NoiseReducer();
            var frames = reducer.ApplyToFile(inPath, outPath, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(input.Frames, frames);
            using var expected = reducer.Process(input);
            using var written = AudioFile.Load(outPath, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(written.Channel(0).SequenceEqual(expected.Channel(0)));
            Assert.Single(Directory.GetFiles(folder, "out*"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(700)]
    [InlineData(30_000)]
    public void Short_inputs_and_digital_silence_keep_their_length_and_stay_finite(int frames)
    {
        var x = Noisy(Math.Max(frames, 2), 4)[..frames];
        using var input = Buffer(Rate, x, new float[frames]);
        using var output = new NoiseReducer().Process(input);
        Assert.Equal(frames, output.Frames);
        Assert.True(System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(output.Data));
        Assert.All(output.Channel(1).ToArray(), v => Assert.Equal(0f, v));
        Assert.True(Energy(output.Channel(0)) <= Energy(x) * 1.01);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseReducer(new NoiseReducerOptions { ReductionDb = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseReducer(new NoiseReducerOptions { ReductionDb = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseReducer(new NoiseReducerOptions { DecisionDirectedAlpha = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseReducer(new NoiseReducerOptions { FftLength = 102 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseReducer(new NoiseReducerOptions { MinimumStatisticsWindow = TimeSpan.FromSeconds(0.1) }));
    }

    [Fact]
    public void Speed_48_kHz_mono_one_core_is_reported_as_a_real_time_factor()
    {
        const int rate = 48_000;
        var seconds = 10;
        var x = Mix(Speech(seconds * rate, rate, 3), White(seconds * rate, 4), 5);
        using var input = Buffer(rate, x);
        var reducer = new NoiseReducer();
        reducer.Process(input).Dispose();   // JIT
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            reducer.Process(input).Dispose();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        var line = $"denoise 48 kHz mono, {seconds} s, one thread: {best * 1000:0.0} ms, {seconds / best:0}x real time";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Assert.True(best > 0);
    }
}
