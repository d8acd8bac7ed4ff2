using System.Diagnostics;

namespace Augment.Audio.Tests.Voice.Conversion;

public class FeatureBankTests
{
    private const string Python = "/usr/bin/python3";

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
        var reason = Probe();
        Assert.SkipWhen(reason is not null, reason ?? "");
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

    private static string? Probe()
    {
        if (!File.Exists(Python)) return $"{Python} is not installed; the numpy side-by-side check is skipped.";
        try
        {
            Run("import numpy");
            return null;
        }
        catch (InvalidOperationException e)
        {
            return $"{Python} cannot import numpy ({e.Message}); the side-by-side check is skipped.";
        }
    }

    private static string Run(string code)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException(errors.Trim());
        return output;
    }
}
