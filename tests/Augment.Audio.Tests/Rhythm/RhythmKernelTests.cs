using CsCheck;

namespace Augment.Audio.Tests.Rhythm;

public class RhythmKernelTests
{
    [Fact]
    public void Vectorised_flux_matches_the_scalar_reference()
    {
        Gen.Float[-5f, 5f].Array[1, 200].SelectMany(a => Gen.Float[-5f, 5f].Array[a.Length].Select(b => (a, b))).Sample(pair =>
        {
            var scratch = new float[pair.a.Length];
            var fast = OnsetKernels.Flux(pair.a, pair.b, scratch);
            var reference = OnsetKernels.FluxScalar(pair.a, pair.b);
            Assert.Equal(reference, fast, 1e-4f * (1 + Math.Abs(reference)));
        }, iter: 200);
    }

    [Fact]
    public void Vectorised_autocorrelation_matches_the_scalar_reference()
    {
        Gen.Float[-1f, 1f].Array[50, 400].Sample(x =>
        {
            double[] fast = new double[31], reference = new double[31];
            TempoKernels.Autocorrelation(x, 10, 40, fast);
            TempoKernels.AutocorrelationScalar(x, 10, 40, reference);
            for (var i = 0; i < fast.Length; i++) Assert.Equal(reference[i], fast[i], 1e-4);
        }, iter: 100);
    }

    [Fact]
    public void Moving_median_matches_sorting_each_window()
    {
        Gen.Float[0f, 1f].Array[1, 120].Select(Gen.Int[0, 10]).Sample((x, half) =>
        {
            var fast = new float[x.Length];
            OnsetKernels.MovingMedian(x, half, fast);
            for (var f = 0; f < x.Length; f++)
            {
                var window = x[Math.Max(0, f - half)..Math.Min(x.Length, f + half + 1)].Order().ToArray();
                var c = window.Length;
                var expected = c % 2 == 1 ? window[c / 2] : 0.5f * (window[(c / 2) - 1] + window[c / 2]);
                Assert.Equal(expected, fast[f]);
            }
        }, iter: 200);
    }

    [Fact]
    public void F_measure_of_a_hand_checked_case()
    {
        // References 1, 2, 3, 4. Estimates: 1.05 (hit), 1.06 (second estimate near 1: no second match),
        // 2.08 (outside 70 ms), 3.0 (hit), 5.0 (nothing). Matches 2; P = 2/5, R = 2/4, F = 2·0.4·0.5/0.9 = 4/9.
        double[] reference = [1, 2, 3, 4];
        double[] estimated = [1.05, 1.06, 2.08, 3.0, 5.0];

        Assert.Equal(2, BeatEvaluation.CountMatches(reference, estimated));
        Assert.Equal(4.0 / 9.0, BeatEvaluation.FMeasure(reference, estimated), 1e-12);
        Assert.Equal(1.0, BeatEvaluation.FMeasure(reference, reference));
        Assert.Equal(0.0, BeatEvaluation.FMeasure(reference, []));
    }

    [Fact]
    public void Greedy_matching_equals_the_largest_matching_by_brute_force()
    {
        Gen.Double[0, 3].Array[0, 6].Select(Gen.Double[0, 3].Array[0, 6]).Sample((r, e) =>
        {
            Array.Sort(r);
            Array.Sort(e);
            Assert.Equal(BruteForce(r, e, 0, 0, 0.3), BeatEvaluation.CountMatches(r, e, 0.3));
        }, iter: 300);
    }

    private static int BruteForce(double[] r, double[] e, int i, int used, double tolerance)
    {
        if (i == r.Length) return 0;
        var best = BruteForce(r, e, i + 1, used, tolerance);
        for (var j = 0; j < e.Length; j++)
            if ((used & (1 << j)) == 0 && e[j] >= r[i] - tolerance && e[j] <= r[i] + tolerance)
                best = Math.Max(best, 1 + BruteForce(r, e, i + 1, used | (1 << j), tolerance));
        return best;
    }
}
