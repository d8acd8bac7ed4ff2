using System.Runtime.InteropServices;
using Augment.Testing;


namespace Augment.Audio.Tests.Rhythm;

/// <summary>
/// Runs an independent numpy re-implementation of the spectral-flux envelope through
/// <c>/usr/bin/python3</c>; tests skip with the reason when python3 or numpy is missing.
/// </summary>
internal static class RhythmPeer
{
    public static void SkipUnlessNumpy() => PythonRunner.SkipUnless("numpy");

    /// <summary>The envelope numpy computes for the mono signal with the given settings.</summary>
    public static float[] FluxEnvelope(float[] signal, int rate, int fftLength, int hop, int bands, double minHz, double maxHz, double gain)
    {
        var folder = Path.Combine(Path.GetTempPath(), "aug-rhythm-peer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "in.f32");
            var output = Path.Combine(folder, "out.f32");
            var script = Path.Combine(folder, "flux.py");
            File.WriteAllBytes(input, MemoryMarshal.AsBytes(signal.AsSpan()).ToArray());
            File.WriteAllText(script, Script);
            var arguments = new[] { script, input, output, $"{rate}", $"{fftLength}", $"{hop}", $"{bands}", Invariant(minHz), Invariant(maxHz), Invariant(gain) };
            PythonRunner.Run(arguments);
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Invariant(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    // Written from the formulas (Bello et al. 2005; HTK mel scale), not from the C# code: a periodic Hann
    // window, centred zero-padded frames, |rfft| / sum(window), triangular mel bands (a band narrower
    // than a bin takes the bin nearest its centre), log(1 + gain*m), mean half-wave rectified difference.
    private const string Script = """
import sys
import numpy as np

inp, out = sys.argv[1], sys.argv[2]
rate, n, hop, bands = (int(v) for v in sys.argv[3:7])
fmin, fmax, gain = (float(v) for v in sys.argv[7:10])
x = np.fromfile(inp, dtype=np.float32).astype(np.float64)
frames = 1 + len(x) // hop
window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)
padded = np.concatenate([np.zeros(n // 2), x, np.zeros(n)])
index = np.arange(frames)[:, None] * hop + np.arange(n)[None, :]
spectrum = np.abs(np.fft.rfft(padded[index] * window, axis=1)) / window.sum()

mel = lambda f: 2595.0 * np.log10(1.0 + f / 700.0)
hz = lambda m: 700.0 * (10.0 ** (m / 2595.0) - 1.0)
fmax = min(fmax, rate / 2.0)
edges = hz(np.linspace(mel(fmin), mel(fmax), bands + 2))
freqs = np.arange(n // 2 + 1) * rate / n
weights = np.zeros((bands, n // 2 + 1))
for b in range(bands):
    lo, c, hi = edges[b], edges[b + 1], edges[b + 2]
    w = np.where(freqs <= c, (freqs - lo) / (c - lo), (hi - freqs) / (hi - c))
    w = np.clip(w, 0.0, None)
    if not np.any(w > 0):
        w[min(n // 2, int(np.floor(c * n / rate + 0.5)))] = 1.0
    weights[b] = w
logbands = np.log1p(gain * spectrum @ weights.T)
flux = np.zeros(frames)
flux[1:] = np.mean(np.maximum(np.diff(logbands, axis=0), 0.0), axis=1)
flux.astype(np.float32).tofile(out)
""";
}
