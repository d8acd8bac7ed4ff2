namespace Augment.Core.Tests.Audio;

public class AudioBufferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void Every_16_bit_sample_round_trips_exactly(int channels)
    {
        // 65536 frames; channel c of frame i holds the 16-bit value (i + 10000c), so every channel sees every value.
        var pcm = new short[65536 * channels];
        for (var i = 0; i < pcm.Length; i++) pcm[i] = (short)(i / channels + 10000 * (i % channels));
        using var buffer = AudioBuffer.FromInterleaved(pcm, channels, 48000);
        Assert.Equal(65536, buffer.Frames);
        var back = new short[pcm.Length];
        buffer.CopyInterleavedTo(back);
        Assert.Equal(pcm, back);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    public void Float_samples_round_trip_bit_for_bit_and_land_in_their_channel(int channels)
    {
        const int frames = 1000 + 3;
        var samples = SampleKernelTests.Signal(frames * channels, channels);
        using var buffer = AudioBuffer.FromInterleaved(samples, channels, 44100);
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i += 97)
                Assert.Equal(BitConverter.SingleToInt32Bits(samples[i * channels + c]), BitConverter.SingleToInt32Bits(buffer.Channel(c)[i]));
        var back = new float[samples.Length];
        buffer.CopyInterleavedTo(back);
        Assert.Equal(
            samples.Select(BitConverter.SingleToInt32Bits).ToArray(),
            back.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [Fact]
    public void Pcm16_and_pcm32_map_full_scale_to_plus_minus_one()
    {
        using var pcm16 = AudioBuffer.FromInterleaved(new short[] { short.MinValue, -16384, 0, 16384, short.MaxValue }, 1, 8000);
        Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 32767f / 32768f }, pcm16.Data.ToArray());
        using var pcm32 = AudioBuffer.FromInterleaved(new[] { int.MinValue, -(1 << 30), 0, 1 << 30, 256 }, 1, 8000);
        Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 1f / (1 << 23) }, pcm32.Data.ToArray());
    }

    [Fact]
    public void Pcm16_output_clips_rounds_and_silences_NaN()
    {
        using var buffer = AudioBuffer.FromInterleaved(new[] { 1f, -1f, 1.5f, float.NaN, 0.5f / 32768, -0.5f / 32768 }, 2, 48000);
        var pcm = new short[6];
        buffer.CopyInterleavedTo(pcm);
        Assert.Equal(new short[] { 32767, -32768, 32767, 0, 1, -1 }, pcm);
    }

    [Fact]
    public void A_length_that_is_not_a_whole_number_of_frames_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => AudioBuffer.FromInterleaved(new short[7], 2, 48000));
        Assert.Throws<ArgumentException>(() => AudioBuffer.FromInterleaved(new float[10], 6, 48000));
    }

    [Fact]
    public void A_destination_too_small_is_rejected()
    {
        using var buffer = AudioBuffer.Create(2, 100, 48000);
        Assert.Throws<ArgumentException>(() => buffer.CopyInterleavedTo(new short[199]));
        Assert.Throws<ArgumentException>(() => buffer.CopyInterleavedTo(new float[199]));
    }

    [Fact]
    public void A_buffer_larger_than_the_memory_budget_throws_before_allocating()
    {
        var small = new ComputeBudget { MaxMemoryBytes = 1 << 20 };
        Assert.Throws<ResourceLimitException>(() => AudioBuffer.Create(2, 200_000, 48000, small));
        Assert.Throws<ResourceLimitException>(() => AudioBuffer.FromInterleaved(new short[2 * 200_000], 2, 48000, small));
        Assert.Throws<ResourceLimitException>(() => AudioBuffer.CreateUninitialized(2, 200_000, 48000, small));
    }

    [Fact]
    public void Create_is_silent_even_over_reused_memory_and_CreateUninitialized_has_the_same_shape()
    {
        for (var round = 0; round < 3; round++)
        {
            using (var dirty = AudioBuffer.CreateUninitialized(2, 5000, 48000)) dirty.Data.Fill(float.NaN);
            using var clean = AudioBuffer.Create(2, 5000, 48000);
            Assert.Equal(-1, clean.Data.IndexOfAnyExcept(0f));
        }
        using var raw = AudioBuffer.CreateUninitialized(3, 777, 22050);
        Assert.Equal((3, 777, 22050, 3 * 777), (raw.Channels, raw.Frames, raw.SampleRate, raw.Data.Length));
    }

    [Fact]
    public void Tensor_view_has_shape_channels_by_frames_over_the_same_memory()
    {
        using var buffer = AudioBuffer.Create(3, 10, 16000);
        buffer.Channel(2)[7] = 0.25f;
        var tensor = buffer.AsTensorSpan();
        Assert.Equal(new nint[] { 3, 10 }, tensor.Lengths.ToArray());
        Assert.Equal(0.25f, tensor[2, 7]);
    }

    [Fact]
    public void Using_a_disposed_buffer_throws_ObjectDisposedException()
    {
        var buffer = AudioBuffer.Create(2, 16, 48000);
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Data.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.CopyInterleavedTo(new short[32]));
    }
}
