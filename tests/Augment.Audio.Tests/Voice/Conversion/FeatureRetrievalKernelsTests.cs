namespace Augment.Audio.Tests.Voice.Conversion;

public class FeatureRetrievalKernelsTests
{
    private static FeatureBank RandomBank(int n, int d, int seed, out Random random)
    {
        random = new Random(seed);
        var rows = new float[n * d];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)((random.NextDouble() * 2) - 1);
        return new FeatureBank(rows, n, d);
    }

    [Fact]
    public void Hand_computed_case_weights_neighbours_by_inverse_squared_squared_distance()
    {
        // Query at the origin; rows at squared distances 1, 4 and 9. k = 2: weights 1/1² and 1/4², normalised 16/17 and 1/17.
        var bank = new FeatureBank([1f, 0f, 0f, 2f, 3f, 0f], 3, 2);
        var frame = new float[] { 0f, 0f };
        FeatureRetrievalKernels.BlendFrame(bank, frame, 2, 0.5f, new float[3], scalar: false);
        Assert.Equal(0.5f * 16f / 17f, frame[0], 1e-6f);
        Assert.Equal(0.5f * 2f / 17f, frame[1], 1e-6f);
    }

    [Fact]
    public void An_exact_match_in_the_bank_dominates_instead_of_dividing_by_zero()
    {
        var bank = new FeatureBank([1f, 1f, 4f, 4f], 2, 2);
        var frame = new float[] { 1f, 1f };
        FeatureRetrievalKernels.BlendFrame(bank, frame, 2, 1f, new float[2], scalar: false);
        Assert.Equal(1f, frame[0], 1e-6f);
        Assert.Equal(1f, frame[1], 1e-6f);
    }

    [Fact]
    public void Simd_search_finds_the_same_neighbours_as_the_scalar_brute_force()
    {
        var bank = RandomBank(700, 48, 11, out var random);
        var distances = new float[700];
        var reference = new float[700];
        for (var q = 0; q < 20; q++)
        {
            var query = new float[48];
            for (var i = 0; i < 48; i++) query[i] = (float)((random.NextDouble() * 2) - 1);
            FeatureRetrievalKernels.SquaredDistances(query, bank.Rows, 48, distances);
            FeatureRetrievalKernels.SquaredDistancesScalar(query, bank.Rows, 48, reference);
            for (var r = 0; r < 700; r++) Assert.Equal(reference[r], distances[r], reference[r] * 1e-5f);
            int[] fast = new int[8], slow = new int[8];
            float[] fastD = new float[8], slowD = new float[8];
            FeatureRetrievalKernels.SelectNearest(distances, fast, fastD);
            FeatureRetrievalKernels.SelectNearest(reference, slow, slowD);
            Assert.Equal(slow, fast);
            // Sorted ascending, and nothing outside the list is nearer (a full sort as the oracle).
            var sorted = (float[])reference.Clone();
            Array.Sort(sorted);
            for (var j = 0; j < 8; j++) Assert.Equal(sorted[j], slowD[j]);
        }
    }

    [Fact]
    public void Parallel_blend_of_many_frames_matches_the_scalar_blend()
    {
        var bank = RandomBank(300, 16, 5, out var random);
        var frames = new float[64 * 16];
        for (var i = 0; i < frames.Length; i++) frames[i] = (float)((random.NextDouble() * 2) - 1);
        var fast = (float[])frames.Clone();
        var slow = (float[])frames.Clone();
        FeatureRetrievalKernels.Blend(bank, fast, 8, 0.75f, new ComputeBudget { MaxThreads = 2 }, scalar: false, TestContext.Current.CancellationToken);
        FeatureRetrievalKernels.Blend(bank, slow, 8, 0.75f, ComputeBudget.SingleThreaded, scalar: true, TestContext.Current.CancellationToken);
        for (var i = 0; i < frames.Length; i++) Assert.Equal(slow[i], fast[i], 1e-5f);
        Assert.NotEqual(frames, fast);
    }

    [Fact]
    public void Index_rate_zero_leaves_features_untouched()
    {
        var bank = RandomBank(50, 8, 3, out var random);
        var frames = new float[4 * 8];
        for (var i = 0; i < frames.Length; i++) frames[i] = (float)random.NextDouble();
        var copy = (float[])frames.Clone();
        FeatureRetrievalKernels.Blend(bank, copy, 8, 0f, ComputeBudget.Default, scalar: false, TestContext.Current.CancellationToken);
        Assert.Equal(frames, copy);
    }
}
