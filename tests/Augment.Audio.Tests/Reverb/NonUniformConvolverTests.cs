using Augment.Audio.Tests.Dsp;
using CsCheck;

namespace Augment.Audio.Tests.Reverb;

public sealed class NonUniformConvolverTests
{
    public static TheoryData<int, int[]> Plans => new()
    {
        // Planned: head 16 growing to 128, four partitions per size, the last size covering the rest.
        { 1000, NonUniformConvolver.PlanPartitions(1000, 16, 128) },
        { 3001, NonUniformConvolver.PlanPartitions(3001, 64, 1024) },
        { 4801, NonUniformConvolver.PlanPartitions(4801, 128, 2048) },
        // Gardner's tightest doubling: every partition starts exactly at its size minus the head.
        { 777, [32, 64, 128, 256, 512] },
        // Odd mixes: one head partition, a jump by 4x, a long uniform tail.
        { 2999, [64, 64, 64, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256] },
        // IR shorter than the first partition: one partition.
        { 50, NonUniformConvolver.PlanPartitions(50, 256, 4096) },
        { 1, [16] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Block_output_equals_direct_convolution_better_than_minus_100_dB(int irLength, int[] plan)
    {
        var x = Signals.Noise(6000, 1);
        var h = ReverbSignals.DecayingNoise(irLength, 2, irLength / 3.0 + 1);
        var reference = ReverbSignals.Direct(x, h);
        var convolver = new NonUniformConvolver(h, plan);
        var block = convolver.BlockSizeFrames;
        Assert.Equal(plan[0], block);
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
    public void Chunked_output_in_odd_sizes_equals_the_direct_convolution_delayed_by_exactly_the_latency()
    {
        var x = Signals.Noise(9000, 3);
        var h = ReverbSignals.DecayingNoise(2500, 4, 700);
        var reference = ReverbSignals.Direct(x, h);
        var convolver = new NonUniformConvolver(h, latencyFrames: 64, maxPartitionFrames: 512);
        Assert.Equal(64, convolver.LatencyFrames);
        var total = reference.Length + convolver.LatencyFrames;
        var input = new float[total];
        x.CopyTo(input, 0);
        var output = new float[total];
        var random = new Random(5);
        var position = 0;
        while (position < total)
        {
            var chunk = Math.Min(total - position, 1 + (2 * random.Next(0, 250)));
            convolver.Process(input.AsSpan(position, chunk), output.AsSpan(position, chunk));
            position += chunk;
        }
        Assert.All(output.AsSpan(0, convolver.LatencyFrames).ToArray(), v => Assert.Equal(0f, v));
        var errorDb = ReverbSignals.ErrorDb(reference, output, convolver.LatencyFrames);
        Assert.True(errorDb < -100, $"error {errorDb:0.0} dB");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(128)]
    [InlineData(1024)]
    public void An_impulse_comes_out_exactly_latency_frames_later_as_the_impulse_response(int latency)
    {
        var h = ReverbSignals.DecayingNoise(5000, 6, 1500);
        h[0] = 0.9f;
        var convolver = new NonUniformConvolver(h, latency, 4096);
        var input = new float[latency + h.Length + 7];
        input[0] = 1;
        var output = new float[input.Length];
        // One frame per call: the latency must not depend on how the caller chunks.
        for (var i = 0; i < input.Length; i++)
            convolver.Process(input.AsSpan(i, 1), output.AsSpan(i, 1));
        for (var i = 0; i < latency; i++) Assert.Equal(0f, output[i]);
        for (var i = 0; i < h.Length; i++) Assert.Equal(h[i], output[latency + i], 1e-5f);
        for (var i = latency + h.Length; i < output.Length; i++) Assert.Equal(0f, output[i], 1e-5f);
    }

    [Fact]
    public void Planned_partitions_start_small_double_every_four_and_cover_the_IR()
    {
        var plan = NonUniformConvolver.PlanPartitions(144_000, 256, 16384);
        int[] expectedHead = [256, 256, 256, 256, 512, 512, 512, 512, 1024, 1024, 1024, 1024, 2048, 2048, 2048, 2048,
            4096, 4096, 4096, 4096, 8192, 8192, 8192, 8192];
        Assert.Equal(expectedHead, plan[..expectedHead.Length]);
        Assert.All(plan[expectedHead.Length..], size => Assert.Equal(16384, size));
        long covered = 0;
        foreach (var size in plan) covered += size;
        Assert.True(covered >= 144_000 && covered - plan[^1] < 144_000, $"covered {covered}");
        Assert.Equal(new[] { 256 }, NonUniformConvolver.PlanPartitions(100, 256, 16384));
        Assert.Equal(new[] { 1024, 1024 }, NonUniformConvolver.PlanPartitions(2000, 1024, 1024));
    }

    [Fact]
    public void Reset_forgets_the_history()
    {
        var h = ReverbSignals.DecayingNoise(3000, 7, 800);
        var convolver = new NonUniformConvolver(h, 64, 1024);
        var x = Signals.Noise(64 * 40, 8);
        var first = new float[x.Length];
        var again = new float[x.Length];
        convolver.Process(x, first);
        convolver.Process(Signals.Noise(777, 9), new float[777]);
        convolver.Reset();
        convolver.Process(x, again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Plans_that_break_the_rules_are_rejected()
    {
        var h = new float[1000];
        h[0] = 1;
        // Sizes may not shrink.
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver(h, [256, 128, 1024]));
        // 256 starting at 64 would be due before its 256 inputs are in (needs offset ≥ 256 − 64).
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver(h, [64, 256, 1024]));
        // Not covering the IR.
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver(h, [64, 64, 128]));
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver(h, [100, 1000]));
        Assert.ThrowsAny<ArgumentException>(() => new NonUniformConvolver(h, [8, 1024]));
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver(h, []));
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver([], 64, 1024));
        Assert.Throws<ArgumentException>(() => new NonUniformConvolver([1f, float.PositiveInfinity], 64, 1024));
        Assert.ThrowsAny<ArgumentException>(() => new NonUniformConvolver(h, 1024, 512));
        var convolver = new NonUniformConvolver(h, 64, 256);
        Assert.Throws<ArgumentException>(() => convolver.ProcessBlock(new float[63], new float[64]));
    }

    private static readonly Gen<(int Seed, int IrLength, int SignalLength, int LatencyLog2, int GrowthLog2)> Cases =
        from seed in Gen.Int[0, 1 << 20]
        from irLength in Gen.Int[1, 3000]
        from signalLength in Gen.Int[1, 3000]
        from latencyLog2 in Gen.Int[4, 8]
        from growthLog2 in Gen.Int[0, 4]
        select (seed, irLength, signalLength, latencyLog2, growthLog2);

    [Fact]
    public void Any_IR_signal_and_plan_gives_the_direct_convolution_better_than_minus_100_dB()
    {
        Cases.Sample(c =>
        {
            var latency = 1 << c.LatencyLog2;
            var max = latency << c.GrowthLog2;
            var x = Signals.Noise(c.SignalLength, c.Seed);
            var h = ReverbSignals.DecayingNoise(c.IrLength, c.Seed + 1, c.IrLength / 4.0 + 1);
            var reference = ReverbSignals.Direct(x, h);
            var convolver = new NonUniformConvolver(h, latency, max);
            var total = reference.Length + latency;
            var input = new float[total];
            x.CopyTo(input, 0);
            var output = new float[total];
            var random = new Random(c.Seed);
            for (var position = 0; position < total;)
            {
                var chunk = Math.Min(total - position, random.Next(1, 3 * latency));
                convolver.Process(input.AsSpan(position, chunk), output.AsSpan(position, chunk));
                position += chunk;
            }
            var errorDb = ReverbSignals.ErrorDb(reference, output, latency);
            Assert.True(errorDb < -100, $"error {errorDb:0.0} dB for {c} (plan {string.Join(",", convolver.PartitionSizesFrames)})");
        }, iter: 60, threads: 1);
    }
}
