using CsCheck;

namespace Augment.Audio.Tests.Separation.Models;

public class SeparationChunkPlanTests
{
    [Fact]
    public void Weights_of_the_chunks_covering_a_position_add_to_one_and_chunks_tile_the_signal()
    {
        var cases = from length in Gen.Int[1, 5000]
                    from chunk in Gen.Int[1, 1200]
                    from overlap in Gen.Int[0, 700]
                    from isFixed in Gen.Bool
                    from linear in Gen.Bool
                    select (length, chunk, overlap, isFixed, linear);
        cases.Sample(c =>
        {
            var plan = new SeparationChunkPlan(c.length, c.chunk, c.overlap, c.isFixed, c.linear ? BlendRamp.Linear : BlendRamp.RaisedCosine);
            var sums = new double[c.length];
            Assert.Equal(0, plan.Positions[0]);
            Assert.Equal(c.length, Math.Max(plan.Positions[^1] + plan.ValidLength, c.length));
            for (var k = 0; k < plan.Count; k++)
            {
                if (k > 0)
                {
                    Assert.True(plan.Positions[k] > plan.Positions[k - 1]);
                    // Steps never exceed chunk − overlap, so every join has the full overlap.
                    Assert.True(plan.Positions[k] - plan.Positions[k - 1] <= plan.ChunkLength - plan.Overlap);
                }
                var weights = new float[plan.ValidLength];
                plan.WeightsOf(k, weights);
                for (var i = 0; i < plan.ValidLength; i++)
                {
                    Assert.InRange(weights[i], 0f, 1f);
                    sums[plan.Positions[k] + i] += weights[i];
                }
            }
            foreach (var sum in sums) Assert.InRange(sum, 1 - 1e-5, 1 + 1e-5);
        }, iter: 300);
    }

    [Fact]
    public void Outer_quarter_of_the_overlap_is_discarded_context()
    {
        // 220 frames in chunks of 100 with overlap 40: steps of at most 60 over a span of 120 give starts 0, 60, 120; margin ⌊40/4⌋ = 10.
        var plan = new SeparationChunkPlan(220, 100, 40, fixedLength: false, BlendRamp.Linear);
        Assert.Equal([0, 60, 120], plan.Positions);
        float[] Weights(int k)
        {
            var w = new float[plan.ValidLength];
            plan.WeightsOf(k, w);
            return w;
        }
        var middle = Weights(1);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(0f, middle[i]);
            Assert.Equal(0f, middle[99 - i]);
        }
        Assert.Equal(1f, middle[50]);
        // The first chunk's own start has no ramp.
        Assert.Equal(1f, Weights(0)[0]);
    }
}
