using CsCheck;

namespace Augment.Audio.Tests.Separation;

public sealed class NmfSeparatorTests
{
    [Theory]
    [InlineData(NmfDivergence.KullbackLeibler)]
    [InlineData(NmfDivergence.Euclidean)]
    public void Multiplicative_updates_never_increase_the_divergence(NmfDivergence divergence)
    {
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 30], Gen.Int[1, 6], Gen.Int[0, 10000]).Sample((t, f, k, seed) =>
        {
            var random = new Random(seed);
            var v = new float[t * f];
            // Non-negative data with some exact zeros, as spectrogram cells have.
            for (var i = 0; i < v.Length; i++) v[i] = random.Next(5) == 0 ? 0f : random.NextSingle() * 3f;
            var a = new float[t * k];
            var b = new float[k * f];
            NmfKernels.Initialise(v, k, a, b, seed, initialiseBases: true);
            var model = new float[t * f];
            var ratio = new float[t * f];
            var numerator = new float[k * f];
            NmfKernels.Reconstruct(a, b, t, k, f, model, ComputeBudget.SingleThreaded, TestContext.Current.CancellationToken);
            var previous = NmfKernels.Divergence(v, model, divergence);
            for (var i = 0; i < 25; i++)
            {
                NmfKernels.Iterate(v, a, b, t, k, f, divergence, updateBases: true, model, ratio, numerator, ComputeBudget.SingleThreaded, TestContext.Current.CancellationToken);
                NmfKernels.Reconstruct(a, b, t, k, f, model, ComputeBudget.SingleThreaded, TestContext.Current.CancellationToken);
                var current = NmfKernels.Divergence(v, model, divergence);
                // Float32 updates: allow rounding-size increases only.
                Assert.True(current <= previous + (1e-5 * Math.Abs(previous)) + 1e-9, $"iteration {i}: {previous} -> {current} (t {t}, f {f}, k {k}, seed {seed})");
                previous = current;
            }
        }, iter: 150);
    }

    [Theory]
    [InlineData(NmfDivergence.KullbackLeibler)]
    [InlineData(NmfDivergence.Euclidean)]
    public void A_rank_two_spectrogram_factorises_back_into_its_two_parts(NmfDivergence divergence)
    {
        // V = a1·b1 + a2·b2 with b1 a low harmonic comb and b2 a high band; a1, a2 switch on and off at different rates,
        // so some frames hold one part alone and the factorisation is unique up to scale and order.
        const int T = 60, F = 40, K = 2;
        var b1 = new float[F];
        var b2 = new float[F];
        for (var f = 0; f < F; f++)
        {
            b1[f] = f % 5 == 0 && f < 20 ? 1f : 0f;
            b2[f] = f >= 25 ? 0.5f + (0.02f * f) : 0f;
        }
        var v = new float[T * F];
        var a1 = new float[T];
        var a2 = new float[T];
        for (var t = 0; t < T; t++)
        {
            a1[t] = (t / 6) % 2 == 0 ? 1f + (0.1f * t) : 0f;
            a2[t] = (t / 4) % 2 == 0 ? 2f : 0f;
            for (var f = 0; f < F; f++) v[(t * F) + f] = (a1[t] * b1[f]) + (a2[t] * b2[f]);
        }
        var a = new float[T * K];
        var b = new float[K * F];
        NmfKernels.Initialise(v, K, a, b, 7, initialiseBases: true);
        NmfKernels.Factorise(v, T, F, K, a, b, 1500, divergence, updateBases: true, ComputeBudget.SingleThreaded, TestContext.Current.CancellationToken);
        var model = new float[T * F];
        NmfKernels.Reconstruct(a, b, T, K, F, model, ComputeBudget.SingleThreaded, TestContext.Current.CancellationToken);
        double error = 0, energy = 0;
        for (var i = 0; i < v.Length; i++) { error += (v[i] - model[i]) * (double)(v[i] - model[i]); energy += v[i] * (double)v[i]; }
        Assert.True(error / energy < 1e-4, $"relative reconstruction error {error / energy:E2}");
        // Each learned basis matches one true basis (up to scale and order).
        var first = Cosine(b.AsSpan(0, F), b1) > Cosine(b.AsSpan(0, F), b2);
        var c1 = Cosine(b.AsSpan(first ? 0 : F, F), b1);
        var c2 = Cosine(b.AsSpan(first ? F : 0, F), b2);
        Assert.True(c1 > 0.99 && c2 > 0.99, $"basis cosines {c1:0.0000} and {c2:0.0000}");
    }

    [Fact]
    public void Bases_learned_from_examples_pull_drums_and_tonal_parts_apart()
    {
        var mixture = TestMixtures.Music(channels: 1, seconds: 4);
        var half = mixture.Frames / 2;
        // Learn from the first half of each source alone, separate the whole mix.
        using var drums = TestMixture.ToBuffer([mixture.Source("drums")[0][..half]], mixture.SampleRate);
        using var tonal = TestMixture.ToBuffer([mixture.SumOf("bass", "pads")[0][..half]], mixture.SampleRate);
        var separator = NmfSeparator.Learn(new Dictionary<string, AudioBuffer> { ["drums"] = drums, ["tonal"] = tonal },
            new NmfOptions { Components = 12, Iterations = 60 }, TestContext.Current.CancellationToken);
        Assert.True(separator.IsSupervised);
        Assert.Equal(["drums", "tonal"], separator.StemNames);
        using var mix = mixture.MixBuffer();
        using var stems = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        var drumsSdr = SeparationScore.SdrDb(mixture.Source("drums"), stems["drums"]);
        var tonalSdr = SeparationScore.SdrDb(mixture.SumOf("bass", "pads"), stems["tonal"]);
        var drumsBaseline = SeparationScore.SdrDb(mixture.Source("drums"), mix);
        var tonalBaseline = SeparationScore.SdrDb(mixture.SumOf("bass", "pads"), mix);
        using var unsupervised = new NmfSeparator(new NmfOptions { Components = 12, Iterations = 60 }).Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        var low = SeparationScore.SdrDb(mixture.SumOf("bass", "pads"), unsupervised["part1"]);
        var high = SeparationScore.SdrDb(mixture.Source("drums"), unsupervised["part2"]);
        TestContext.Current.TestOutputHelper?.WriteLine($"supervised: drums {drumsSdr:0.0} dB (mix {drumsBaseline:0.0}), bass+pads {tonalSdr:0.0} dB (mix {tonalBaseline:0.0}); unsupervised by centroid: part1 vs bass+pads {low:0.0} dB, part2 vs drums {high:0.0} dB");
        Assert.True(drumsSdr > drumsBaseline + 5, $"drums SDR {drumsSdr:0.0} dB vs mix {drumsBaseline:0.0}");
        Assert.True(tonalSdr > tonalBaseline + 2, $"bass+pads SDR {tonalSdr:0.0} dB vs mix {tonalBaseline:0.0}");
        using var sum = stems.Sum();
        for (var i = 0; i < mix.Data.Length; i++) Assert.Equal(mix.Data[i], sum.Data[i], 1e-5f);
    }

    [Fact]
    public void Silent_input_gives_silent_stems_and_the_same_seed_gives_the_same_stems()
    {
        var options = new NmfOptions { Components = 4, Iterations = 10, Stems = 3 };
        using var silent = AudioBuffer.Create(2, 10000, 44100);
        using (var stems = new NmfSeparator(options).Separate(silent, cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Equal(["part1", "part2", "part3"], stems.Names);
            for (var s = 0; s < stems.Count; s++)
                foreach (var v in stems[s].Data) Assert.Equal(0f, v);
        }
        var mixture = TestMixtures.Music(channels: 1, seconds: 1);
        using var mix = mixture.MixBuffer();
        using var one = new NmfSeparator(options).Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        using var two = new NmfSeparator(options).Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(one[1].Data.ToArray(), two[1].Data.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new NmfSeparator(new NmfOptions { Components = 2, Stems = 3 }));
    }

    private static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double xy = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Length; i++) { xy += x[i] * (double)y[i]; xx += x[i] * (double)x[i]; yy += y[i] * (double)y[i]; }
        return xy / Math.Sqrt(xx * yy);
    }
}
