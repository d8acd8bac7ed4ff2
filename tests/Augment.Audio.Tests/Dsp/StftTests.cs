namespace Augment.Audio.Tests.Dsp;

public class StftTests
{
    public static TheoryData<WindowKind, int, int> ColaPairs() => new()
    {
        { WindowKind.Hann, 512, 128 },
        { WindowKind.Hann, 512, 256 },
        { WindowKind.SqrtHann, 512, 256 },
        { WindowKind.Hamming, 400, 200 },
        { WindowKind.Blackman, 480, 160 },
        { WindowKind.Hann, 1000, 250 },
    };

    [Theory]
    [MemberData(nameof(ColaPairs))]
    public void Istft_of_stft_reconstructs_the_signal_within_1e_5(WindowKind window, int fftLength, int hop)
    {
        var x = Signals.Noise(9_001, seed: fftLength + hop, amplitude: 0.5f);
        var stft = new Stft(new StftOptions { FftLength = fftLength, HopLength = hop, Window = window });
        var frames = stft.FrameCount(x.Length);
        var re = new float[frames * stft.BinCount];
        var im = new float[frames * stft.BinCount];
        stft.Forward(x, re, im);
        var y = new float[x.Length];
        stft.Inverse(re, im, y);
        Assert.True(MaxError(x, y) < 1e-5, $"max error {MaxError(x, y):g3}");
    }

    [Theory]
    [InlineData(WindowKind.Hann, 512, 128)]
    [InlineData(WindowKind.Hann, 1000, 250)]
    [InlineData(WindowKind.SqrtHann, 512, 256)]
    public void Squared_windows_of_COLA_pairs_sum_to_a_constant(WindowKind window, int fftLength, int hop)
    {
        var stft = new Stft(new StftOptions { FftLength = fftLength, HopLength = hop, Window = window });
        var sums = new float[hop];
        stft.WindowSquareSum(sums);
        // Analytic constants: Hann² sums to 3N/(8·hop); sqrt-Hann² (= Hann) to N/(2·hop).
        if (window == WindowKind.Hann)
            Assert.All(sums, s => Assert.Equal(3.0 * fftLength / (8.0 * hop), s, 1e-4));
        if (window == WindowKind.SqrtHann)
            Assert.All(sums, s => Assert.Equal(fftLength / (2.0 * hop), s, 1e-4));
        Assert.All(sums, s => Assert.Equal(sums[0], s, 1e-4));
    }

    [Fact]
    public void Periodic_Hann_at_half_overlap_sums_to_one()
    {
        var w = WindowFunctions.Create(WindowKind.Hann, 512);
        for (var i = 0; i < 256; i++)
            Assert.Equal(1f, w[i] + w[i + 256], 1e-6f);
        var symmetric = WindowFunctions.Create(WindowKind.Hann, 511, periodic: false);
        Assert.Equal(symmetric[0], symmetric[510]);
        Assert.Equal(1f, symmetric[255], 1e-6f);
    }

    [Fact]
    public void Frame_spectrum_of_a_bin_centred_sine_peaks_at_its_bin_with_the_window_gain()
    {
        const int n = 1024;
        var stft = new Stft(new StftOptions { FftLength = n, HopLength = 256 });
        var frame = new float[n];
        for (var i = 0; i < n; i++)
            frame[i] = (float)Math.Cos(2 * Math.PI * 40 * i / n);
        var re = new float[stft.BinCount];
        var im = new float[stft.BinCount];
        stft.AnalyzeFrame(frame, re, im);
        // Hann's coherent gain is 1/2: a unit cosine gives N/4 at its bin and −N/8 beside it.
        Assert.Equal(n / 4.0, re[40], 1e-3);
        Assert.Equal(-n / 8.0, re[39], 1e-3);
        Assert.Equal(0, re[45], 1e-3);
    }

    [Fact]
    public void Frame_counts_follow_the_centred_and_uncentred_conventions()
    {
        var centred = new Stft(new StftOptions { FftLength = 512, HopLength = 128 });
        Assert.Equal(1 + (10_000 / 128), centred.FrameCount(10_000));
        var plain = new Stft(new StftOptions { FftLength = 512, HopLength = 128, Center = false });
        Assert.Equal(1 + ((10_000 - 512) / 128), plain.FrameCount(10_000));
        Assert.Equal(0, plain.FrameCount(511));
    }

