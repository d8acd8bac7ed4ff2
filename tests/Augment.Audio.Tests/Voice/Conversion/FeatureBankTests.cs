using Augment.Testing;


namespace Augment.Audio.Tests.Voice.Conversion;

public class FeatureBankTests
{

    [Fact]
    public void Npy_round_trip_keeps_shape_and_values()
    {
        var bank = new FeatureBank([1f, -2.5f, 3f, 4f, 5f, 6.25f], 3, 2);
        var copy = FeatureBank.Read(bank.ToNpy());
        Assert.Equal(3, copy.Count);
        Assert.Equal(2, copy.Dimensions);
        Assert.Equal(bank.Rows.ToArray(), copy.Rows.ToArray());
        Assert.Equal(0, (bank.ToNpy().Length - 24) % 64); // header padded so the data starts on a 64-byte boundary
    }

    [Fact]
    public void Not_npy_wrong_shape_and_fortran_order_are_refused()
    {
        Assert.Throws<InvalidMediaException>(() => FeatureBank.Read("hello world"u8));
        var npy = new FeatureBank([1f, 2f], 1, 2).ToNpy();
        var text = System.Text.Encoding.Latin1.GetString(npy).Replace("(1, 2)", "(2,)   ");
        Assert.Contains("two dimensions", Assert.Throws<InvalidMediaException>(() => FeatureBank.Read(System.Text.Encoding.Latin1.GetBytes(text))).Message);
        text = System.Text.Encoding.Latin1.GetString(npy).Replace("False", "True ");
        Assert.Contains("Fortran", Assert.Throws<InvalidMediaException>(() => FeatureBank.Read(System.Text.Encoding.Latin1.GetBytes(text))).Message);
        Assert.Contains("needs 8 bytes", Assert.Throws<InvalidMediaException>(() => FeatureBank.Read(npy.AsSpan(0, npy.Length - 1))).Message);
    }

    [Fact]
    public void Banks_pass_both_ways_between_numpy_and_this_reader()
    {
        PythonRunner.SkipUnless("numpy");
        var folder = Directory.CreateTempSubdirectory("augment-bank-");
        try
        {
            var ours = Path.Combine(folder.FullName, "ours.npy");
            new FeatureBank([1f, 2f, 3f, 4f, 5f, 6f], 2, 3).Save(ours);
            var f32 = Path.Combine(folder.FullName, "f32.npy");
            var f64 = Path.Combine(folder.FullName, "f64.npy");
            var output = Run($"import numpy as np; a = np.load('{ours}'); print(a.dtype, a.shape, a[1, 2]); " +
                $"b = (np.arange(12, dtype=np.float32).reshape(4, 3) / 8); np.save('{f32}', b); np.save('{f64}', b.astype(np.float64))");
            Assert.Equal("float32 (2, 3) 6.0", output.Trim());
            foreach (var path in new[] { f32, f64 })
            {
                var bank = FeatureBank.Load(path);
                Assert.Equal(4, bank.Count);
                Assert.Equal(3, bank.Dimensions);
                for (var i = 0; i < 12; i++) Assert.Equal(i / 8f, bank.Rows[i]);
            }
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public void Retrieval_blend_matches_RVCs_numpy_formula()
    {
        PythonRunner.SkipUnless("numpy");
        var random = new Random(21);
        var rows = new float[400 * 24];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)((random.NextDouble() * 2) - 1);
        var queries = new float[30 * 24];
        for (var i = 0; i < queries.Length; i++) queries[i] = (float)((random.NextDouble() * 2) - 1);
        var folder = Directory.CreateTempSubdirectory("augment-knn-");
        try
        {
            var bankPath = Path.Combine(folder.FullName, "bank.npy");
            var queryPath = Path.Combine(folder.FullName, "q.npy");
            var outPath = Path.Combine(folder.FullName, "out.npy");
            new FeatureBank(rows, 400, 24).Save(bankPath);
            new FeatureBank(queries, 30, 24).Save(queryPath);
            // RVC pipeline.py with faiss' flat search replaced by numpy brute force (squared L2, k = 8).
            Run($"import numpy as np; b = np.load('{bankPath}').astype(np.float64); q = np.load('{queryPath}').astype(np.float64); " +
                "s = ((q[:, None, :] - b[None, :, :]) ** 2).sum(2); ix = np.argsort(s, axis=1, kind='stable')[:, :8]; " +
                "score = np.take_along_axis(s, ix, 1); weight = np.square(1 / score); weight /= weight.sum(axis=1, keepdims=True); " +
                "r = np.sum(b[ix] * np.expand_dims(weight, axis=2), axis=1); " +
                $"np.save('{outPath}', (0.6 * r + 0.4 * q).astype(np.float32))");
            var expected = FeatureBank.Load(outPath);
            var actual = (float[])queries.Clone();
            FeatureRetrievalKernels.Blend(new FeatureBank(rows, 400, 24), actual, 8, 0.6f, new ComputeBudget { MaxThreads = 2 }, scalar: false, TestContext.Current.CancellationToken);
            for (var i = 0; i < actual.Length; i++) Assert.Equal(expected.Rows[i], actual[i], 1e-4f);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    private static string Run(string code) => PythonRunner.Run(["-c", code]);
}
