using static Augment.Core.Tests.Models.ModelReference;

namespace Augment.Core.Tests.Models;

public class TileAxisTests
{
    [Theory]
    [InlineData(1, 16, 4, 1)]
    [InlineData(100, 32, 8, 1)]
    [InlineData(257, 256, 16, 1)]
    [InlineData(500, 256, 16, 2)]
    [InlineData(97, 40, 12, 4)]
    [InlineData(96, 32, 0, 1)]
    [InlineData(1000, 64, 32, 1)]
    [InlineData(1000, 64, 100, 3)]
    [InlineData(33, 10, 3, 2)]
    public void Tiles_cover_the_axis_without_leaving_it_and_weights_sum_to_one(int length, int tile, int overlap, int scale)
    {
        foreach (var ramp in new[] { BlendRamp.RaisedCosine, BlendRamp.Linear })
        {
            var axis = new TileAxis(length, tile, overlap, fixedLength: false);
            var weights = axis.BuildWeights(scale, ramp);

            Assert.Equal(0, axis.Positions[0]);
            Assert.Equal(length - axis.ValidLength, axis.Positions[^1]);
            for (var k = 1; k < axis.Count; k++)
                Assert.InRange(axis.Positions[k] - axis.Positions[k - 1], 1, axis.TileLength - axis.Overlap);

            var sums = new double[length * scale];
            var valid = axis.ValidLength * scale;
            for (var k = 0; k < axis.Count; k++)
            for (var i = 0; i < valid; i++)
            {
                Assert.InRange(weights[k * valid + i], 0f, 1f);
                sums[axis.Positions[k] * scale + i] += weights[k * valid + i];
            }
            Assert.All(sums, s => Assert.Equal(1.0, s, 5));
        }
    }

    [Fact]
    public void Weights_are_zero_in_the_outer_quarter_of_a_shared_overlap()
    {
        var axis = new TileAxis(56, 32, 8, fixedLength: false);
        var weights = axis.BuildWeights(1, BlendRamp.RaisedCosine);

        Assert.Equal([0, 24], axis.Positions);
        // Tile 0 ends at 32: its last two samples (a quarter of 8) are context only; tile 1 mirrors it.
        Assert.Equal(0f, weights[30]);
        Assert.Equal(0f, weights[31]);
        Assert.Equal(0f, weights[32 + 0]);
        Assert.Equal(0f, weights[32 + 1]);
        Assert.Equal(1f, weights[0]);
        Assert.Equal(1f, weights[32 + 31]);
    }

    [Fact]
    public void Vectorised_accumulation_equals_the_scalar_reference()
    {
        const int tileStride = 37, rows = 29, columns = 33, planeWidth = 80, planeHeight = 50;
        var tile = RandomFloats(tileStride * rows, seed: 70);
        var rowWeights = RandomFloats(rows, seed: 71, 0f, 1f);
        var columnWeights = RandomFloats(columns, seed: 72, 0f, 1f);
        rowWeights[3] = 0f;
        var fast = RandomFloats(planeWidth * planeHeight, seed: 73);
        var reference = (float[])fast.Clone();

        TileKernels.AccumulateWeighted(tile, tileStride, rowWeights, columnWeights, fast, planeWidth, 11, 7, new float[columns]);
        TileKernels.AccumulateWeightedScalar(tile, tileStride, rowWeights, columnWeights, reference, planeWidth, 11, 7);

        Assert.True(MaxAbsDifference(reference, fast) <= 1e-6f);
    }

    [Fact]
    public void Copying_a_tile_past_the_edge_replicates_or_zero_pads()
    {
        float[] plane = [1, 2, 3, 4, 5, 6];
        var replicated = new float[4 * 3];
        var zeroed = new float[4 * 3];

        TileKernels.CopyTileIn(plane, 3, 2, 1, 0, 4, 3, replicated, replicateEdges: true);
        TileKernels.CopyTileIn(plane, 3, 2, 1, 0, 4, 3, zeroed, replicateEdges: false);

        Assert.Equal([2, 3, 3, 3, 5, 6, 6, 6, 5, 6, 6, 6], replicated);
        Assert.Equal([2, 3, 0, 0, 5, 6, 0, 0, 0, 0, 0, 0], zeroed);
    }
}
