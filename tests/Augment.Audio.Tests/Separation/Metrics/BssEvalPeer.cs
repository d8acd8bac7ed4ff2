using System.Globalization;
using System.Runtime.InteropServices;
using Augment.Testing;


namespace Augment.Audio.Tests.Separation.Metrics;

/// <summary>
/// Runs <c>bss_eval_v4.py</c> (the numpy/scipy re-implementation of museval's formulas beside this file) through
/// <c>/usr/bin/python3</c>; tests skip with the reason when numpy or scipy is missing.
/// </summary>
internal static class BssEvalPeer
{
    public static void SkipWhenAbsent() => PythonRunner.SkipUnless("numpy", "scipy");

    /// <summary>Per source and window: SDR, ISR, SIR, SAR in dB from the numpy version.</summary>
    public static double[,,] Evaluate(IReadOnlyList<AudioBuffer> references, IReadOnlyList<AudioBuffer> estimates, int window, int hop, int taps)
    {
        int s = references.Count, c = references[0].Channels, n = references[0].Frames;
        var path = Path.Combine(Path.GetTempPath(), $"bsseval-{Guid.NewGuid():N}.f32");
        try
        {
            using (var file = File.Create(path))
            {
                foreach (var set in new[] { references, estimates })
                    foreach (var buffer in set)
                        file.Write(MemoryMarshal.AsBytes(buffer.Data));
            }
            var script = Path.Combine(AppContext.BaseDirectory, "Separation", "Metrics", "bss_eval_v4.py");
            Assert.True(File.Exists(script), $"peer script {script} is missing from the test output");
            var output = PythonRunner.Run([script, path, $"{s}", $"{c}", $"{n}", $"{window}", $"{hop}", $"{taps}"]);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var windows = lines.Length / s;
            var result = new double[s, windows, 4];
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                int j = int.Parse(parts[0], CultureInfo.InvariantCulture), t = int.Parse(parts[1], CultureInfo.InvariantCulture);
                for (var m = 0; m < 4; m++) result[j, t, m] = Parse(parts[2 + m]);
            }
            return result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Parse(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };
}