    [Fact]
    public void Uncentred_inverse_reconstructs_the_covered_samples()
    {
        var x = Signals.Noise(4_096, seed: 3);
        var stft = new Stft(new StftOptions { FftLength = 256, HopLength = 64, Center = false });
        var frames = stft.FrameCount(x.Length);
        var re = new float[frames * stft.BinCount];
        var im = new float[frames * stft.BinCount];
        stft.Forward(x, re, im);
        var y = new float[x.Length];
        stft.Inverse(re, im, y);
        var covered = ((frames - 1) * 64) + 256;
        // The first and last hop sit under the tails of a single Hann window, where the division by a
        // tiny window-square sum magnifies rounding: compare the fully overlapped interior.
        Assert.True(MaxError(x.AsSpan(64, covered - 128), y.AsSpan(64, covered - 128)) < 1e-5);
        Assert.All(y.AsSpan(covered).ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(WindowKind.Hann, 512, 128)]
    [InlineData(WindowKind.SqrtHann, 256, 128)]
    [InlineData(WindowKind.Hamming, 300, 100)]
    public void Streaming_passthrough_is_the_input_delayed_by_the_latency(WindowKind window, int fftLength, int hop)
    {
        var x = Signals.Noise(5_000, seed: 12, amplitude: 0.5f);
        var stream = new StreamingStft(new StftOptions { FftLength = fftLength, HopLength = hop, Window = window });
        var y = RunStream(stream, x, [x.Length], null);
        Assert.Equal(x.Length + stream.LatencySamples, y.Length);
        Assert.True(MaxError(x, y.AsSpan(stream.LatencySamples)) < 1e-5, $"max error {MaxError(x, y.AsSpan(stream.LatencySamples)):g3}");
        Assert.True(MaxError(new float[stream.LatencySamples], y.AsSpan(0, stream.LatencySamples)) < 1e-6);
    }

    [Fact]
    public void Streaming_output_does_not_depend_on_chunk_sizes()
    {
        var x = Signals.Noise(6_000, seed: 21);
        var options = new StftOptions { FftLength = 512, HopLength = 128 };
        // A processor that really changes the sound: a brick-wall low-pass above bin 40.
        SpectrumFrameProcessor lowPass = static (re, im) =>
        {
            re[40..].Clear();
            im[40..].Clear();
        };
        var whole = RunStream(new StreamingStft(options), x, [x.Length], lowPass);
        var pieces = RunStream(new StreamingStft(options), x, [1, 7, 127, 128, 129, 1000, 3, 4_605], lowPass);
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Streaming_frames_equal_the_batch_uncentred_frames()
    {
        var x = Signals.Noise(3_000, seed: 2);
        var options = new StftOptions { FftLength = 256, HopLength = 64, Center = false };
        var stream = new StreamingStft(options);
        var seen = new List<float[]>();
        SpectrumFrameProcessor record = (re, im) => seen.Add(re.ToArray());
        // Prepend the stream's zero history so that batch frame k equals streaming frame k.
        var padded = new float[stream.LatencySamples + x.Length];
        x.CopyTo(padded, stream.LatencySamples);
        RunStream(stream, x, [x.Length], record);
        var stft = new Stft(options);
        var re = new float[stft.FrameCount(padded.Length) * stft.BinCount];
        var im = new float[re.Length];
        stft.Forward(padded, re, im);
        for (var k = 0; k < stft.FrameCount(padded.Length); k++)
            Assert.Equal(re.AsSpan(k * stft.BinCount, stft.BinCount).ToArray(), seen[k]);
    }

    internal static float[] RunStream(StreamingStft stream, float[] x, int[] chunks, SpectrumFrameProcessor? processor)
    {
        var output = new List<float>();
        var buffer = new float[x.Length + stream.Options.FftLength + stream.Options.HopLength];
        var position = 0;
        foreach (var size in chunks)
        {
            var take = Math.Min(size, x.Length - position);
            var written = stream.Process(x.AsSpan(position, take), buffer, processor);
            output.AddRange(buffer.AsSpan(0, written));
            position += take;
        }
        Assert.Equal(x.Length, position);
        var tail = stream.Flush(buffer, processor);
        output.AddRange(buffer.AsSpan(0, tail));
        return [.. output];
    }

    internal static double MaxError(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double max = 0;
        for (var i = 0; i < expected.Length; i++)
            max = Math.Max(max, Math.Abs(expected[i] - (double)actual[i]));
        return max;
    }
}
