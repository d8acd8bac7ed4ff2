using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Augment.Audio;

namespace Augment.Benchmarks;

/// <summary>
/// <c>bss-eval-measure [INPUT.f32 SOURCES CHANNELS FRAMES RATE]</c>: one timed BSS-Eval v4 run for the peer script
/// (<c>benchmarks/peers/bss-eval-vs-numpy.sh</c>), printing the seconds and the median SDR/ISR/SIR/SAR per source.
/// Without arguments it evaluates the generated case of <see cref="BssEvalBenchmarks"/>. The input file holds float32
/// references then estimates, each [source][channel][frame], as the numpy script reads them.
/// </summary>
public static class BssEvalMeasurement
{
    public static int Run(string[] args)
    {
        AudioBuffer[] references, estimates;
        if (args.Length >= 5)
        {
            var s = int.Parse(args[1], CultureInfo.InvariantCulture);
            var c = int.Parse(args[2], CultureInfo.InvariantCulture);
            var n = int.Parse(args[3], CultureInfo.InvariantCulture);
            var rate = int.Parse(args[4], CultureInfo.InvariantCulture);
            var values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(args[0]));
            references = new AudioBuffer[s];
            estimates = new AudioBuffer[s];
            for (var j = 0; j < s; j++)
            {
                references[j] = AudioBuffer.Create(c, n, rate);
                values.Slice(j * c * n, c * n).CopyTo(references[j].Data);
                estimates[j] = AudioBuffer.Create(c, n, rate);
                values.Slice((s + j) * c * n, c * n).CopyTo(estimates[j].Data);
            }
        }
        else
        {
            (references, estimates) = Make(4, 2, 30 * 44100, 44100);
        }
        var names = new string[references.Length];
        for (var j = 0; j < names.Length; j++) names[j] = $"s{j}";
        var clock = Stopwatch.StartNew();
        var stages = Environment.GetEnvironmentVariable("BSSEVAL_STAGES") is not null
            ? new Progress<AugmentProgress>(p => Console.Error.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalSeconds,8:0.000} s  {p}")))
            : null;
        var report = BssEval.Evaluate(names, references, estimates, progress: stages);
        clock.Stop();
        Console.WriteLine(FormattableString.Invariant($"augment bss_eval_v4: {clock.Elapsed.TotalSeconds:0.000} s"));
        foreach (var source in report.Sources)
            Console.WriteLine(FormattableString.Invariant($"median {source.Name} {source.SdrDb:R} {source.IsrDb:R} {source.SirDb:R} {source.SarDb:R}"));
        Console.Write(report.ToTable());
        foreach (var b in references) b.Dispose();
        foreach (var b in estimates) b.Dispose();
        return 0;
    }

    /// <summary>Coloured-noise stems and estimates with 20 % leakage of the next stem plus white noise (deterministic).</summary>
    public static (AudioBuffer[] References, AudioBuffer[] Estimates) Make(int sources, int channels, int frames, int rate)
    {
        var random = new Random(7);
        var references = new AudioBuffer[sources];
        for (var j = 0; j < sources; j++)
        {
            references[j] = AudioBuffer.Create(channels, frames, rate);
            for (var c = 0; c < channels; c++)
            {
                var x = references[j].Channel(c);
                double state = 0;
                var pole = 0.5 + (0.1 * j);
                for (var t = 0; t < frames; t++)
                {
                    state = (pole * state) + ((1 - pole) * ((2 * random.NextDouble()) - 1));
                    x[t] = (float)state;
                }
            }
        }
        var estimates = new AudioBuffer[sources];
        for (var j = 0; j < sources; j++)
        {
            estimates[j] = AudioBuffer.Create(channels, frames, rate);
            var e = estimates[j].Data;
            var own = references[j].Data;
            var next = references[(j + 1) % sources].Data;
            for (var k = 0; k < e.Length; k++) e[k] = own[k] + (0.2f * next[k]) + (0.02f * (float)((2 * random.NextDouble()) - 1));
        }
        return (references, estimates);
    }
}
