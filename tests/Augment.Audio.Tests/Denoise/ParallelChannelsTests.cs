using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class ParallelChannelsTests
{
    [Fact]
    public void Four_channels_on_four_threads_equal_the_single_threaded_run_bit_for_bit()
    {
        const int rate = 16_000;
        var channels = new float[4][];
        for (var c = 0; c < channels.Length; c++)
            channels[c] = Mix(Speech(rate * 2, rate, seed: 30 + c, baseF0: 110 + (20 * c)), White(rate * 2, 40 + c), 5);
        using var input = Buffer(rate, channels);
        using var serial = new NoiseReducer(new NoiseReducerOptions { Budget = ComputeBudget.SingleThreaded }).Process(input);
        using var parallel = new NoiseReducer(new NoiseReducerOptions { Budget = ComputeBudget.Default with { MaxThreads = 4 } }).Process(input);
        for (var c = 0; c < channels.Length; c++)
            Assert.True(serial.Channel(c).SequenceEqual(parallel.Channel(c)), $"channel {c} differs");
    }

    [Fact]
    public void A_bad_sample_in_one_channel_of_a_parallel_run_is_one_InvalidMediaException_naming_it()
    {
        const int rate = 16_000;
        using var input = Buffer(rate, White(rate * 2, 1), White(rate * 2, 2), White(rate * 2, 3));
        input.Channel(2)[25_000] = float.NaN;
        var reducer = new NoiseReducer(new NoiseReducerOptions { Budget = ComputeBudget.Default with { MaxThreads = 3 } });
        var error = Assert.Throws<InvalidMediaException>(() => reducer.Process(input).Dispose());
        Assert.Contains("channel 2", error.Message, StringComparison.Ordinal);
    }
}
