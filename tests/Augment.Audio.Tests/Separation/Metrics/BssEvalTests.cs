using System.Text.Json;

namespace Augment.Audio.Tests.Separation.Metrics;

public sealed class BssEvalTests
{
    private const int Rate = 8000;

    private static BssEvalReport Evaluate(AudioBuffer[] references, AudioBuffer[] estimates, BssEvalOptions? options = null)
    {
        var names = new string[references.Length];
        for (var i = 0; i < names.Length; i++) names[i] = $"s{i}";
        return BssEval.Evaluate(names, references, estimates, options, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static void DisposeAll(params AudioBuffer[][] sets)
    {
        foreach (var set in sets)
            foreach (var b in set) b.Dispose();
    }

    [Fact]
    public void Half_scaled_estimate_has_SDR_and_ISR_of_6_02_dB_and_no_interference_or_artifacts()
    {
        // Images BSS-Eval compares with the true image itself: ŝ = s/2 leaves e = −s/2, so SDR = ISR = 20·log10(2).
        AudioBuffer[] refs = [MetricSignals.Noise(2, 3 * Rate, Rate, 1), MetricSignals.Noise(2, 3 * Rate, Rate, 2)];
        AudioBuffer[] ests = [MetricSignals.Mix([refs[0]], [0.5]), MetricSignals.Mix([refs[1]], [0.5])];
        var report = Evaluate(refs, ests);
        Assert.Equal(3, report.WindowCount);
        foreach (var source in report.Sources)
        {
            Assert.Equal(20 * Math.Log10(2), source.SdrDb, 0.01);
            Assert.Equal(20 * Math.Log10(2), source.IsrDb, 0.01);
            Assert.True(source.SirDb > 60, $"SIR {source.SirDb}");
            Assert.True(source.SarDb > 60, $"SAR {source.SarDb}");
        }
        DisposeAll(refs, ests);
    }

    [Fact]
    public void Delay_and_short_FIR_are_absorbed_by_the_distortion_filters_leaving_no_interference_or_artifacts()
    {
        const int frames = 2 * Rate;
        AudioBuffer[] refs = [MetricSignals.Noise(1, frames, Rate, 3), MetricSignals.Noise(1, frames, Rate, 4)];
        foreach (var r in refs) MetricSignals.Silence(r, frames - 600, frames); // keeps the delayed copy inside the track
        double[] delay = new double[201];
        delay[200] = 1;
        AudioBuffer[] ests = [MetricSignals.Filter(refs[0], delay), MetricSignals.Filter(refs[1], [0.6, 0.3, -0.2, 0.1])];
        var report = Evaluate(refs, ests, new BssEvalOptions { WindowSeconds = double.PositiveInfinity });
        Assert.Equal(1, report.WindowCount);
        // White noise against itself delayed: Σ(s_d − s)² ≈ 2Σs², so SDR = ISR ≈ −3.01 dB; the filters explain all of ŝ.
        var delayed = report.Sources[0];
        Assert.Equal(-10 * Math.Log10(2), delayed.SdrDb, 0.2);
        Assert.Equal(delayed.SdrDb, delayed.IsrDb, 0.01);
        var filtered = report.Sources[1];
        var plainSnr = 10 * Math.Log10(MetricSignals.Energy(refs[1]) / Energy(ests[1], refs[1]));
        Assert.Equal(plainSnr, filtered.SdrDb, 0.01);
        foreach (var source in report.Sources)
        {
            Assert.True(source.SirDb > 50, $"{source.Name} SIR {source.SirDb}");
            Assert.True(source.SarDb > 50, $"{source.Name} SAR {source.SarDb}");
        }
        DisposeAll(refs, ests);
    }

    [Fact]
    public void White_noise_at_10_dB_SNR_gives_SDR_and_SAR_within_half_a_dB_of_10()
    {
        const int frames = 4 * Rate;
        AudioBuffer[] refs = [MetricSignals.Noise(1, frames, Rate, 5), MetricSignals.Noise(1, frames, Rate, 6)];
        using var n0 = MetricSignals.Noise(1, frames, Rate, 7);
        using var n1 = MetricSignals.Noise(1, frames, Rate, 8);
        double Gain(AudioBuffer r, AudioBuffer n) => Math.Sqrt(MetricSignals.Energy(r) / MetricSignals.Energy(n) / 10);
        AudioBuffer[] ests = [MetricSignals.Mix([refs[0]], [1], n0, Gain(refs[0], n0)), MetricSignals.Mix([refs[1]], [1], n1, Gain(refs[1], n1))];
        var report = Evaluate(refs, ests);
        foreach (var source in report.Sources)
        {
            Assert.Equal(10, source.SdrDb, 0.5);
            Assert.Equal(10, source.SarDb, 0.5);
            Assert.True(source.SirDb > 20, $"SIR {source.SirDb}");
        }
        DisposeAll(refs, ests);
    }

    [Fact]
    public void Leaked_copy_of_another_source_gives_the_analytic_interference_ratio_and_an_exact_estimate_infinite_SDR()
    {
        const int frames = 4 * Rate;
        AudioBuffer[] refs = [MetricSignals.Noise(1, frames, Rate, 9), MetricSignals.Noise(1, frames, Rate, 10)];
        AudioBuffer[] ests = [MetricSignals.Mix([refs[0], refs[1]], [1, 0.5]), refs[1].Clone()];
        var report = Evaluate(refs, ests, new BssEvalOptions { WindowSeconds = double.PositiveInfinity });
        double e0 = MetricSignals.Energy(refs[0]), leak = 0.25 * MetricSignals.Energy(refs[1]);
        // SDR compares with the true image only: exactly E0 / (g²E1).
        Assert.Equal(10 * Math.Log10(e0 / leak), report.Sources[0].SdrDb, 0.01);
        // SIR: the projection on the 512 delayed copies of source 0 also catches the expected share L/n of the
        // independent white leak (a random subspace of dimension L in n), so Pj = E0 + f·leak and e_interf = (1 − f)·leak.
        var f = 512.0 / frames;
        Assert.Equal(10 * Math.Log10((e0 + (f * leak)) / ((1 - f) * leak)), report.Sources[0].SirDb, 0.1);
        Assert.True(report.Sources[0].SarDb > 40, $"SAR {report.Sources[0].SarDb}");
        Assert.Equal(double.PositiveInfinity, report.Sources[1].SdrDb);
        DisposeAll(refs, ests);
    }

    [Fact]
    public void Random_stereo_mixtures_match_the_numpy_museval_formulas_within_0_01_dB()
    {
        BssEvalPeer.SkipWhenAbsent();
        const int frames = 25600;
        AudioBuffer[] refs = [MetricSignals.Noise(2, frames, Rate, 11), MetricSignals.Noise(2, frames, Rate, 12)];
        using var noise = MetricSignals.Noise(2, frames, Rate, 14);
        using var leak = MetricSignals.Mix([refs[0], refs[1]], [0.8, 0.2], noise, 0.1);
        AudioBuffer[] ests =
        [
            MetricSignals.Filter(leak, [0.9, 0.2, -0.1]),
            MetricSignals.Mix([refs[1], refs[0]], [0.7, 0.4], noise, 0.3),
        ];
        CompareWithPeer(refs, ests, Rate, Rate, 512);
        DisposeAll(refs, ests);
    }

    [Fact]
    public void Coloured_sources_with_overlapping_windows_and_silences_match_the_numpy_formulas_including_NaNs()
    {
        BssEvalPeer.SkipWhenAbsent();
        const int frames = 21000;
        AudioBuffer[] refs = [MetricSignals.Coloured(2, frames, Rate, 21, 0.9, 220), MetricSignals.Coloured(2, frames, Rate, 22, 0.7, 330)];
        MetricSignals.Silence(refs[1], 8000, 14000); // window [8000, 14000) is silent for source 1: NaN for both sources
        using var noise = MetricSignals.Noise(2, frames, Rate, 23);
        AudioBuffer[] ests =
        [
            MetricSignals.Mix([refs[0], refs[1]], [0.9, 0.3], noise, 0.05),
            MetricSignals.Filter(MetricSignals.Mix([refs[1], refs[0]], [1.0, 0.1], noise, 0.2), [0.5, 0.5]),
        ];
        var report = CompareWithPeer(refs, ests, 6000, 4000, 256, new BssEvalOptions { WindowSeconds = 0.75, HopSeconds = 0.5, FilterLength = 256 });
        Assert.Equal(4, report.WindowCount);
        Assert.True(double.IsNaN(report.Sources[0].WindowSdrDb[2]));
        Assert.False(double.IsNaN(report.Sources[0].SdrDb));
        DisposeAll(refs, ests);
    }

    private static BssEvalReport CompareWithPeer(AudioBuffer[] refs, AudioBuffer[] ests, int window, int hop, int taps, BssEvalOptions? options = null)
    {
        var report = Evaluate(refs, ests, options);
        var peer = BssEvalPeer.Evaluate(refs, ests, window, hop, taps);
        Assert.Equal(peer.GetLength(1), report.WindowCount);
        for (var j = 0; j < refs.Length; j++)
        {
            var ours = report.Sources[j];
            IReadOnlyList<double>[] metrics = [ours.WindowSdrDb, ours.WindowIsrDb, ours.WindowSirDb, ours.WindowSarDb];
            for (var t = 0; t < report.WindowCount; t++)
                for (var m = 0; m < 4; m++)
                {
                    double expected = peer[j, t, m], actual = metrics[m][t];
                    var what = $"source {j} window {t} metric {"SDR ISR SIR SAR".Split(' ')[m]}: numpy {expected}, ours {actual}";
                    if (double.IsNaN(expected) || double.IsInfinity(expected)) Assert.True(expected.Equals(actual), what);
                    else Assert.True(Math.Abs(expected - actual) <= 0.01, what);
                }
        }
        return report;
    }

    [Fact]
    public void Stem_sets_are_paired_by_name_case_insensitively_and_reported_in_the_estimates_order()
    {
        using var references = new StemSet(["Drums", "vocals"], [MetricSignals.Noise(1, Rate, Rate, 31), MetricSignals.Noise(1, Rate, Rate, 32)]);
        using var estimates = new StemSet(["VOCALS", "drums"], [MetricSignals.Mix([references[1]], [0.5]), references[0].Clone()]);
        var report = BssEval.Evaluate(references, estimates, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("VOCALS", report.Sources[0].Name);
        Assert.Equal(20 * Math.Log10(2), report["vocals"].SdrDb, 0.01);
        Assert.Equal(double.PositiveInfinity, report["Drums"].SdrDb);
    }

    [Fact]
    public void Mismatched_names_rates_lengths_and_silent_stems_are_argument_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var a = MetricSignals.Noise(1, Rate, Rate, 41);
        using var b = MetricSignals.Noise(1, Rate, Rate, 42);
        using var otherRate = MetricSignals.Noise(1, Rate, 16000, 43);
        using var shorter = MetricSignals.Noise(1, Rate - 1, Rate, 44);
        using var stereo = MetricSignals.Noise(2, Rate, Rate, 45);
        using var silent = AudioBuffer.Create(1, Rate, Rate);
        Assert.Contains("16000 Hz", Assert.Throws<ArgumentException>(() => BssEval.Evaluate(["x", "y"], [a, b], [a, otherRate], cancellationToken: ct)).Message);
        Assert.Contains("7999 frames", Assert.Throws<ArgumentException>(() => BssEval.Evaluate(["x", "y"], [a, b], [shorter, b], cancellationToken: ct)).Message);
        Assert.Contains("2 channels", Assert.Throws<ArgumentException>(() => BssEval.Evaluate(["x", "y"], [a, b], [a, stereo], cancellationToken: ct)).Message);
        Assert.Contains("silent", Assert.Throws<ArgumentException>(() => BssEval.Evaluate(["x", "y"], [a, b], [a, silent], cancellationToken: ct)).Message);
        Assert.Throws<ArgumentException>(() => BssEval.Evaluate(["x"], [a, b], [a, b], cancellationToken: ct));
        using var refs = new StemSet(["bass", "drums"], [a.Clone(), b.Clone()]);
        using var ests = new StemSet(["bass", "vocals"], [a.Clone(), b.Clone()]);
        Assert.Contains("'vocals'", Assert.Throws<ArgumentException>(() => BssEval.Evaluate(refs, ests, cancellationToken: ct)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BssEvalOptions { WindowSeconds = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BssEvalOptions { FilterLength = 0 });
    }

    [Fact]
    public void A_folder_of_references_is_matched_by_file_name_and_missing_extra_or_resampled_stems_are_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("bsseval-refs").FullName;
        try
        {
            using var vocals = MetricSignals.Noise(2, Rate, Rate, 51);
            using var drums = MetricSignals.Noise(2, Rate, Rate, 52);
            AudioFile.SaveWav(vocals, Path.Combine(folder, "Vocals.wav"));
            AudioFile.SaveWav(drums, Path.Combine(folder, "drums.WAV"));
            using var loadedVocals = AudioFile.Load(Path.Combine(folder, "Vocals.wav"), cancellationToken: ct);
            using var loadedDrums = AudioFile.Load(Path.Combine(folder, "drums.WAV"), cancellationToken: ct);
            using var estimates = new StemSet(["vocals", "drums"], [MetricSignals.Mix([loadedVocals], [0.5]), MetricSignals.Mix([loadedDrums], [0.5])]);
            var report = BssEval.EvaluateAgainstFolder(estimates, folder, cancellationToken: ct);
            Assert.Equal(20 * Math.Log10(2), report["vocals"].SdrDb, 0.01);
            Assert.Equal(20 * Math.Log10(2), report["drums"].SdrDb, 0.01);

            using var three = new StemSet(["vocals", "drums", "bass"], [vocals.Clone(), drums.Clone(), drums.Clone()]);
            Assert.Contains("bass.wav", Assert.Throws<ArgumentException>(() => BssEval.EvaluateAgainstFolder(three, folder, cancellationToken: ct)).Message);
            using var one = new StemSet(["vocals"], [vocals.Clone()]);
            Assert.Contains("drums.wav", Assert.Throws<ArgumentException>(() => BssEval.EvaluateAgainstFolder(one, folder, cancellationToken: ct)).Message);
            using var fast = new StemSet(["vocals", "drums"], [MetricSignals.Noise(2, 2 * Rate, 2 * Rate, 53), MetricSignals.Noise(2, 2 * Rate, 2 * Rate, 54)]);
            Assert.Contains("16000 Hz", Assert.Throws<ArgumentException>(() => BssEval.EvaluateAgainstFolder(fast, folder, cancellationToken: ct)).Message);
            Assert.Throws<ArgumentException>(() => BssEval.EvaluateAgainstFolder(estimates, Path.Combine(folder, "missing"), cancellationToken: ct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Report_prints_a_table_of_medians_and_serialises_to_JSON_with_NaN_windows()
    {
        const int frames = 3 * Rate;
        AudioBuffer[] refs = [MetricSignals.Noise(1, frames, Rate, 61), MetricSignals.Noise(1, frames, Rate, 62)];
        MetricSignals.Silence(refs[1], 0, Rate);
        AudioBuffer[] ests = [MetricSignals.Mix([refs[0]], [0.5]), MetricSignals.Mix([refs[1], refs[0]], [1, 0.1])];
        var report = Evaluate(refs, ests);
        Assert.True(double.IsNaN(report.Sources[0].WindowSdrDb[0]));
        var table = report.ToTable();
        Assert.Contains("s0", table);
        Assert.Contains("6.02", table);
        Assert.Contains("2/3", table);
        var json = JsonSerializer.Serialize(report);
        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.GetProperty("Sources")[0];
        Assert.Equal("NaN", first.GetProperty("WindowSdrDb")[0].GetString());
        Assert.Equal(report.Sources[0].SdrDb, first.GetProperty("SdrDb").GetDouble(), 1e-9);
        DisposeAll(refs, ests);
    }

    [Fact]
    public void Blocked_Cholesky_solves_a_random_positive_definite_system_and_SIMD_dot_matches_scalar()
    {
        var random = new Random(71);
        const int n = 203; // crosses several 64-row blocks and leaves a ragged tail
        var m = new double[n * n];
        var basis = new double[n * n];
        for (var i = 0; i < basis.Length; i++) basis[i] = random.NextDouble() - 0.5;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (var k = 0; k < n; k++) sum += basis[(i * n) + k] * basis[(j * n) + k];
                m[(i * n) + j] = sum;
            }
        var original = (double[])m.Clone();
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = random.NextDouble() - 0.5;
        var b = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) b[i] += original[(i * n) + j] * x[j];
        Assert.True(BssEvalKernels.Cholesky(m, n, new ParallelOptions { MaxDegreeOfParallelism = 2 }));
        BssEvalKernels.CholeskySolve(m, n, b);
        for (var i = 0; i < n; i++) Assert.Equal(x[i], b[i], 1e-8);

        var u = new double[1001];
        var v = new double[1001];
        for (var i = 0; i < u.Length; i++) { u[i] = random.NextDouble(); v[i] = random.NextDouble(); }
        Assert.Equal(BssEvalKernels.DotScalar(u, v), BssEvalKernels.DotSpan(u, v), 1e-9);
    }

    private static double Energy(AudioBuffer a, AudioBuffer b)
    {
        double sum = 0;
        var x = a.Data;
        var y = b.Data;
        for (var i = 0; i < x.Length; i++) sum += (double)(x[i] - y[i]) * (x[i] - y[i]);
        return sum;
    }
}
