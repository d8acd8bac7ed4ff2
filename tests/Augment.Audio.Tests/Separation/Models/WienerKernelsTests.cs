using System.Runtime.InteropServices;
using Augment.Testing;


namespace Augment.Audio.Tests.Separation.Models;

public class WienerKernelsTests
{

    /// <summary>
    /// norbert's expectation_maximization (Nugraha et al. 2016), re-written with numpy's matrix inverse and einsum — a
    /// different route from the kernel's closed-form 2×2 algebra.
    /// </summary>
    private const string NumpyEm = """
        import sys
        import numpy as np
        S, C, T, B, iterations = map(int, sys.argv[1:6])
        raw = np.fromfile(sys.argv[6], dtype=np.float32).astype(np.float64)
        nx = C * T * B
        x = (raw[:nx] + 1j * raw[nx:2 * nx]).reshape(C, T, B)
        ny = S * C * T * B
        y = (raw[2 * nx:2 * nx + ny] + 1j * raw[2 * nx + ny:]).reshape(S, C, T, B)
        eps = max(np.max(np.abs(x) ** 2) * 1e-10, 1e-30)
        for _ in range(iterations):
            v = np.mean(np.abs(y) ** 2, axis=1)
            R = np.einsum('sctb,sdtb->sbcd', y, y.conj()) / (eps + v.sum(axis=1))[:, :, None, None]
            Cxx = np.einsum('stb,sbcd->tbcd', v, R) + eps * np.eye(C)
            z = np.einsum('tbcd,dtb->ctb', np.linalg.inv(Cxx), x)
            y = np.einsum('stb,sbcd,dtb->sctb', v, R, z)
        np.concatenate([y.real.ravel(), y.imag.ravel()]).astype(np.float32).tofile(sys.argv[7])
        """;

    [Theory]
    [InlineData(2, 3, 1)]
    [InlineData(2, 2, 3)]
    [InlineData(1, 3, 2)]
    public void Em_iterations_match_a_numpy_reimplementation_of_norbert(int channels, int stems, int iterations)
    {
        SkipWithoutNumpy();
        const int frames = 12, bins = 7;
        var random = new Random(channels * 100 + stems * 10 + iterations);
        float[] Fill(int n)
        {
            var a = new float[n];
            for (var i = 0; i < n; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
            return a;
        }
        var nx = channels * frames * bins;
        var ny = stems * nx;
        float[] xRe = Fill(nx), xIm = Fill(nx), yRe = Fill(ny), yIm = Fill(ny);
        var folder = Directory.CreateTempSubdirectory("wiener-peer-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.f32");
            var output = Path.Combine(folder, "out.f32");
            File.WriteAllBytes(input, MemoryMarshal.AsBytes<float>([.. xRe, .. xIm, .. yRe, .. yIm]).ToArray());
            Run(["-c", NumpyEm, $"{stems}", $"{channels}", $"{frames}", $"{bins}", $"{iterations}", input, output]);
            var expected = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
            WienerKernels.Refine(xRe, xIm, yRe, yIm, stems, channels, frames, frames, bins, iterations, ComputeBudget.Default, TestContext.Current.CancellationToken);
            for (var i = 0; i < ny; i++)
            {
                Assert.True(Math.Abs(expected[i] - yRe[i]) < 1e-4 * (1 + Math.Abs(expected[i])), $"re[{i}]: numpy {expected[i]}, kernel {yRe[i]}");
                Assert.True(Math.Abs(expected[ny + i] - yIm[i]) < 1e-4 * (1 + Math.Abs(expected[ny + i])), $"im[{i}]: numpy {expected[ny + i]}, kernel {yIm[i]}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void SkipWithoutNumpy() => PythonRunner.SkipUnless("numpy");

    private static void Run(string[] arguments) => PythonRunner.Run(arguments);
}
