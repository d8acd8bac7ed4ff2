using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Audio.Tests.Separation.Metrics;

/// <summary>
/// Runs <c>bss_eval_v4.py</c> (the numpy/scipy re-implementation of museval's formulas beside this file) through
/// <c>/usr/bin/python3</c>; tests skip with the reason when numpy or scipy is missing.
/// </summary>
internal static class BssEvalPeer
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, string?> Missing = new();

    public static void SkipWhenAbsent()
    {
        var reason = Missing.GetOrAdd("numpy,scipy", _ => Probe());
        Assert.SkipWhen(reason is not null, reason ?? "");
    }

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
            var (exit, output, errors) = Execute([script, path, $"{s}", $"{c}", $"{n}", $"{window}", $"{hop}", $"{taps}"]);
            Assert.True(exit == 0, $"bss_eval_v4.py failed ({exit}): {errors}");
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

    private static string? Probe()
    {
        if (!File.Exists(Interpreter))
            return $"{Interpreter} is not installed; the side-by-side check against the numpy BSS-Eval v4 is skipped.";
        var (exit, _, errors) = Execute(["-c", "import numpy, scipy"]);
        return exit == 0 ? null : $"{Interpreter} cannot import numpy/scipy ({errors.Trim().Split('\n')[^1]}); install python3-numpy and python3-scipy to run the side-by-side check.";
    }

    private static (int Exit, string Output, string Errors) Execute(string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", "timed out after 5 minutes");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
