using static Augment.Core.Tests.Models.ModelReference;

namespace Augment.Core.Tests.Models;

public class ChunkedInferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Kernel = 7;
    private static readonly float[] Weights = RandomFloats(3 * 2 * Kernel, seed: 60);
    private static readonly float[] Bias = RandomFloats(3, seed: 61);

    private static byte[] Filter(int? fixedFrames = null) => OnnxGraphBuilder.Conv1d(2, 3, Kernel, Weights, Bias, fixedFrames).ToBytes();

    [Theory]
    [InlineData(1000, 256, 32)]
    [InlineData(4099, 1024, 64)]
    [InlineData(777, 100, 12)]
    [InlineData(300, 512, 64)]
    public void Chunked_output_equals_whole_buffer_output_within_1e_5(int frames, int chunk, int overlap)
    {
        using var model = OnnxModel.Load(Filter());
        using var sound = RandomSound(2, frames, seed: frames);

        using var whole = model.Run(sound, cancellationToken: Ct);
        using var chunked = model.RunChunked(sound, new ChunkOptions { ChunkFrames = chunk, OverlapFrames = overlap }, cancellationToken: Ct);

        Assert.Equal((3, frames, sound.SampleRate), (chunked.Channels, chunked.Frames, chunked.SampleRate));
        Assert.True(MaxAbsDifference(whole.Data, chunked.Data) <= 1e-5f);
        Assert.True(MaxAbsDifference(Conv1d(sound.Data, 2, frames, Weights, Bias, 3, Kernel), chunked.Data) <= 1e-5f);
    }

    [Fact]
    public void Batch_of_three_chunks_equals_batch_of_one()
    {
        using var model = OnnxModel.Load(Filter());
        using var sound = RandomSound(2, 2500, seed: 62);

        using var single = model.RunChunked(sound, new ChunkOptions { ChunkFrames = 300, OverlapFrames = 40 }, cancellationToken: Ct);
        using var batched = model.RunChunked(sound, new ChunkOptions { ChunkFrames = 300, OverlapFrames = 40, BatchSize = 3 }, cancellationToken: Ct);

        Assert.True(MaxAbsDifference(single.Data, batched.Data) <= 1e-5f);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(100)]
    public void Fixed_length_model_runs_at_its_own_length_and_pads_short_sound_with_silence(int frames)
    {
        using var model = OnnxModel.Load(Filter(fixedFrames: 256));
        using var sound = RandomSound(2, frames, seed: 63);

        using var chunked = model.RunChunked(sound, new ChunkOptions { ChunkFrames = 5000, OverlapFrames = 32 }, cancellationToken: Ct);

        // Silence past the end is what the convolution's zero padding assumes, so the result is exact.
        Assert.True(MaxAbsDifference(Conv1d(sound.Data, 2, frames, Weights, Bias, 3, Kernel), chunked.Data) <= 1e-5f);
    }

    [Fact]
    public void Elementwise_model_keeps_rate_and_scales_samples()
    {
        using var model = OnnxModel.Load(OnnxGraphBuilder.Multiply(0.5f, rank: 3).ToBytes());
        using var sound = RandomSound(2, 1500, seed: 64, sampleRate: 44100);
        var recorder = new ProgressRecorder();

        using var half = model.RunChunked(sound, new ChunkOptions { ChunkFrames = 512, OverlapFrames = 64 }, recorder, cancellationToken: Ct);

        Assert.Equal(44100, half.SampleRate);
        // Overlapping chunks agree exactly here; only the normalised weights' rounding remains.
        for (var i = 0; i < sound.Data.Length; i++) Assert.Equal(sound.Data[i] * 0.5f, half.Data[i], 1e-6f);
        Assert.Equal(1.0, recorder.Reports[^1].Fraction);
    }

    [Fact]
    public void Cancelled_token_throws_OperationCanceledException()
    {
        using var model = OnnxModel.Load(Filter());
        using var sound = RandomSound(2, 1000, seed: 65);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => model.RunChunked(sound, cancellationToken: cts.Token));
    }
}
