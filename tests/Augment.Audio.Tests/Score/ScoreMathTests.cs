namespace Augment.Audio.Tests.Score;

public class ScoreMathTests
{
    [Fact]
    public void Deterministic_sine_matches_Math_Sin_to_1e_12_over_many_cycles()
    {
        var random = new Random(5);
        for (var i = 0; i < 20000; i++)
        {
            var cycles = (random.NextDouble() - 0.5) * 2000;
            Assert.Equal(Math.Sin(2 * Math.PI * cycles), ScoreMath.Sin2Pi(cycles), 1e-12);
        }
        Assert.Equal(1.0, ScoreMath.Sin2Pi(0.25), 1e-13);
        Assert.Equal(0.0, ScoreMath.Sin2Pi(0.5), 1e-13);
        Assert.Equal(-1.0, ScoreMath.Sin2Pi(0.75), 1e-13);
    }

    [Fact]
    public void Deterministic_exp_matches_Math_Exp_to_1e_12_relative()
    {
        var random = new Random(6);
        for (var i = 0; i < 20000; i++)
        {
            var x = (random.NextDouble() - 0.5) * 200;
            var expected = Math.Exp(x);
            Assert.True(Math.Abs(ScoreMath.Exp(x) - expected) <= 1e-12 * expected, $"exp({x}) = {ScoreMath.Exp(x)}, Math.Exp = {expected}");
        }
        Assert.Equal(440.0, ScoreMath.MidiToHz(69), 1e-12);
        Assert.Equal(880.0, ScoreMath.MidiToHz(81), 1e-10);
        Assert.Equal(261.6255653005986, ScoreMath.MidiToHz(60), 1e-9); // middle C, 440 · 2^(-9/12)
    }

    [Fact]
    public void Random_streams_repeat_per_seed_differ_across_seeds_and_noise_is_uniform_in_minus_1_to_1()
    {
        var a = new ScoreRandom(1, 0);
        var b = new ScoreRandom(1, 0);
        var c = new ScoreRandom(2, 0);
        var sameA = a.Next();
        Assert.Equal(sameA, b.Next());
        Assert.NotEqual(sameA, c.Next());
        var noise = new ScoreRandom(3, 1);
        double sum = 0, squares = 0;
        const int n = 200000;
        for (var i = 0; i < n; i++)
        {
            var v = noise.NextNoise();
            Assert.InRange(v, -1f, 1f);
            sum += v;
            squares += v * v;
        }
        Assert.Equal(0.0, sum / n, 0.01);
        Assert.Equal(1.0 / 3.0, squares / n, 0.01); // variance of U(-1, 1)
    }
}
