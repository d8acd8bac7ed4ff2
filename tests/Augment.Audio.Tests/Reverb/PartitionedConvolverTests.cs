using Augment.Audio.Tests.Dsp;

namespace Augment.Audio.Tests.Reverb;

public sealed class PartitionedConvolverTests
{
    [Theory]
    [InlineData(1, 256)]
    [InlineData(100, 256)]
    [InlineData(256, 256)]
    [InlineData(1000, 256)]
    [InlineData(3001, 256)]
    [InlineData(4800, 1024)]
    [InlineData(777, 64)]
    public void Block_output_equals_direct_convolution_better_than_minus_100_dB(int irLength, int block)
    {
        var x = Signals.Noise(6000, 1);
        var h = ReverbSignals.DecayingNoise(irLength, 2, irLength / 3.0 + 1);
        var reference = ReverbSignals.Direct(x, h);
        var convolver = new PartitionedConvolver(h, block);
        var blocks = (reference.Length + block - 1) / block;
        var input = new float[blocks * block];
        x.CopyTo(input, 0);
        var output = new float[blocks * block];
        for (var b = 0; b < blocks; b++)
            convolver.ProcessBlock(input.AsSpan(b * block, block), output.AsSpan(b * block, block));
        var errorDb = ReverbSignals.ErrorDb(reference, output);
        Assert.True(errorDb < -100, $"error {errorDb:0.0} dB");
    }

    [Fact]
    public void Chunked_output_is_the_block_output_delayed_by_one_block_for_any_chunk_sizes()
    {
        const int block = 128;
        var x = Signals.Noise(5000, 3);
        var h = ReverbSignals.DecayingNoise(700, 4, 200);
        var reference = ReverbSignals.Direct(x, h);
        var convolver = new PartitionedConvolver(h, block);
        Assert.Equal(block, convolver.LatencyFrames);
        var total = reference.Length + block;
        var input = new float[total];
        x.CopyTo(input, 0);
        var output = new float[total];
        var random = new Random(5);
        var position = 0;
        while (position < total)
        {
            var chunk = Math.Min(total - position, random.Next(1, 400));
            convolver.Process(input.AsSpan(position, chunk), output.AsSpan(position, chunk));
            position += chunk;
        }
        Assert.All(output.AsSpan(0, block).ToArray(), v => Assert.Equal(0f, v));
        var errorDb = ReverbSignals.ErrorDb(reference, output, block);
        Assert.True(errorDb < -100, $"error {errorDb:0.0} dB");
    }

    [Fact]
    public void An_impulse_reproduces_the_impulse_response()
    {
        const int block = 256;
        var h = ReverbSignals.DecayingNoise(1500, 6, 400);
        var convolver = new PartitionedConvolver(h, block);
        var input = new float[block];
        var output = new float[8 * block];
        input[0] = 1;
        convolver.ProcessBlock(input, output.AsSpan(0, block));
        Array.Clear(input);
        for (var b = 1; b < 8; b++)
            convolver.ProcessBlock(input, output.AsSpan(b * block, block));
        for (var i = 0; i < h.Length; i++) Assert.Equal(h[i], output[i], 1e-5f);
        for (var i = h.Length; i < output.Length; i++) Assert.Equal(0f, output[i], 1e-5f);
    }

    [Fact]
    public void Reset_forgets_the_history()
    {
        var h = ReverbSignals.DecayingNoise(300, 7, 100);
        var convolver = new PartitionedConvolver(h, 64);
        var x = Signals.Noise(64, 8);
        var first = new float[64];
        var again = new float[64];
        convolver.ProcessBlock(x, first);
        convolver.ProcessBlock(Signals.Noise(64, 9), new float[64]);
        convolver.Reset();
        convolver.ProcessBlock(x, again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Simd_multiply_accumulate_equals_the_scalar_reference()
    {
        const int n = 1025;
        var (xr, xi) = Signals.RandomComplex(n, 10);
        var (hr, hi) = Signals.RandomComplex(n, 11);
        var (ar, ai) = Signals.RandomComplex(n, 12);
        float[] sr = (float[])ar.Clone(), si = (float[])ai.Clone();
        ComplexMacKernels.MultiplyAccumulate(xr, xi, hr, hi, ar, ai);
        ComplexMacKernels.MultiplyAccumulateScalar(xr, xi, hr, hi, sr, si, 0);
        for (var k = 0; k < n; k++)
        {
            Assert.Equal(sr[k], ar[k], 1e-5f);
            Assert.Equal(si[k], ai[k], 1e-5f);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new PartitionedConvolver([], 64));
        Assert.Throws<ArgumentException>(() => new PartitionedConvolver([1f, float.NaN], 64));
        Assert.Throws<ArgumentException>(() => new PartitionedConvolver([1f], 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionedConvolver([1f], 8));
        var convolver = new PartitionedConvolver([1f], 64);
        Assert.Throws<ArgumentException>(() => convolver.ProcessBlock(new float[63], new float[64]));
    }
}
