using Augment.Audio.Tests.Dsp;

namespace Augment.Audio.Tests.Reverb;

public sealed class BatchedPartitionedConvolverTests
{
    [Theory]
    [InlineData(1, 64, 1)]
    [InlineData(1000, 64, 3)]
    [InlineData(3001, 256, 8)]
    [InlineData(4800, 1024, 2)]
    [InlineData(777, 16, 5)]
    public void Batched_output_equals_direct_convolution_better_than_minus_100_dB(int irLength, int partition, int batch)
    {
        var x = Signals.Noise(7000, 1);
        var h = ReverbSignals.DecayingNoise(irLength, 2, irLength / 3.0 + 1);
        var reference = ReverbSignals.Direct(x, h);
        var convolver = new BatchedPartitionedConvolver(h, partition, batch);
        var step = convolver.BlockSizeFrames;
        Assert.Equal(partition * batch, step);
        var calls = (reference.Length + step - 1) / step;
        var input = new float[calls * step];
        x.CopyTo(input, 0);
        var output = new float[calls * step];
        for (var c = 0; c < calls; c++)
            convolver.ProcessBlock(input.AsSpan(c * step, step), output.AsSpan(c * step, step));
        var errorDb = ReverbSignals.ErrorDb(reference, output);
        Assert.True(errorDb < -100, $"error {errorDb:0.0} dB");
    }

    [Fact]
    public void Batched_output_equals_the_block_by_block_convolver_to_float_rounding()
    {
        var x = Signals.Noise(128 * 40, 3);
        var h = ReverbSignals.DecayingNoise(1500, 4, 400);
        var single = new PartitionedConvolver(h, 128);
        var batched = new BatchedPartitionedConvolver(h, 128, 4);
        var one = new float[x.Length];
        var four = new float[x.Length];
        for (var i = 0; i < x.Length; i += 128) single.ProcessBlock(x.AsSpan(i, 128), one.AsSpan(i, 128));
        for (var i = 0; i < x.Length; i += 512) batched.ProcessBlock(x.AsSpan(i, 512), four.AsSpan(i, 512));
        for (var i = 0; i < x.Length; i++) Assert.Equal(one[i], four[i], 1e-6f);
    }
}
